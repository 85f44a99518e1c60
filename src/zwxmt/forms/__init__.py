"""The official forms as offices fill them, in and out (官方表单).

- 账号开设申请表 (表1, ``ZJG-6.1.1-T1``): :mod:`zwxmt.forms.zjg_t1`, one record per sheet;
- 备案登记表 (``HN-A1``): :mod:`zwxmt.forms.hn_a1`, one record per sheet;
- 排查及清理整合情况表 (``HN-A2``): :mod:`zwxmt.forms.hn_a2`, one row per account.

:func:`read_form` reads a filled workbook into flat records (field key -> value, None for a
value not given) and the values refused, each naming the sheet, the cell and what is allowed;
:func:`write_form` writes records into the form as printed (deterministic bytes);
:func:`forms_to_accounts` turns an HN-A2 inventory or HN-A1 records into the accounts input of
``zwxmt cleanup`` and ``zwxmt assess``. Writing and reading XLSX need the ``xlsx`` extra
(xlsxwriter, python-calamine); importing this package does not.
"""

from __future__ import annotations

from zwxmt.forms.accounts import (
    ACCOUNT_COLUMNS,
    AccountsForm,
    forms_to_accounts,
    is_form_file,
    read_form_accounts,
)
from zwxmt.forms.book import (
    FORM_CODES,
    FormRead,
    detect_form,
    form_fields,
    mask_records,
    read_form,
    workbook_bytes,
    write_form,
    write_template,
)
from zwxmt.forms.sheet import CellReject

__all__ = [
    "ACCOUNT_COLUMNS",
    "FORM_CODES",
    "AccountsForm",
    "CellReject",
    "FormRead",
    "detect_form",
    "form_fields",
    "forms_to_accounts",
    "is_form_file",
    "mask_records",
    "read_form",
    "read_form_accounts",
    "workbook_bytes",
    "write_form",
    "write_template",
]
