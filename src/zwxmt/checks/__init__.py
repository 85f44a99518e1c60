"""Spot checks (抽查检查): pass/fail items per account and the verdict (合格/不合格).

- :mod:`~zwxmt.checks.items`: the items, each declared once with its clause
  (国办秘函〔2019〕19号 单项否决 ``NAT-V1``..``NAT-V3``; Hengnan's ``HN-4.1-filing``,
  ``HN-A1(2)``; Liaoning's ``LN-3.1-one-account``, ``LN-3.1-filing``, ``LN-3.1-host-change``,
  ``LN-3.2-opinion-ads``, ``LN-3.4-fans``; Guizhou's ``GZ-2.2-kb``).
- :mod:`~zwxmt.checks.parameters`: the rulebook section ``[checks]``.
- :mod:`~zwxmt.checks.run`: a run over the inputs of ``zwxmt cleanup`` and its verdicts.
"""

from zwxmt.checks.parameters import ChecksParams
from zwxmt.checks.run import FAIL, PASS, PENDING, CheckRun, run_check

__all__ = ["FAIL", "PASS", "PENDING", "CheckRun", "ChecksParams", "run_check"]
