"""Lexicon matching (词库匹配): every occurrence of every term of a user lexicon in every post.

The content checks run on post text with a multi-pattern matcher over user-supplied lexicons:
known wrong political or official expressions tagged 严重 (serious) or 一般 (general), whose
counts per account-period are the 严重表述错误 / 一般表述错误 inputs of the health index
(``ZJG-9.2-T2-health``), and advertising and personal-opinion phrases (``ZJG-7.1-opinion-ads``).

Semantics (equal to a plain substring oracle, ``tests/test_review_lexicon.py``): matching is
exact (no case or width folding); every start position at which a term occurs counts, so
overlapping occurrences count (``"aa"`` occurs twice in ``"aaa"``) and a term inside a longer
term counts too. The rulebook parameter ``lexicon_count`` chooses between counting every
occurrence (``occurrences``) and each term at most once per post (``posts``).

Two engines give the same answer (``engine="auto"`` picks with :func:`choose_engine`):

- ``aho-corasick``: pyahocorasick (the optional extra ``fast``), one pass over all posts;
- ``numpy``: no extra needed. Per distinct term length, a rolling polynomial hash of every
  window of the text (uint32 arithmetic), a bitmap filter, a binary search among the term
  hashes and an exact comparison of the code points of every candidate. Slower, still linear.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from zwxmt.errors import InputError
from zwxmt.review.elements import LexiconTag
from zwxmt.vocabulary import lookup, normalise

__all__ = [
    "ENGINES",
    "NUMPY_MAX_TERM",
    "TAGS",
    "Lexicon",
    "Matches",
    "available_engine",
    "choose_engine",
    "match_lexicon",
]

Engine = Literal["auto", "aho-corasick", "numpy"]
ENGINES: tuple[str, ...] = ("aho-corasick", "numpy")
#: Tags a lexicon term may carry: the two 表述错误 grades, advertising, personal opinion.
TAGS: tuple[str, ...] = tuple(t.value for t in LexiconTag)
_SEP = "\x00"
_CHUNK = 1 << 22  # code points per chunk of the numpy engine (bounds its memory)
_BASE = np.uint32(2_654_435_761)  # an odd multiplier (Knuth); arithmetic modulo 2**32


@dataclass(frozen=True)
class Lexicon:
    """Terms and their tags (one of :data:`TAGS`); terms are unique and non-empty."""

    terms: tuple[str, ...]
    tags: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.terms) != len(self.tags):
            raise InputError("a lexicon needs one tag per term")
        seen: set[str] = set()
        for i, (term, tag) in enumerate(zip(self.terms, self.tags, strict=True), start=1):
            problem = term_problem(term)
            if problem:
                raise InputError(problem, row=i, field="term")
            if term in seen:
                raise InputError(f"term {term!r} is listed twice", row=i, field="term")
            if tag not in TAGS:
                raise InputError(f"tag {tag!r}: expected one of {', '.join(TAGS)}",
                                 row=i, field="tag")
            seen.add(term)

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> Lexicon:
        items = list(pairs)
        return cls(tuple(t for t, _ in items), tuple(normalise_tag(g) for _, g in items))

    def merged(self, extra: Iterable[tuple[str, str]]) -> Lexicon:
        """This lexicon plus ``extra`` terms that it does not already hold."""
        have = set(self.terms)
        add = [(t, g) for t, g in extra if t not in have]
        return Lexicon(self.terms + tuple(t for t, _ in add),
                       self.tags + tuple(normalise_tag(g) for _, g in add))

    def __len__(self) -> int:
        return len(self.terms)

    def tag_codes(self) -> npt.NDArray[np.int8]:
        return np.array([TAGS.index(t) for t in self.tags], dtype=np.int8)


def normalise_tag(tag: str) -> str:
    """The code of a tag written as its code or a Chinese alias (the one vocabulary,
    :class:`~zwxmt.review.elements.LexiconTag`); an unknown tag is returned folded."""
    return lookup(LexiconTag).get(normalise(tag), tag.strip().lower())


def term_problem(term: str) -> str | None:
    """Why ``term`` cannot be a lexicon term, or None."""
    if not term:
        return "empty term"
    if any(ord(ch) < 32 for ch in term):
        return f"term {term!r} holds a control character"
    return None


@dataclass(frozen=True)
class Matches:
    """Sparse match counts: one row per (document, term) that matched, with its count."""

    doc: npt.NDArray[np.int64]
    term: npt.NDArray[np.int64]
    count: npt.NDArray[np.int64]
    engine: str

    def __len__(self) -> int:
        return len(self.doc)

    def dense(self, n_docs: int, n_terms: int) -> npt.NDArray[np.int64]:
        """A (documents × terms) count matrix (for small inputs and tests)."""
        out = np.zeros((n_docs, n_terms), dtype=np.int64)
        out[self.doc, self.term] = self.count
        return out


def available_engine() -> str:
    """``aho-corasick`` if pyahocorasick is installed, else ``numpy``."""
    try:
        import ahocorasick  # noqa: F401
    except ImportError:
        return "numpy"
    return "aho-corasick"


#: Up to this term length the numpy engine is the faster one (measured in
#: benchmarks/bench_review.py: one pass over the text per character of the longest term,
#: against Aho-Corasick's per-byte automaton steps); beyond it ``auto`` prefers Aho-Corasick.
NUMPY_MAX_TERM = 8


def choose_engine(terms: Sequence[str], engine: str = "auto") -> str:
    """The engine ``auto`` picks for ``terms``: numpy for short terms or without the extra."""
    if engine != "auto":
        return engine
    longest = max((len(t) for t in terms), default=0)
    if longest <= NUMPY_MAX_TERM:
        return "numpy"
    return available_engine()


def _aggregate(doc: npt.NDArray[np.int64], term: npt.NDArray[np.int64], n_terms: int,
               engine: str) -> Matches:
    if len(doc) == 0:
        empty = np.empty(0, dtype=np.int64)
        return Matches(empty, empty.copy(), empty.copy(), engine)
    key = doc * n_terms + term
    uniq, counts = np.unique(key, return_counts=True)
    return Matches(uniq // n_terms, uniq % n_terms, counts.astype(np.int64), engine)


def _starts(texts: Sequence[str]) -> npt.NDArray[np.int64]:
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    starts = np.zeros(len(texts), dtype=np.int64)
    if len(texts) > 1:
        starts[1:] = np.cumsum(lengths[:-1] + 1)
    return starts


def _automaton(terms: Sequence[str]) -> tuple[Any, npt.NDArray[np.int64]]:
    """An Aho-Corasick automaton over the UTF-8 bytes of ``terms``, and their byte lengths.

    The automaton runs over UTF-8 bytes (carried as latin-1 text): a node then has at most 256
    children instead of thousands of CJK characters, several times faster. UTF-8 is
    self-synchronising, so a term's bytes occur exactly where the term occurs.
    """
    import ahocorasick

    automaton = ahocorasick.Automaton()
    term_bytes = [w.encode("utf-8") for w in terms]
    for i, word in enumerate(term_bytes):
        automaton.add_word(word.decode("latin-1"), i)
    automaton.make_automaton()
    lengths = np.fromiter((len(w) for w in term_bytes), dtype=np.int64, count=len(terms))
    return automaton, lengths


def _match_aho_chunk(texts: Sequence[str], automaton: Any, lengths: npt.NDArray[np.int64]
                     ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(document within the chunk, term) of every occurrence."""
    raw = _SEP.join(texts).encode("utf-8")
    flat = np.fromiter(itertools.chain.from_iterable(automaton.iter(raw.decode("latin-1"))),
                       dtype=np.int64)
    pairs = flat.reshape(-1, 2)
    ends, term = pairs[:, 0], pairs[:, 1]
    begin = ends - lengths[term] + 1
    seps = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == 0)
    if len(seps) == len(texts) - 1:
        starts = np.concatenate([[0], seps + 1]).astype(np.int64)
    else:  # a text holds NUL itself: count bytes per text instead
        sizes = np.fromiter((len(t.encode("utf-8")) for t in texts), dtype=np.int64,
                            count=len(texts))
        starts = np.zeros(len(texts), dtype=np.int64)
        starts[1:] = np.cumsum(sizes[:-1] + 1)
    doc = np.searchsorted(starts, begin, side="right") - 1
    return doc.astype(np.int64), term


