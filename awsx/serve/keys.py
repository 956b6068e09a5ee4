"""What an ``authorized_keys`` line lets its key do in ``awsx serve``: log in as the one user it
names, until its ``expiry-time``, or not at all.

The user is named by ``environment="AWSX_USER=alice"`` on the key's line. That is OpenSSH's
own option for per-key values (quoted, parsed by every authorized_keys tool, asyncssh
included), where the key comment is free text that people copy from machine to machine
(``alice@laptop``) and that asyncssh does not even keep. A client asking for any other login
name is refused: the name cannot be chosen by whoever holds the key.

The other options, as OpenSSH documents them (sshd(8), AUTHORIZED_KEYS FILE FORMAT):

- ``from="PATTERN,..."``: matched by asyncssh before this module sees the line;
- ``expiry-time="YYYYMMDD[HHMM[SS]][Z]"``: refused from that time on (local time unless Z);
  a value that is not such a time refuses the key, as sshd rejects the line;
- ``no-pty``, and ``restrict`` without ``pty``: refused, since a session *is* a terminal;
- ``command="..."``: refused rather than ignored: a forced command means the key was meant
  for something else, and awsx runs only its TUI;
- ``no-port-forwarding``, ``no-agent-forwarding``, ``no-X11-forwarding``, ``no-user-rc``,
  ``permitopen``, ``permitlisten`` and their positive forms: accepted; awsx forwards nothing
  and runs no rc file whatever they say;
- ``environment`` other than ``AWSX_USER``: accepted and not passed on (sshd's default
  ``PermitUserEnvironment no``);
- anything else (``cert-authority``, ``principals``, ``tunnel``, ``verify-required``...): the
  key is refused, since awsx cannot promise what the option asks for.

Pure: the options mapping comes from asyncssh's parser, ``now`` from the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Mapping

from awsx.serve.follow import ENV_USER, is_user_name

# Options whose meaning awsx already enforces whatever they say (it forwards nothing).
HARMLESS = frozenset({
    "from", "environment", "no-port-forwarding", "no-agent-forwarding", "no-X11-forwarding", "no-user-rc",
    "port-forwarding", "agent-forwarding", "X11-forwarding", "user-rc", "permitopen", "permitlisten",
})
HANDLED = frozenset({"expiry-time", "no-pty", "pty", "restrict", "command"})
_EXPIRY_FORMATS = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}


class KeyRefused(Exception):
    """Why a key may not log in (the server logs it; the client is only told "denied")."""


@dataclass(frozen=True, slots=True)
class Grant:
    """What an accepted key is: the one user it logs in as."""

    user: str


def grant(options: Mapping[str, object], requested_user: str, now: datetime) -> Grant:
    """The key's grant for a client asking to log in as ``requested_user``, or KeyRefused."""
    unknown = sorted(set(options) - HARMLESS - HANDLED)
    if unknown:
        raise KeyRefused(f"the key's line has options awsx does not support: {', '.join(unknown)}")
    user = bound_user(options)
    if requested_user != user:
        raise KeyRefused(f"the key belongs to {user}, not to the user the client asked for")
    for value in _values(options.get("expiry-time")):
        if expiry_time(value) <= now:
            raise KeyRefused(f"the key expired at {value}")
    if "command" in options:
        raise KeyRefused("the key has a forced command (command=): awsx serve runs only its TUI")
    if options.get("no-pty") or (options.get("restrict") and not options.get("pty")):
        raise KeyRefused("the key may not have a terminal (no-pty, or restrict without pty): a session is one")
    return Grant(user)


def bound_user(options: Mapping[str, object]) -> str:
    """The user named by ``environment="AWSX_USER=NAME"``, or KeyRefused."""
    environment = options.get("environment")
    user = environment.get(ENV_USER) if isinstance(environment, Mapping) else None
    if not user:
        raise KeyRefused(f'the key names no user: prefix its line with environment="{ENV_USER}=NAME"')
    if not is_user_name(user):
        raise KeyRefused(f"{ENV_USER} is not a login name (letters, digits, _ . -; at most 32)")
    return user


def expiry_time(value: str) -> datetime:
    """OpenSSH's ``YYYYMMDD[HHMM[SS]][Z]``: UTC with the Z, the server's local time without."""
    text, utc = (value[:-1], True) if value.upper().endswith("Z") else (value, False)
    layout = _EXPIRY_FORMATS.get(len(text))
    try:
        if layout is None or not text.isdigit():
            raise ValueError(value)
        moment = datetime.strptime(text, layout)
    except ValueError:
        raise KeyRefused(f"expiry-time {value!r} is not YYYYMMDD[HHMM[SS]][Z]") from None
    return moment.replace(tzinfo=timezone.utc) if utc else moment.astimezone()


def _values(option: object) -> list[str]:
    """asyncssh keeps an option it does not know as the list of its values."""
    if option is None:
        return []
    return [str(value) for value in option] if isinstance(option, list) else [str(option)]
