"""A reachability path drawn hop by hop: the forward leg, then the return leg (Q5), each hop
with its component, id, decision and the rule that decided there. The deciding hop (the
verdict's blocker, Q4) is highlighted so the eye lands on the one setting to change.

The hops are the engine's ``Hop`` records as they are; Enter on a hop posts ``HopChosen`` so
the screen can open that component's resource. The highlighted hop's rule codes (NACL3, IGW1b,
...) are explained on dim lines under it, from the engine's glossary (issue 14): the cursor is
where a keyboard user reads, so the meaning follows it (a tooltip would need a mouse)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from awsx.reach.glossary import hop_glossary
from awsx.reach.verdict import FORWARD, Hop, Verdict

_HEADINGS = {FORWARD: "forward: request from source to destination",
             "return": "return: the reply, checked again where nothing is stateful (Q2)"}
_KIND_WIDTH = 16
_RULE_INDENT = 12


class HopOption(Option):
    """One hop; ``deciding`` marks the verdict's blocker."""

    def __init__(self, hop: Hop, deciding: bool) -> None:
        self.hop = hop
        self.deciding = deciding
        super().__init__(_prompt(hop, deciding))


def is_deciding(hop: Hop, verdict: Verdict) -> bool:
    """The hop that carries the verdict's blocker (same direction, id and rule, a deny)."""
    blocker = verdict.blocker
    return (blocker is not None and hop.decision == "deny" and hop.direction == blocker.direction
            and hop.id == blocker.id and hop.rule == blocker.rule)


def hop_meaning(hop: Hop) -> str:
    """One line per rule code the hop cites (or the rule its kind follows): ``CODE: meaning``."""
    return "\n".join(f"{code}: {meaning}" for code, meaning in hop_glossary(hop.kind, hop.rule))


def _prompt(hop: Hop, deciding: bool, explained: bool = False) -> RenderableType:
    marks = {"allow": ("✔ allow", "green"), "unknown": ("? unkn.", "bold yellow")}  # unknown: the estate lacks it
    mark = marks.get(hop.decision, ("✘ deny ", "bold red"))
    head = Text.assemble(
        (f"{hop.seq:>3} ", "dim"), mark, " ",
        (hop.kind.ljust(_KIND_WIDTH), "bold"), " ", (hop.id, "cyan"),
    )
    rule = Text(hop.rule, style="bold yellow" if deciding else "")
    if deciding:
        head.append("  ◀ deciding rule", style="bold reverse red")
    # The rule wraps under itself, indented past the sequence number and the decision.
    lines: list[RenderableType] = [head, Padding(rule, (0, 0, 0, _RULE_INDENT))]
    if explained and (meaning := hop_meaning(hop)):
        lines.append(Padding(Text(meaning, style="dim italic"), (0, 0, 0, _RULE_INDENT)))
    return Group(*lines)


class PathView(OptionList):
    """The hops of one verdict, forward then return, under a heading per direction."""

    DEFAULT_CSS = """
    PathView {
        height: 1fr;
        scrollbar-gutter: stable;  /* wrapped rules are measured at this width: keep it fixed */
    }
    """

    _explained: int | None = None  # the option whose prompt carries its codes' meanings

    class HopChosen(Message):
        """Enter on a hop: ``hop.id`` names the component to open."""

        def __init__(self, hop: Hop) -> None:
            super().__init__()
            self.hop = hop

    def show(self, verdict: Verdict | None) -> None:
        """Draw ``verdict``'s path (``None`` empties the view)."""
        self.clear_options()
        self._explained = None
        if verdict is None:
            return
        options: list[Option] = []
        direction = ""
        for hop in verdict.hops:
            if hop.direction != direction:
                direction = hop.direction
                options.append(Option(Text(_HEADINGS.get(direction, direction), style="bold underline"),
                                      disabled=True))
            options.append(HopOption(hop, is_deciding(hop, verdict)))
        self.add_options(options)
        deciding = next((i for i, o in enumerate(options) if isinstance(o, HopOption)
                         and is_deciding(o.hop, verdict)), None)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        self.highlighted = deciding if deciding is not None else first

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The highlighted hop's codes explained under it; the hop left behind goes back to two lines."""
        previous, self._explained = self._explained, None
        if previous is not None and previous < self.option_count:
            self._explain(previous, False)
        if isinstance(event.option, HopOption):
            self._explain(event.option_index, True)
            self._explained = event.option_index

    def _explain(self, index: int, explained: bool) -> None:
        option = self.get_option_at_index(index)
        if isinstance(option, HopOption):
            self.replace_option_prompt_at_index(index, _prompt(option.hop, option.deciding, explained))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, HopOption):
            event.stop()
            self.post_message(self.HopChosen(event.option.hop))
