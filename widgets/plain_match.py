"""A fuzzy match marked on plain text: Textual's ``Matcher.highlight`` reads its candidate as
markup, so a name holding ``[link=...`` raises MarkupError and ``[b]`` would be drawn bold (issue
#20). This marks the same matched characters, in the matcher's style, on the text as it is."""

from __future__ import annotations

from textual.content import Content
from textual.fuzzy import Matcher

from awsx.core.inert import inert


def plain_highlight(matcher: Matcher, text: str) -> Content:
    """``text`` inert, as plain Content, with the characters ``matcher`` matched styled."""
    text = inert(text)
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
