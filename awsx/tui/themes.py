"""The app's two themes, dark and light, each with the estate's account accent (a prod account
in red, from the accounts file) as its primary colour."""

from __future__ import annotations

from dataclasses import replace

from textual.color import Color, ColorParseError
from textual.theme import BUILTIN_THEMES, Theme

THEMES = {"dark": "awsx-dark", "light": "awsx-light"}


def awsx_themes(accent: str | None) -> list[Theme]:
    """Dark and light, with the estate's account accent (prod in red) as the primary colour."""
    themes = []
    for mode, base in (("dark", "textual-dark"), ("light", "textual-light")):
        theme = replace(BUILTIN_THEMES[base], name=THEMES[mode])
        themes.append(replace(theme, primary=accent) if accent else theme)
    return themes


def is_colour(value: str) -> bool:
    """Whether the accounts file's accent is a colour Textual can draw."""
    try:
        Color.parse(value)
    except ColorParseError:
        return False
    return True
