"""Follow mode (``:who``, ``:follow NAME``) on one timer: every tick a follower applies its
leader's latest NavState (only when it changed), and every session publishes its own NavState
when it changed. Polling the view rather than hooking each navigation path also publishes
cursor moves, filter typing and sort changes, which are navigation too for whoever follows; a
NavState carries an engine view's question, so a follower sees the same verdict.

The controller keeps who is followed and what was seen; the App tells it where this session
is (``tick``) and acts on what it posts: ``ShowLeader`` (show the leader's view) and
``FollowChanged`` (the status line and a notification)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App
from textual.message import Message

from awsx.core.inert import inert
from awsx.serve.follow import FollowContext
from awsx.tui.navigation import NavState

FOLLOW_TICK = 0.25  # seconds: how often a follower looks for its leader's moves


@dataclass
class ShowLeader(Message):
    state: NavState


@dataclass
class FollowChanged(Message):
    """Whom this session follows now (empty: nobody), and what to tell the user."""

    following: str
    said: str = ""


class FollowController:
    def __init__(self, app: App, context: FollowContext | None) -> None:
        self._app = app
        self.context = context
        self.following = ""
        self._leader_state: NavState | None = None
        self._own_baseline: NavState | None = None
        self._published: tuple[NavState, str] | None = None

    def who(self) -> str:
        """One line per connected user: size, view, whom they follow; ``(you)`` marked. The view's
        argument is what that user typed: inert, so it cannot break its line or the viewer's terminal."""
        assert self.context is not None
        lines = []
        for presence in self.context.who():
            width, height = presence.size
            place = presence.state.screen or "pulse"
            for detail in (presence.state.kind, presence.state.argument):  # what a list or an engine shows
                if detail:
                    place += f" {detail}"
            also = f" → following {presence.following}" if presence.following else ""
            me = " (you)" if presence.session == self.context.session else ""
            lines.append(inert(f"{presence.user}{me}  {width}x{height}  {place}{also}"))  # one line each
        return "\n".join(lines) or "nobody"

    def follow(self, name: str) -> str:
        """Start following ``name``; the one line why not, or empty when it started."""
        context = self.context
        if context is None:
            return ":follow works in a session of awsx serve"
        if name == context.user:
            return "you cannot follow yourself"
        if context.latest(name) is None:
            return f"nobody named {name} is connected (:who lists who is)"
        self.following, self._leader_state, self._own_baseline = name, None, None
        self._app.post_message(FollowChanged(name))
        return ""

    def stop(self, why: str) -> None:
        if self.following:
            said = f"{why} {self.following}"
            self.following, self._leader_state, self._own_baseline = "", None, None
            self._app.post_message(FollowChanged("", said))

    def tick(self, own: NavState) -> None:
        """``own``: where this session is now."""
        context = self.context
        if context is None:
            return
        if self.following:
            if self._own_baseline is not None and own != self._own_baseline:
                self.stop("you moved: stopped following")
            else:
                leader = context.latest(self.following)
                if leader is not None and leader.screen and leader != self._leader_state:
                    self._leader_state, self._own_baseline = leader, None
                    self._app.post_message(ShowLeader(leader))
                else:
                    self._own_baseline = own  # the view as applied: a later change is the follower's
        published = (own, self.following)
        if published != self._published:
            self._published = published
            context.publish(*published)
