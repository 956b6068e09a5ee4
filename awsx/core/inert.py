"""The one sanitiser every string from AWS or a snapshot passes on its way out (issue #20).

A name, tag, marker or policy is data, and data must never steer the viewer's terminal: an
OSC 52 in a security group's name writes the viewer's clipboard, OSC 0 sets the window title,
``CSI 2J`` clears the screen and ``CSI 6n`` makes the terminal type its reply into the shell.
``inert`` shows every such character as a visible escape instead:

- C0 controls (U+0000-U+001F, tab and newline included: a cell is one line), DEL (U+007F) and
  C1 controls (U+0080-U+009F: U+009B is a one-character CSI for a terminal that honours C1) as
  ``\\xNN``;
- the bidirectional controls that reorder what is shown (U+061C, U+200E, U+200F, U+202A-U+202E,
  U+2066-U+2069; Unicode UAX #9, and CVE-2021-42574 "Trojan Source") and the line and paragraph
  separators U+2028/U+2029 (a line break to some terminals) as ``\\uNNNN``;
- lone surrogates (U+D800-U+DFFF, which ``json.loads`` accepts from a snapshot and no UTF-8
  writer can encode: the output would die of a UnicodeEncodeError) as ``\\uNNNN``.

Everything else passes unchanged (a zero-width joiner draws emoji; it steers nothing). A backslash
is not doubled, so ``inert`` is idempotent: a string passed twice reads the same as once (the cost:
a name holding the four characters ``\\x1b`` reads like one holding ESC; the JSON output tells them
apart). Markup is not this module's job: the CLI and the TUI render data as rich ``Text`` /
Textual ``Content``, never as markup.

``inert_json`` is the JSON output's counterpart: ``json.dumps`` escapes C0 but lets DEL, C1 and
bidi through as raw characters, which a terminal then receives; it rewrites them as ``\\u00NN``
escapes, which are the same JSON string to any reader (RFC 8259 section 7)."""

from __future__ import annotations

import re
from itertools import chain
from typing import Iterable

BIDI_CONTROLS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
LINE_SEPARATORS = (0x2028, 0x2029)
SURROGATES = range(0xD800, 0xE000)
CONTROLS = (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))

def _character_class(codes: Iterable[int]) -> str:
    """``[...]`` matching ``codes``, written as runs (``\ud800-\udfff``): one escape per code made
    the 2k surrogates a class whose compiling was 18 ms of every command's start."""
    runs: list[list[int]] = []
    for code in sorted(codes):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in runs) + "]"


# A precompiled table for str.translate, and a character class that finds whether there is
# anything to translate: the search is five times faster than a translate of clean text, and a
# 100k-row table is almost all clean text.
_SHOWN = {code: f"\\x{code:02x}" for code in CONTROLS} | {
    code: f"\\u{code:04x}" for code in chain(BIDI_CONTROLS, LINE_SEPARATORS, SURROGATES)}
_ANY_SHOWN = re.compile(_character_class(_SHOWN))
# In JSON text C0 is already escaped by the encoder; the rest becomes a JSON \u escape.
_JSON_SHOWN = {code: f"\\u{code:04x}" for code in chain(
    (0x7F, *range(0x80, 0xA0)), BIDI_CONTROLS, LINE_SEPARATORS, SURROGATES)}


def inert(text: str) -> str:
    """``text`` with every control, bidi control and line separator shown as a visible escape."""
    if text.isprintable():  # the common case, in C: nothing shown as an escape is printable
        return text
    return text.translate(_SHOWN) if _ANY_SHOWN.search(text) else text


def inert_lines(text: str) -> str:
    """``text`` inert line by line: for a message whose line breaks are its own (a notification,
    a printed paragraph); everything else a terminal acts on is shown as in ``inert``."""
    return "\n".join(inert(line) for line in text.split("\n"))


def inert_json(document: str) -> str:
    """A JSON text (from ``json.dumps``) with DEL, C1, bidi controls, separators and surrogates written
    as ``\\u`` escapes: the same JSON value, and nothing in it a terminal acts on."""
    return document.translate(_JSON_SHOWN)
