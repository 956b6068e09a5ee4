"""User key remapping: a TOML file in the XDG config dir maps binding ids to keys.

    # ~/.config/awsx/keymap.toml   (platformdirs.user_config_dir("awsx") / "keymap.toml")
    [keys]
    "app.quit" = "q,ctrl+c"       # comma-separated keys, Textual key names
    "browse.filter" = "slash,f"

Ids are those shown by ``?`` (every awsx binding has one). Textual's ``App.set_keymap`` applies
the mapping to every binding with that id, so help and footer follow automatically."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_dir

ENV = "AWSX_KEYMAP"


def keymap_path() -> Path:
    """``$AWSX_KEYMAP`` if set (tests, one-off sessions), else ``<config dir>/keymap.toml``."""
    override = os.environ.get(ENV)
    return Path(override) if override else Path(user_config_dir("awsx")) / "keymap.toml"


@dataclass(frozen=True, slots=True)
class Keymap:
    """Binding id -> keys, and what in the file could not be used (shown as a notification)."""

    keys: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


def parse_keymap(text: str) -> Keymap:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Keymap(problems=(f"keymap: {error}",))
    table = document.get("keys", {})
    if not isinstance(table, dict):
        return Keymap(problems=("keymap: [keys] must be a table of id = \"keys\"",))
    keys, problems = {}, []
    for binding_id, value in table.items():
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"keymap: {binding_id} needs a key string")
            continue
        keys[binding_id] = ",".join(part.strip() for part in value.split(","))
    return Keymap(keys, tuple(problems))


def load_keymap(path: Path | None = None) -> Keymap:
    """The user's keymap; an absent file is an empty keymap, not an error."""
    path = path or keymap_path()
    try:
        return parse_keymap(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Keymap()
    except OSError as error:
        return Keymap(problems=(f"keymap: {error}",))
