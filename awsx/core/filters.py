"""The ``/`` filter grammar, as a pure function from text to a row predicate.

Terms are separated by spaces and must all hold (AND):

- ``web``         fuzzy: the letters in order inside one cell (``pw1`` finds ``prod-web-1``);
                  a term that looks like an address (digits, dots, ``/``, ``:``) matches
                  literally, so ``10.0.1`` does not find ``10.20.30.1``
- ``re:^sg-0a``   a regular expression searched in each cell (any case)
- ``!term``       inverts any term (``!re:...``, ``!tag:env=prod`` too)
- ``tag:k=v``     tag ``k`` whose value contains ``v``; ``tag:k`` tag ``k`` is present
- ``col:value``   the column titled ``col`` (any case; spaces as ``-`` or ``_``) contains
                  ``value`` (``vpc:vpc-0ab``, ``region:eu-west-1``, ``az-id:euw1-az1``)

Anything that is not a known prefix is plain text, so ``arn:aws:...`` still just matches.
A bad regular expression raises ``FilterError`` with a message for the status line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence


class FilterError(ValueError):
    """The filter text cannot be compiled (a bad ``re:``)."""


@dataclass(frozen=True, slots=True)
class FilterRow:
    """What a filter sees of a row: its cells under their column titles, and its tags."""

    cells: Sequence[str]
    columns: Sequence[str] = ()
    tags: Mapping[str, str] = field(default_factory=dict)


Predicate = Callable[[FilterRow], bool]

_ADDRESS = re.compile(r"^[0-9a-f.:/]+$")


def column_key(title: str) -> str:
    """``AZ id`` -> ``az-id``: how a column is named in ``col:value``."""
    return re.sub(r"[\s_]+", "-", title.strip().casefold())


def fuzzy(needle: str, haystack: str) -> bool:
    """``needle``'s characters appear in ``haystack`` in order (both already casefolded)."""
    if needle in haystack:
        return True
    position = 0
    for char in needle:
        position = haystack.find(char, position) + 1
        if position == 0:
            return False
    return True


def _text_term(needle: str) -> Predicate:
    needle = needle.casefold()
    if _ADDRESS.match(needle) and any(c in needle for c in ".:/"):
        return lambda row: any(needle in cell.casefold() for cell in row.cells)
    return lambda row: any(fuzzy(needle, cell.casefold()) for cell in row.cells)


def _regex_term(pattern: str) -> Predicate:
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise FilterError(f"re:{pattern}: {error}") from None
    return lambda row: any(compiled.search(cell) for cell in row.cells)


def _tag_term(spec: str) -> Predicate:
    key, has_value, value = spec.partition("=")
    key, value = key.casefold(), value.casefold()

    def match(row: FilterRow) -> bool:
        for tag_key, tag_value in row.tags.items():
            if tag_key.casefold() == key and (not has_value or value in tag_value.casefold()):
                return True
        return False

    return match


def _column_term(column: str, value: str) -> Predicate:
    value = value.casefold()

    def match(row: FilterRow) -> bool:
        for title, cell in zip(row.columns, row.cells):
            if column_key(title) == column:
                return value in cell.casefold()
        return False

    return match


def _term(word: str, columns: set[str]) -> Predicate:
    if word.startswith("!") and len(word) > 1:
        inner = _term(word[1:], columns)
        return lambda row: not inner(row)
    if word.startswith("re:"):
        return _regex_term(word[3:])
    if word.startswith("tag:") and len(word) > 4:
        return _tag_term(word[4:])
    prefix, colon, rest = word.partition(":")
    if colon and rest and column_key(prefix) in columns:
        return _column_term(column_key(prefix), rest)
    return _text_term(word)


def compile_filter(text: str, columns: Sequence[str] = ()) -> Predicate | None:
    """A predicate for ``text`` over rows with these column titles; None when ``text`` is blank
    (no filter: every row). Raises FilterError for a bad regular expression."""
    words = text.split()
    if not words:
        return None
    keys = {column_key(title) for title in columns}
    terms = [_term(word, keys) for word in words]
    return lambda row: all(term(row) for term in terms)


def filter_rows(text: str, columns: Sequence[str], rows: Sequence[FilterRow]) -> list[int]:
    """The indexes of ``rows`` that ``text`` keeps (all of them for a blank filter)."""
    predicate = compile_filter(text, columns)
    if predicate is None:
        return list(range(len(rows)))
    return [i for i, row in enumerate(rows) if predicate(row)]
