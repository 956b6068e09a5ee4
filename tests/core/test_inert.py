"""The one output sanitiser (issue #20): every control, ESC, C1 and bidi control in data is shown
as a visible escape; everything else, a zero-width joiner included, passes unchanged."""

from __future__ import annotations

import json

import pytest

from awsx.core.inert import inert, inert_json, inert_lines


@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b]52;c;aGk=\x07", "\\x1b]52;c;aGk=\\x07"),  # OSC 52 clipboard write, BEL-terminated
    ("\x1b[6n", "\\x1b[6n"),  # CSI 6n: the terminal would type its reply
    ("\x9b2J", "\\x9b2J"),  # C1 CSI (U+009B)
    ("a\tb\nc\rd\x08\x00\x7f", "a\\x09b\\x0ac\\x0dd\\x08\\x00\\x7f"),  # a cell is one line
    ("\u202eevil\u202c \u2066x\u2069 \u200f\u061c", "\\u202eevil\\u202c \\u2066x\\u2069 \\u200f\\u061c"),
    ("line\u2028sep", "line\\u2028sep"),
    ("lone \ud800", "lone \\ud800"),  # json.loads accepts it; no UTF-8 writer can encode it
])
def test_controls_escapes_and_bidi_controls_are_shown_as_escapes(raw, shown):
    assert inert(raw) == shown


def test_printable_text_markup_and_a_zero_width_joiner_pass_unchanged():
    text = "prod-web [bold]x[/] $accent café 👩\u200d💻 \\x1b"
    assert inert(text) == text


def test_inert_is_idempotent():
    raw = "\x1b[2J\u202e\x9b\n"
    assert inert(inert(raw)) == inert(raw)


def test_inert_json_is_the_same_json_value_with_nothing_raw_a_terminal_acts_on():
    value = {"name": "x\x7f\x9b\u202e\u2028\ud800é", "n": 1}
    text = inert_json(json.dumps(value, ensure_ascii=False))
    assert json.loads(text) == value
    assert not any(ch in text for ch in "\x7f\x9b\u202e\u2028\ud800") and "é" in text


def test_inert_lines_keeps_a_messages_own_line_breaks_and_escapes_the_rest():
    assert inert_lines("one\x1b[2J\ntwo\r") == "one\\x1b[2J\ntwo\\x0d"


def test_no_character_inert_escapes_is_printable_so_printable_text_is_returned_as_it_is():
    from awsx.core.inert import _SHOWN

    assert not [hex(code) for code in _SHOWN if chr(code).isprintable()]


def test_the_character_class_finds_exactly_the_characters_shown_as_escapes():
    from awsx.core.inert import _ANY_SHOWN, _SHOWN

    assert [code for code in range(0x10000) if _ANY_SHOWN.search(chr(code))] == sorted(_SHOWN)
