"""Small modal screens: pick an optimizer to add, type a formula surface."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...optimizers import RULES


class OptimizerPicker(ModalScreen[str | None]):
    """Choose an update rule; dismisses with its registry name (or None)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Add an optimizer to the race  [dim](enter: add, escape: cancel)[/]")
            yield OptionList(*(Option(f"{rule.title:<32} [dim]{name}[/]", id=name) for name, rule in RULES.items()))

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class FormulaPrompt(ModalScreen):
    """Type a surface as a formula in x and y; errors show here, the race keeps
    its surface until a formula parses."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("A surface of your own, in x and y  [dim](e.g. x**2 + 10*sin(y); escape: cancel)[/]")
            yield Input(placeholder="x**2 + 10*sin(y)", id="formula")
            yield Static("", id="formula-error")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        from ...expression import expression_surface

        try:
            surface = expression_surface(event.value)
        except ValueError as error:
            self.query_one("#formula-error", Static).update(f"[red]{error}[/]")
            return
        self.dismiss(surface)


class PathPrompt(ModalScreen):
    """Ask for a file path; dismisses with the text (or None)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"{self.question}  [dim](enter: open, escape: cancel)[/]")
            yield Input(placeholder="training-20261124-120000.json", id="path")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)
