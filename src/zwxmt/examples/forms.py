"""Demo section: the example county's 排查及清理整合情况表 (``HN-A2``) as printed, read back as
its accounts input (``zwxmt forms``, docs/forms.md)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from zwxmt.cleanup.inventory import write_inventory
from zwxmt.errors import InputError
from zwxmt.examples import example_regions
from zwxmt.examples.job import example_run

__all__ = ["demo_section"]


def demo_section() -> str:
    head = "== 官方表单 / the forms (ZJG-6.1.1-T1, HN-A1, HN-A2)"
    try:
        import python_calamine  # noqa: F401
        import xlsxwriter  # noqa: F401
    except ImportError:
        return f"{head}\n(the forms need the optional extra: pip install 'zwxmt[xlsx]')"
    from zwxmt.cleanup.inputs import read_accounts
    from zwxmt.forms import read_form

    run = example_run()
    with tempfile.TemporaryDirectory(prefix="zwxmt-demo-") as tmp:
        path = Path(tmp) / "inventory.xlsx"
        try:
            write_inventory(run, path, regions=example_regions())
            first = path.read_bytes()
            write_inventory(run, path, regions=example_regions())
            same = first == path.read_bytes()
            form = read_form(path)
            got = read_accounts(path, example_regions())
        except InputError as exc:  # pragma: no cover - the example is valid
            return f"{head}\n{exc}"
    ids = {str(a) for a in run.history.accounts.account_id}
    back = {str(a) for a in got.accounts.column("account_id").to_pylist()}
    counts = got.read.counts
    groups = form.skipped.get("group", 0)
    return "\n".join([
        head,
        f"排查及清理整合情况表 (HN-A2) of the example county: {len(form.records)} rows under "
        f"{groups} platform groups (HN-A2(1)), {len(first):,} bytes, "
        f"{'byte-identical' if same else 'DIFFERENT'} on a second run",
        f"read back as the accounts input: {counts.read} records = {counts.used} accounts + "
        f"{counts.rejected} rejected; the same account keys as the run: {back == ids}",
        "templates: zwxmt forms template zjg-t1|hn-a1|hn-a2 -o blank.xlsx",
    ])
