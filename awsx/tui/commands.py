"""The ``:`` command line (k9s grammar) as pure functions: parse what was typed into a
``Command`` and offer completions. The app decides what each command does.

``:sg`` opens a kind (any alias ``resolve_kind`` knows); words after the kind become its ``/``
filter (``:eni vpc-0ab``, ``:role admin``); ``:pulse`` returns to the dashboard; ``:q`` quits;
``:reach``/``:cost``/... open engine views; words after them are the view's argument;
``:export``, ``:diff``, ``:who`` and ``:follow`` are the sharing commands (awsx/tui/controllers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from awsx.inventory.specs import KINDS, resolve_kind
from awsx.tui.views import ENGINE_WORDS, VIEWS

Verb = Literal["kind", "pulse", "quit", "help", "engine", "export", "diff", "who", "follow", "empty", "unknown"]

QUIT = ("q", "q!", "quit", "exit")
PULSE = ("pulse", "dash", "dashboard", "home")
HELP = ("help", "?")
# The engine views: words after them are the view's argument (awsx/tui/views.py lists them).
ENGINES = ENGINE_WORDS
# Sharing (issue 7): the word, and what the hint line says it does.
SHARING = {
    "export": "save the rows in view: [json|csv|md] [FILE]",
    "diff": "mark changes since a snapshot: OLD (none clears)",
    "who": "who is connected (awsx serve)",
    "follow": "track a user's view: NAME (none stops)",
}


@dataclass(frozen=True, slots=True)
class Command:
    """A parsed command line: the verb, the kind it names (for ``kind``) and the filter text."""

    verb: Verb
    word: str = ""
    kind: str | None = None
    filter: str = ""


def parse_command(text: str) -> Command:
    """``"eni vpc-0ab"`` -> ``Command("kind", "eni", "ec2:network-interface", "vpc-0ab")``."""
    text = text.strip().removeprefix(":").strip()
    if not text:
        return Command("empty")
    word, _, rest = text.partition(" ")
    lowered = word.casefold()
    if lowered in QUIT:
        return Command("quit", word)
    if lowered in PULSE:
        return Command("pulse", word)
    if lowered in HELP:
        return Command("help", word)
    if lowered in ENGINES:
        return Command("engine", word, filter=rest.strip())
    if lowered in SHARING:
        return Command(lowered, word, filter=rest.strip())  # type: ignore[arg-type]
    kind = resolve_kind(word)
    if kind is not None:
        return Command("kind", word, kind, rest.strip())
    return Command("unknown", word, filter=rest.strip())


def command_words() -> list[str]:
    """Every word the command line understands: verbs, kind aliases, short kind names."""
    words: list[str] = []
    for kind in KINDS.values():
        words += [*kind.aliases, kind.name.split(":", 1)[1], kind.name]
    words += [*PULSE, *ENGINES, *SHARING, "help", "quit", "q"]
    seen: set[str] = set()
    return [w for w in words if not (w in seen or seen.add(w))]


def completions(text: str, limit: int = 12) -> list[str]:
    """Words starting with what was typed (the first word only), shortest first."""
    prefix = text.strip().removeprefix(":").casefold()
    if " " in prefix:
        return []
    matches = [w for w in command_words() if w.startswith(prefix)]
    return sorted(matches, key=lambda w: (len(w), w))[:limit]


def describe(word: str) -> str:
    """What a completion does, for the hint line: ``sg  Security groups``."""
    kind = resolve_kind(word)
    if kind is not None:
        return KINDS[kind].title
    lowered = word.casefold()
    if lowered in QUIT:
        return "quit"
    if lowered in PULSE:
        return "dashboard"
    if lowered in VIEWS:
        return VIEWS[lowered].title
    if lowered in SHARING:
        return SHARING[lowered]
    return "help" if lowered in HELP else ""
