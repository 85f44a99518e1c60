"""``python -m zwxmt.cli``: the same as the ``zwxmt`` command."""

from zwxmt.cli import main

raise SystemExit(main())
