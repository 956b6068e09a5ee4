"""Pick a reachability end by typing: an input and, under it, the estate's resources that can be
a source or destination (instances, ENIs, RDS, load balancers, endpoints, EIPs, their IPs, and
``internet``), narrowed by the same fuzzy match as the ``/`` filter (``pw1`` finds
``prod-web-1``; an address matches literally). Down moves into the list, Enter takes the
highlighted candidate. Whatever is typed is also accepted as it is (an external IP, an ARN).
The matches drop down over the screen while typing and close on Enter or when focus leaves."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from awsx.core.filters import FilterError, filter_rows
from awsx.core.inert import inert
from awsx.reach.endpoints import Candidate, candidates, ranked, short_ref
from awsx.widgets.form_field import FormField

__all__ = ["Candidate", "CandidateOption", "EndpointPicker", "candidates", "short_ref"]

MAX_CANDIDATES = 40


class CandidateOption(Option):
    def __init__(self, candidate: Candidate) -> None:
        self.candidate = candidate
        ident = candidate.ref if candidate.name and candidate.name != candidate.ref else ""
        super().__init__(Text.assemble((inert(candidate.name or candidate.ref), "bold"), "  ", (inert(ident), "cyan"),
                                       "  ", (inert(candidate.kind.split(":")[-1]), "dim"), "  ",
                                       (inert(" ".join(candidate.ips)), "dim")))


class EndpointPicker(Vertical):
    """One end of a reach query: an input over a fuzzy list of the estate's candidates."""

    DEFAULT_CSS = """
    EndpointPicker {
        height: auto;
    }
    EndpointPicker > OptionList {
        height: auto;
        max-height: 10;
        width: 72;
        display: none;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        overlay: screen;  /* a drop-down over what is below, as wide as the names need */
        constrain: inside inside;
    }
    """
    BINDINGS = [
        Binding("down", "into_list", "Candidates", show=False, id="reach.candidates",
                tooltip="Move into the list of matching resources"),
    ]

    class Picked(Message):
        """A candidate was taken with Enter: the screen moves on to the next field."""

        def __init__(self, picker: EndpointPicker) -> None:
            super().__init__()
            self.picker = picker

    def __init__(self, choices: list[Candidate], placeholder: str, value: str = "", id: str | None = None,
                 near: str = "") -> None:
        """``near``: the id of the picker of the other end, whose VPC and Region rank matches."""
        super().__init__(id=id)
        self._choices = choices
        self._near = near
        self._placeholder = placeholder
        self._value = value

    def compose(self) -> ComposeResult:
        yield FormField(self._value, placeholder=self._placeholder, compact=True)
        yield OptionList()

    def on_mount(self) -> None:
        self._narrow(self._value)

    @property
    def value(self) -> str:
        return self.query_one(Input).value.strip()

    @value.setter
    def value(self, text: str) -> None:
        """Set by the program (a pick, a swap): the matches follow, the drop-down stays shut. An
        Input draws its text as it is, so what the estate names is put in inert."""
        text = inert(text)
        field = self.query_one(Input)
        with field.prevent(Input.Changed):
            field.value = text
        self._narrow(text)

    def focus_input(self) -> None:
        self.query_one(Input).focus()

    def on_descendant_blur(self) -> None:
        # Moving from the input into the list blurs one and focuses the other: look after both.
        self.call_after_refresh(self._hide_unless_focused)

    def _hide_unless_focused(self) -> None:
        if not self.has_focus_within:
            self.query_one(OptionList).display = False

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        """The drop-down opens while the user types, never over a verdict nobody asked to hide."""
        self._narrow(event.value)
        if event.input.has_focus:
            self.query_one(OptionList).display = True

    def _narrow(self, text: str) -> None:
        try:
            kept = filter_rows(text, (), [c.row for c in self._choices])
        except FilterError:  # a half-typed re: is no match yet, not an error
            kept = []
        matches = ranked(self._choices, kept, text, self._other_end())[:MAX_CANDIDATES]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([CandidateOption(c) for c in matches])

    def _other_end(self) -> str:
        if not self._near or not self.is_mounted:
            return ""
        others = self.screen.query(f"#{self._near}").results(EndpointPicker)
        return next((other.value for other in others), "")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in the input takes the best match for a fuzzy fragment (``use1appa``), and keeps
        what was typed when it names something exactly or matches nothing (an external IP).
        The event goes on to the screen, which moves to the next field."""
        typed = event.value.strip()
        options = self.query_one(OptionList)
        options.display = False
        if not typed or not options.option_count or any(typed in (c.ref, c.name, *c.ips) for c in self._choices):
            return
        first = options.get_option_at_index(0)
        if isinstance(first, CandidateOption):
            self.value = first.candidate.ref

    def action_into_list(self) -> None:
        options = self.query_one(OptionList)
        if options.has_focus or not options.option_count:
            return
        options.display = True
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option, CandidateOption):
            self.value = event.option.candidate.ref
            self.post_message(self.Picked(self))
