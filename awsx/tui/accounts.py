"""Per-account names and accent colours from ``accounts.toml`` in the XDG config dir, so a
production account looks different (red) from the moment the TUI opens.

    # ~/.config/awsx/accounts.toml   ($AWSX_ACCOUNTS overrides the path)
    theme = "dark"                   # or "light"
    [accounts."111111111111"]
    alias = "prod"
    accent = "red"                   # any CSS colour: "red", "#d33", "rgb(200,0,0)"
    [accounts."222222222222"]
    alias = "dev"

An account without an accent whose alias contains ``prod`` is red anyway; the others keep the
theme's colour. Pure except for reading the file; problems come back as one-line strings
(the app checks that an accent parses as a colour)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from platformdirs import user_config_dir

ENV = "AWSX_ACCOUNTS"
PROD_ACCENT = "red"
THEMES = ("dark", "light")


def accounts_path() -> Path:
    override = os.environ.get(ENV)
    return Path(override) if override else Path(user_config_dir("awsx")) / "accounts.toml"


@dataclass(frozen=True, slots=True)
class Account:
    alias: str = ""
    accent: str | None = None


@dataclass(frozen=True, slots=True)
class AccountsConfig:
    accounts: dict[str, Account] = field(default_factory=dict)
    theme: str = "dark"
    problems: tuple[str, ...] = ()

    def alias(self, account: str) -> str:
        return self.accounts.get(account, Account()).alias

    def accent(self, accounts: Sequence[str]) -> str | None:
        """The accent of the estate: the first configured one, prod-by-alias red otherwise."""
        for account in accounts:
            entry = self.accounts.get(account)
            if entry and entry.accent:
                return entry.accent
        if any("prod" in self.alias(account).casefold() for account in accounts):
            return PROD_ACCENT
        return None

    def label(self, account: str) -> str:
        """``prod (111111111111)`` when there is an alias, else the id."""
        alias = self.alias(account)
        return f"{alias} ({account})" if alias else account


def parse_accounts(text: str) -> AccountsConfig:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return AccountsConfig(problems=(f"accounts: {error}",))
    problems: list[str] = []
    theme = document.get("theme", "dark")
    if theme not in THEMES:
        problems.append(f"accounts: theme must be one of {', '.join(THEMES)}, not {theme!r}")
        theme = "dark"
    accounts: dict[str, Account] = {}
    table = document.get("accounts", {})
    for account, entry in (table.items() if isinstance(table, dict) else ()):
        if not isinstance(entry, dict):
            problems.append(f"accounts: [accounts.\"{account}\"] must be a table")
            continue
        accent = entry.get("accent")
        if accent is not None and not isinstance(accent, str):
            problems.append(f"accounts: {account} accent must be a colour string")
            accent = None
        accounts[str(account)] = Account(str(entry.get("alias") or ""), accent)
    return AccountsConfig(accounts, theme, tuple(problems))


def load_accounts(path: Path | None = None) -> AccountsConfig:
    """The user's file; an absent file is the default config, not an error."""
    path = path or accounts_path()
    try:
        return parse_accounts(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return AccountsConfig()
    except OSError as error:
        return AccountsConfig(problems=(f"accounts: {error}",))
