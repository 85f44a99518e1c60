"""Reading the inputs of a review audit on the table layer (审核输入读取), every bad row rejected by
name (house rule 4).

Each input is declared in :mod:`zwxmt.review.schemas` and validated on whole columns by
:meth:`zwxmt.table.InputSchema.validate`: any file the table layer reads (CSV in UTF-8 or
GB18030, JSON lines, Parquet, XLSX) or any in-memory table (pyarrow, pandas, polars, anything
with ``__arrow_c_stream__``, a mapping of columns), validated exactly alike. Only failing rows
are rendered, into one :class:`~zwxmt.table.Failures` table.

The review logs (posts and reviews) are read from files in record batches
(:func:`zwxmt.table.iter_raw_batches`): each batch is validated and only its typed Arrow
columns are kept (a key repeated across batches is rejected like one within a batch). The
三审 audit joins every review to its post, so the typed columns of all batches are
concatenated before the audit (memory grows with the typed columns, not with Python objects).

Roles of :func:`load_inputs` (stable; the main job uses them): ``posts`` (required),
``reviews``, ``messages``, ``lexicon``, ``accounts`` and ``inspection``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt.errors import HeaderError, InputError, UnreadableInputError
from zwxmt.io import Reject
from zwxmt.models import Account, Operator
from zwxmt.review.elements import Element, ReviewerRole
from zwxmt.review.entrusted import Inspection
from zwxmt.review.interaction import InteractionSettings
from zwxmt.review.lexicon import Lexicon
from zwxmt.review.logs import ROLE_CODES, MessageLog, PostLog, ReviewLog
from zwxmt.review.parameters import ReviewParameters, review_parameters
from zwxmt.review.schemas import (
    ELEMENT_COLUMNS,
    INSPECTION,
    LEXICON,
    MESSAGES,
    OPERATOR_FACT_COLUMNS,
    REVIEW_ACCOUNTS,
    REVIEW_POSTS,
    REVIEWS,
)
from zwxmt.table import (
    Counts,
    Failures,
    InputSchema,
    RawTable,
    Validated,
    file_format,
    iter_raw_batches,
    read_raw,
)
from zwxmt.vocabulary import OperationMode, OperatorKind, lookup, normalise

__all__ = [
    "BATCH_ROWS",
    "FOLDER_FILES",
    "REQUIRED_ROLES",
    "ROLES",
    "AccountSet",
    "InspectionSet",
    "Loaded",
    "ReviewInputs",
    "find_inputs",
    "load_inputs",
    "read_accounts",
    "read_inspections",
    "read_lexicon",
    "read_messages",
    "read_posts",
    "read_reviews",
    "validate_input",
]

#: The roles of :func:`load_inputs`, in reading order; only the publication log is required.
ROLES: tuple[str, ...] = ("posts", "reviews", "messages", "lexicon", "accounts", "inspection")
REQUIRED_ROLES: frozenset[str] = frozenset({"posts"})
#: Rows per record batch of a streamed review log.
BATCH_ROWS = 1 << 20

Source = Any


@dataclass(frozen=True)
class ReviewInputs:
    """Everything a review audit can read; only the posts are required.

    ``accounts`` (models) and ``operators`` (account id -> its entrusted operator, as the
    register reader gives them) both feed the entrusted-operation checks.
    """

    posts: PostLog
    reviews: ReviewLog | None = None
    messages: MessageLog | None = None
    lexicon: Lexicon | None = None
    accounts: tuple[Account, ...] = ()
    inspections: tuple[Inspection, ...] = ()
    settings: InteractionSettings | None = None
    #: account id -> the operator facts its register records (absent: all of them)
    operator_facts: dict[str, frozenset[str]] | None = None
    operators: Mapping[str, Operator] | None = None


@dataclass(frozen=True)
class Loaded:
    """One input as read: its role, name, typed value, counts, failure cases and notices.

    ``row_numbers`` are the spreadsheet rows (header = 1) of the rows used.
    """

    role: str
    name: str
    value: Any
    counts: Counts
    failures: Failures
    row_numbers: npt.NDArray[np.int64]
    notices: tuple[str, ...] = ()

    @property
    def rows(self) -> int:
        """Rows read."""
        return self.counts.read

    @property
    def processed(self) -> int:
        """Rows used."""
        return self.counts.used

    @property
    def kept(self) -> npt.NDArray[np.int64]:
        """The spreadsheet rows of the rows used (as ``row_numbers``)."""
        return self.row_numbers

    @property
    def rejects(self) -> list[Reject]:
        """The failure cases as :class:`zwxmt.io.Reject` (``field`` = ``name:column``), for
        callers of the former readers; rendered from :attr:`failures` (failing rows only)."""
        return [Reject(int(r["row"]), f"{self.name}:{r['column']}", str(r["message"]),
                       "" if r["value"] is None else str(r["value"]))
                for r in self.failures.table.to_pylist()]

    def summary_line(self) -> str:
        c = self.counts
        return f"{self.name}: rows read = {c.read} = used {c.used} + rejected {c.rejected}"


# --- validation helpers ---------------------------------------------------------------------


def _is_path(source: Source) -> bool:
    return isinstance(source, str | os.PathLike)


def _mask(values: pa.ChunkedArray | pa.Array) -> npt.NDArray[np.bool_]:
    """A boolean Arrow column (nulls already filled) as a numpy mask."""
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.bool_)


def _text(col: pa.ChunkedArray | pa.Array) -> pa.Array:
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    return arr if pa.types.is_string(arr.type) else pc.cast(arr, pa.string())


def _cross_batch_duplicates(v: Validated) -> Validated:
    """Reject a key repeated across batches (each batch checked its own); the first row wins."""
    if not v.schema.key or len(v) == 0:
        return v
    key = v.schema.key[0]
    ids = _text(v.table.column(key))
    codes = np.asarray(pc.dictionary_encode(ids).indices.to_numpy(zero_copy_only=False),
                       dtype=np.int64)
    _, first_pos, inverse = np.unique(codes, return_index=True, return_inverse=True)
    first = first_pos[inverse.reshape(-1)]
    dup = first != np.arange(len(codes))
    if not dup.any():
        return v
    idx = np.flatnonzero(dup)
    col = v.schema[key]
    found = Failures.from_mask(file=v.source, rows=v.row_numbers, column=key, values=ids,
                               mask=dup, check="duplicate_key", message="")
    messages = pc.binary_join_element_wise(
        f"the key {col.label} repeats row ",
        pc.cast(pa.array(v.row_numbers[first[idx]]), pa.string()), " (the first row is kept)",
        "")
    found = Failures(found.table.set_column(5, "message", messages))
    keep = ~dup
    n = int(dup.sum())
    return dataclasses.replace(
        v, table=v.table.filter(pa.array(keep)), row_numbers=v.row_numbers[keep],
        failures=Failures.concat([v.failures, found]),
        counts=Counts(read=v.counts.read, used=v.counts.used - n,
                      rejected=v.counts.rejected + n))


Prepare = Callable[[RawTable], RawTable]


def validate_input(schema: InputSchema, source: Source, *, as_of: dt.date | None = None,
                   encoding: str | None = None, sheet: str | int | None = None,
                   name: str | None = None,
                   prepare: Prepare | None = None, stream: bool = False,
                   batch_rows: int = BATCH_ROWS) -> Validated:
    """Validate one input: a file (streamed in record batches when ``stream``) or any table.

    ``prepare`` adjusts each raw batch before validation (e.g. a rulebook's extra aliases).
    An input with a header and no rows is valid here (its counts say 0 rows read).
    """
    try:
        return _validate(schema, source, as_of=as_of, encoding=encoding, sheet=sheet,
                         name=name, prepare=prepare, stream=stream, batch_rows=batch_rows)
    except UnicodeError as exc:  # a batch decoded past the sniffed prefix: name the file
        label = Path(source).name if _is_path(source) else (name or schema.name)
        raise UnreadableInputError(
            f"{label}: not text in the encoding {getattr(exc, 'encoding', '?')} "
            f"({getattr(exc, 'reason', exc)}); give --encoding") from None


def _validate(schema: InputSchema, source: Source, *, as_of: dt.date | None,
              encoding: str | None, sheet: str | int | None, name: str | None,
              prepare: Prepare | None, stream: bool, batch_rows: int) -> Validated:
    bound = as_of if as_of is not None else dt.date.today()
    if stream and _is_path(source) and file_format(source) != "xlsx":
        parts: list[Validated] = []
        for raw in iter_raw_batches(source, batch_rows=batch_rows, encoding=encoding):
            if prepare is not None:
                raw = prepare(raw)
            parts.append(schema.validate(raw, as_of=bound, allow_empty=True))
        first = parts[0]
        if len(parts) == 1:
            return first
        merged = dataclasses.replace(
            first, table=pa.concat_tables([p.table for p in parts]),
            row_numbers=np.concatenate([p.row_numbers for p in parts]),
            failures=Failures.concat([p.failures for p in parts]),
            counts=Counts(read=sum(p.counts.read for p in parts),
                          used=sum(p.counts.used for p in parts),
                          rejected=sum(p.counts.rejected for p in parts)))
        return _cross_batch_duplicates(merged)
    raw = read_raw(source, encoding=encoding, sheet=sheet, allow_empty=True,
                   name=None if _is_path(source) else name)
    if prepare is not None:
        raw = prepare(raw)
    return schema.validate(raw, as_of=bound, allow_empty=True)


def _loaded(role: str, v: Validated, value: Any) -> Loaded:
    # The typed Arrow table is not kept: the value holds what the review reads.
    return Loaded(role=role, name=v.source, value=value, counts=v.counts, failures=v.failures,
                  row_numbers=v.row_numbers, notices=v.notices)


# --- Arrow columns to the review logs ---------------------------------------------------------


def _objects(col: pa.ChunkedArray, fill: str = "") -> npt.NDArray[Any]:
    out: npt.NDArray[Any] = np.asarray(pc.fill_null(col, fill).to_numpy(zero_copy_only=False),
                                       dtype=object)
    return out


def _flags(col: pa.ChunkedArray, fill: bool) -> npt.NDArray[np.bool_]:
    return np.asarray(pc.fill_null(col, fill).to_numpy(zero_copy_only=False), dtype=np.bool_)


_NAT = np.iinfo(np.int64).min


def _times(col: pa.ChunkedArray) -> npt.NDArray[np.datetime64]:
    """``timestamp[s]`` (Beijing wall clock) as ``datetime64[s]``; null is NaT."""
    secs = pc.fill_null(pc.cast(col, pa.int64()), _NAT).to_numpy(zero_copy_only=False)
    return np.asarray(secs, dtype=np.int64).view("datetime64[s]")


def _post_log(t: pa.Table) -> PostLog:
    return PostLog(post_id=_objects(t.column("post_id")),
                   account_id=_objects(t.column("account_id")),
                   published_at=_times(t.column("published_at")),
                   is_repost=_flags(t.column("is_repost"), False),
                   source=_objects(t.column("source")),
                   source_url=_objects(t.column("source_url")),
                   text=_objects(t.column("text")), links=_objects(t.column("links")))


def read_posts(source: Source, *, as_of: dt.date | None = None, encoding: str | None = None,
               sheet: str | int | None = None, batch_rows: int = BATCH_ROWS) -> Loaded:
    """The publication log (发布记录), streamed from a file in record batches."""
    v = validate_input(REVIEW_POSTS, source, as_of=as_of, encoding=encoding, sheet=sheet,
                       name="review_posts", stream=True, batch_rows=batch_rows)
    return _loaded("posts", v, _post_log(v.table))


def _role_aliases(params: ReviewParameters) -> Prepare:
    """Map the rulebook's extra role names (``role_aliases``) to role codes in the raw column,
    over its distinct values only; the vocabulary then reads them."""
    known = lookup(ReviewerRole)
    extra = {normalise(alias): role for role, aliases in params.role_aliases.items()
             for alias in aliases.value if normalise(alias) not in known}

    def prepare(raw: RawTable) -> RawTable:
        if not extra:
            return raw
        found, _ = REVIEWS.match(raw.column_names, file=raw.source)
        name = next((k for k, v in found.items() if v == "role"), None)
        if name is None:
            return raw
        col = _text(raw.table.column(name))
        enc = pc.dictionary_encode(col)
        words = [None if w is None else extra.get(normalise(w), w)
                 for w in enc.dictionary.to_pylist()]
        mapped = pc.take(pa.array(words, pa.string()), enc.indices)
        i = raw.column_names.index(name)
        return RawTable(raw.table.set_column(i, name, mapped), raw.row_numbers, raw.source,
                        raw.notices)

    return prepare


def _element_columns_present(prepare: Prepare) -> Prepare:
    """Every element column must be in the header: a blank cell means "not confirmed", a
    missing column would silently fail every review."""

    def check(raw: RawTable) -> RawTable:
        found, _ = REVIEWS.match(raw.column_names, file=raw.source)
        missing = [c for c in ELEMENT_COLUMNS if c not in found.values()]
        if missing:
            cols = "; ".join(REVIEWS[c].label for c in missing)
            raise HeaderError(f"the reviews input lacks element column(s): {cols}",
                              check="missing_column", file=raw.source, field=missing[0])
        return prepare(raw)

    return check


_ROLE_ORDER = pa.array([r.value for r in ROLE_CODES], pa.string())


def _review_log(t: pa.Table) -> ReviewLog:
    confirmed = np.zeros(t.num_rows, dtype=np.uint8)
    for e in Element:
        confirmed |= _flags(t.column(e.value), False).astype(np.uint8) << e.position
    level = pc.cast(pc.fill_null(t.column("level"), "1"), pa.int8())
    role = pc.index_in(t.column("role"), value_set=_ROLE_ORDER)
    return ReviewLog(post_id=_objects(t.column("post_id")),
                     level=np.asarray(level.to_numpy(zero_copy_only=False), dtype=np.int8),
                     reviewer=_objects(t.column("reviewer")),
                     role=np.asarray(pc.fill_null(role, 0).to_numpy(zero_copy_only=False),
                                     dtype=np.int8),
                     reviewed_at=_times(t.column("reviewed_at")), confirmed=confirmed)


def read_reviews(source: Source, params: ReviewParameters | None = None, *,
                 as_of: dt.date | None = None, encoding: str | None = None,
                 sheet: str | int | None = None, batch_rows: int = BATCH_ROWS) -> Loaded:
    """Review records (审核记录), streamed from a file in record batches."""
    p = params if params is not None else review_parameters()
    v = validate_input(REVIEWS, source, as_of=as_of, encoding=encoding, sheet=sheet,
                       name="reviews",
                       prepare=_element_columns_present(_role_aliases(p)), stream=True,
                       batch_rows=batch_rows)
    return _loaded("reviews", v, _review_log(v.table))


def read_messages(source: Source, *, as_of: dt.date | None = None,
                  encoding: str | None = None, sheet: str | int | None = None) -> Loaded:
    """The message log (留言记录); a reply stamped before its message is rejected.

    A message received after ``as_of`` is rejected (``date_out_of_range``); a reply after it is
    kept as given (no later than today), so the message is never lost from its month.
    """
    today = dt.date.today()
    v = validate_input(MESSAGES, source, as_of=max(as_of, today) if as_of else None,
                       encoding=encoding, sheet=sheet, name="messages")
    if as_of is not None and as_of < today:
        t = v.table
        end = pa.scalar(dt.datetime.combine(as_of, dt.time(23, 59, 59)), pa.timestamp("s"))
        late = pc.fill_null(pc.greater(t.column("received_at"), end), False)
        v = v.reject(_mask(late), column="received_at", check="date_out_of_range",
                     message=f"收到时间 (received_at) is after the audit date {as_of}; "
                             f"expected {MESSAGES['received_at'].expected(as_of)}")
    t = v.table
    before = pc.fill_null(pc.less(t.column("replied_at"), t.column("received_at")), False)
    v = v.reject(_mask(before), column="replied_at", check="reply_before_message",
                 message="回复时间 (replied_at) is before 收到时间 (received_at); expected a "
                         "reply after the message")
    t = v.table
    log = MessageLog(message_id=_objects(t.column("message_id")),
                     account_id=_objects(t.column("account_id")),
                     channel=_objects(t.column("channel"), "message"),
                     received_at=_times(t.column("received_at")),
                     replied_at=_times(t.column("replied_at")))
    return _loaded("messages", v, log)


def read_lexicon(source: Source, *, encoding: str | None = None,
                 sheet: str | int | None = None) -> Loaded:
    """The lexicon (词库); a term holding a control character is rejected."""
    v = validate_input(LEXICON, source, encoding=encoding, sheet=sheet, name="lexicon")
    terms = _text(v.table.column("term"))
    control = pc.fill_null(pc.match_substring_regex(terms, r"[\x00-\x1f]"), False)
    v = v.reject(_mask(control), column="term", check="control_character",
                 message="词条 (term) holds a control character; expected printable text")
    t = v.table
    lex = Lexicon(tuple(t.column("term").to_pylist()), tuple(t.column("tag").to_pylist()))
    return _loaded("lexicon", v, lex)


@dataclass(frozen=True)
class AccountSet:
    """The operator of each account of a register, and which operator facts each recorded."""

    operators: dict[str, Operator]
    facts: dict[str, frozenset[str]]


def read_accounts(source: Source, *, encoding: str | None = None,
                  sheet: str | int | None = None) -> Loaded:
    """The operators of an accounts register (账号清单); 购买服务 without an operator is
    rejected."""
    v = validate_input(REVIEW_ACCOUNTS, source, encoding=encoding, sheet=sheet,
                       name="review_accounts")
    t = v.table
    purchased = pc.fill_null(pc.equal(t.column("operation_mode"),
                                      OperationMode.PURCHASED_SERVICE.value), False)
    no_operator = pc.and_(purchased, pc.is_null(t.column("operator_name")))
    v = v.reject(_mask(no_operator), column="operator_name", check="missing_value",
                 message="运营单位 (operator_name) is blank but 运营模式 (operation_mode) is "
                         "购买服务; expected the entrusted operator")
    t = v.table.filter(pc.is_valid(v.table.column("operator_name")))
    ids = t.column("account_id").to_pylist()
    names = t.column("operator_name").to_pylist()
    kinds = pc.fill_null(t.column("operator_kind"), OperatorKind.OTHER.value).to_pylist()
    facts = {col: t.column(col).to_pylist() for col, _ in OPERATOR_FACT_COLUMNS}
    operators: dict[str, Operator] = {}
    recorded: dict[str, frozenset[str]] = {}
    for i, account_id in enumerate(ids):  # accounts with an operator: a register, not a log
        values = {key: facts[col][i] for col, key in OPERATOR_FACT_COLUMNS}
        # The columns were validated above; the model is built without validating again. A
        # fact not recorded takes the model's default and is not judged (``recorded``).
        operators[account_id] = Operator.model_construct(
            name=names[i], kind=OperatorKind(kinds[i]), contact=None,
            news_qualification=bool(values["news_qualification"]),
            subcontracts=bool(values["subcontracts"]),
            rights_agreed=bool(values["rights_agreed"]),
            confidentiality_agreement=bool(values["confidentiality_agreement"]))
        recorded[account_id] = frozenset(k for k, x in values.items() if x is not None)
    return _loaded("accounts", v, AccountSet(operators, recorded))


@dataclass(frozen=True)
class InspectionSet:
    """Inspections per account and the comment/message settings they recorded."""

    inspections: tuple[Inspection, ...]
    settings: InteractionSettings


def read_inspections(source: Source, *, encoding: str | None = None,
                     sheet: str | int | None = None) -> Loaded:
    """Inspection records (检查记录); a blank cell was not inspected."""
    v = validate_input(INSPECTION, source, encoding=encoding, sheet=sheet, name="inspection")
    t = v.table
    names = ("account_id", "operator_news_qualification", "operator_subcontracts",
             "operator_rights_agreed", "operator_confidentiality", "password_custody",
             "handover", "duty_rota", "bought_fans", "forced_likes")
    cols = [t.column(n).to_pylist() for n in names]
    found = tuple(Inspection(*row) for row in zip(*cols, strict=True))
    # Not inspected (blank) counts as open: only a recorded 否 is a closed channel.
    settings = InteractionSettings(_objects(t.column("account_id")),
                                   _flags(t.column("comments_open"), True),
                                   _flags(t.column("messages_open"), True))
    return _loaded("inspection", v, InspectionSet(found, settings))


#: File names looked up in an input folder, by role (first found wins).
_SUFFIXES = (".csv", ".xlsx", ".parquet", ".jsonl")
FOLDER_FILES: dict[str, tuple[str, ...]] = {
    "posts": tuple(f"{stem}{s}" for stem in ("review_posts", "posts") for s in _SUFFIXES),
    "reviews": tuple(f"reviews{s}" for s in _SUFFIXES),
    "messages": tuple(f"messages{s}" for s in _SUFFIXES),
    "lexicon": tuple(f"lexicon{s}" for s in _SUFFIXES),
    "accounts": tuple(f"accounts{s}" for s in _SUFFIXES),
    "inspection": tuple(f"inspection{s}" for s in _SUFFIXES),
}


def find_inputs(source: str | Path, **given: str | Path | None) -> dict[str, Path]:
    """The files of an audit: ``source`` is a folder (files found by name) or the posts file.

    Keyword arguments (``reviews=``, ``messages=``, …) name files explicitly and win.
    """
    src = Path(source)
    found: dict[str, Path] = {}
    if src.is_dir():
        for role, names in FOLDER_FILES.items():
            for name in names:
                if (src / name).is_file():
                    found[role] = src / name
                    break
    elif src.is_file():
        found["posts"] = src
    else:
        raise InputError(f"no such file or folder: {src}")
    for role, path in given.items():
        if path is not None:
            if role not in FOLDER_FILES:
                raise InputError(f"unknown review input {role!r}; expected one of "
                                 f"{', '.join(ROLES)}")
            found[role] = Path(path)
    if "posts" not in found:
        raise InputError(
            f"{src}: no publication log ({', '.join(FOLDER_FILES['posts'])})")
    return found


def load_inputs(files: Mapping[str, Source], params: ReviewParameters | None = None, *,
                as_of: dt.date | None = None, encoding: str | None = None,
                sheet: str | int | None = None,
                batch_rows: int = BATCH_ROWS) -> tuple[ReviewInputs, list[Loaded]]:
    """Read and validate every input of ``files`` (role -> a path or any tabular object).

    Returns the typed inputs and what each role loaded (counts, failures, notices), in the
    order of :data:`ROLES`. Times are bounded by ``as_of`` (default: today). Raises the
    :class:`~zwxmt.errors.InputError` family only for what refuses a whole input (unreadable
    file, duplicate or missing column); bad rows go to each :attr:`Loaded.failures`.
    """
    unknown = sorted(set(files) - set(ROLES))
    if unknown:
        raise InputError(f"unknown review input(s) {unknown}; expected {', '.join(ROLES)}")
    if files.get("posts") is None:
        raise InputError("the review needs its publication log (posts)")
    p = params if params is not None else review_parameters()
    enc, sh = encoding, sheet
    readers: dict[str, Callable[[Source], Loaded]] = {
        "posts": lambda s: read_posts(s, as_of=as_of, encoding=enc, sheet=sh,
                                      batch_rows=batch_rows),
        "reviews": lambda s: read_reviews(s, p, as_of=as_of, encoding=enc, sheet=sh,
                                          batch_rows=batch_rows),
        "messages": lambda s: read_messages(s, as_of=as_of, encoding=enc, sheet=sh),
        "lexicon": lambda s: read_lexicon(s, encoding=enc, sheet=sh),
        "accounts": lambda s: read_accounts(s, encoding=enc, sheet=sh),
        "inspection": lambda s: read_inspections(s, encoding=enc, sheet=sh),
    }
    loaded = [readers[role](files[role]) for role in ROLES if files.get(role) is not None]
    got = {item.role: item.value for item in loaded}
    accounts = got.get("accounts")
    inspections = got.get("inspection")
    inputs = ReviewInputs(
        posts=got["posts"], reviews=got.get("reviews"), messages=got.get("messages"),
        lexicon=got.get("lexicon"),
        inspections=inspections.inspections if inspections is not None else (),
        settings=inspections.settings if inspections is not None else None,
        operator_facts=accounts.facts if accounts is not None else None,
        operators=accounts.operators if accounts is not None else None)
    return inputs, loaded