def _codes(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _hash(codes: npt.NDArray[np.uint32]) -> np.uint32:
    h = np.uint32(0)
    with np.errstate(over="ignore"):
        for c in codes:
            h = h * _BASE + np.uint32(c)
    return h


@dataclass(frozen=True)
class _LengthGroup:
    """The terms of one length: their hashes (sorted), ids and code points, and a filter."""

    length: int
    hashes: npt.NDArray[np.uint32]
    ids: npt.NDArray[np.int64]
    codes: npt.NDArray[np.uint32]
    bitmap: npt.NDArray[np.bool_]
    multiplicity: int


_BITS = 20  # a 1 MB filter: fits the cache, few false candidates for 10,000 terms


def _groups(terms: Sequence[str]) -> list[_LengthGroup]:
    by_len: dict[int, list[int]] = {}
    for i, term in enumerate(terms):
        by_len.setdefault(len(term), []).append(i)
    out = []
    for length, ids in sorted(by_len.items()):
        codes = np.stack([_codes(terms[i]) for i in ids])
        hashes = np.array([_hash(row) for row in codes], dtype=np.uint32)
        order = np.argsort(hashes, kind="stable")
        hashes, codes = hashes[order], codes[order]
        ids_arr = np.asarray(ids, dtype=np.int64)[order]
        bitmap = np.zeros(1 << _BITS, dtype=np.bool_)
        bitmap[hashes >> np.uint32(32 - _BITS)] = True
        _, mult = np.unique(hashes, return_counts=True)
        out.append(_LengthGroup(length, hashes, ids_arr, codes, bitmap, int(mult.max())))
    return out


def _match_numpy_chunk(codes: npt.NDArray[np.uint32], groups: list[_LengthGroup]) -> tuple[
        npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    n = len(codes)
    pos_out: list[npt.NDArray[np.int64]] = []
    term_out: list[npt.NDArray[np.int64]] = []
    wanted = {g.length: g for g in groups}
    h = codes  # h[i]: hash of the window of the current length at i (uint32, wrapping)
    shift = np.uint32(32 - _BITS)
    with np.errstate(over="ignore"):
        for length in range(1, max(wanted) + 1):
            if length > 1:
                h = h[:-1] * _BASE + codes[length - 1:]
            if length > n:
                break
            g = wanted.get(length)
            if g is None:
                continue
            cand = np.flatnonzero(g.bitmap[h >> shift])
            if len(cand) == 0:
                continue
            hc = h[cand]
            lo = np.searchsorted(g.hashes, hc, side="left")
            for k in range(g.multiplicity):
                at = lo + k
                ok = at < len(g.hashes)
                ok[ok] = g.hashes[at[ok]] == hc[ok]
                c, t = cand[ok], at[ok]
                if len(c) == 0:
                    continue
                window = codes[c[:, None] + np.arange(length)]
                exact = (window == g.codes[t]).all(axis=1)
                pos_out.append(c[exact].astype(np.int64))
                term_out.append(g.ids[t[exact]])
    if not pos_out:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty.copy()
    return np.concatenate(pos_out), np.concatenate(term_out)


def _chunked(texts: Sequence[str], match: Any) -> tuple[
        npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Run ``match(chunk) -> (doc in chunk, term)`` over chunks of whole posts of about
    ``_CHUNK`` characters (bounding memory), and number the documents globally."""
    n = len(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    ends = np.cumsum(lengths + 1)
    docs: list[npt.NDArray[np.int64]] = []
    term_ids: list[npt.NDArray[np.int64]] = []
    first = 0
    while first < n:
        before = int(ends[first - 1]) if first else 0
        last = max(int(np.searchsorted(ends, before + _CHUNK, side="right")), first + 1)
        doc, term = match(texts[first:last])
        docs.append(doc + first)
        term_ids.append(term)
        first = last
    if not docs:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty.copy()
    return np.concatenate(docs).astype(np.int64), np.concatenate(term_ids)


def _match_numpy(texts: Sequence[str], terms: Sequence[str]) -> tuple[
        npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    groups = _groups(terms)

    def one(chunk: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        pos, term = _match_numpy_chunk(_codes(_SEP.join(chunk)), groups)
        starts = _starts(chunk)
        return np.searchsorted(starts, pos, side="right") - 1, term

    return _chunked(texts, one)


def _match_aho(texts: Sequence[str], terms: Sequence[str]) -> tuple[
        npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    automaton, lengths = _automaton(terms)
    return _chunked(texts, lambda chunk: _match_aho_chunk(chunk, automaton, lengths))


def match_lexicon(texts: Sequence[str] | npt.NDArray[Any], terms: Sequence[str], *,
                  mode: str = "occurrences", engine: Engine = "auto") -> Matches:
    """Count each term in each text; ``mode`` ``occurrences`` or ``posts`` (at most 1)."""
    if mode not in ("occurrences", "posts"):
        raise ValueError(f"mode must be 'occurrences' or 'posts', not {mode!r}")
    for i, word in enumerate(terms, start=1):
        problem = term_problem(word)
        if problem:
            raise InputError(problem, row=i, field="term")
    if len(set(terms)) != len(terms):
        raise InputError("terms must be unique")
    docs = [str(t) for t in texts] if isinstance(texts, np.ndarray) else list(texts)
    chosen = choose_engine(terms, engine)
    if not terms or not docs:
        return _aggregate(np.empty(0, np.int64), np.empty(0, np.int64), max(len(terms), 1),
                          chosen)
    if chosen == "aho-corasick":
        doc, term = _match_aho(docs, list(terms))
    elif chosen == "numpy":
        doc, term = _match_numpy(docs, list(terms))
    else:
        raise ValueError(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
    out = _aggregate(doc, term, len(terms), chosen)
    if mode == "posts":
        return Matches(out.doc, out.term, np.ones_like(out.count), chosen)
    return out
