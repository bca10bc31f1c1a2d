"""The Textual app: holds the race screen, the help, and the training screen."""

from __future__ import annotations

from typing import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..race import Race
from .screens.help import HelpScreen
from .screens.race import RaceScreen


class PlaygroundApp(App):
    """Optimizers racing on loss surfaces, and on MNIST."""

    CSS_PATH = "playground.tcss"
    TITLE = "optimizer playground"
    BINDINGS = [Binding("q", "quit", "Quit"), Binding("question_mark", "help", "Help", show=False)]

    def __init__(self, race: Race | None = None, autoplay: bool = True, training=None) -> None:
        super().__init__()
        self.race = race or Race.default()
        self.autoplay = autoplay
        """False: open on the finished race, paused (tests, snapshots)."""
        self.training = training
        """The training screen's starting ``TrainingConfig`` (None: its defaults)."""

    def on_mount(self) -> None:
        self.push_screen(RaceScreen(self.race, self.autoplay))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_training(self) -> None:
        from .screens.training import TrainingScreen

        self.push_screen(TrainingScreen(self.race, self.training))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, RaceScreen):
            for title, help_text, action in _RACE_COMMANDS:
                yield SystemCommand(title, help_text, lambda a=action: screen.run_action(a))


_RACE_COMMANDS = (
    ("Add optimizer", "Add an optimizer to the race", "add"),
    ("Remove optimizer", "Remove the selected optimizer", "remove"),
    ("Next surface", "Race on the next loss surface", "surface(1)"),
    ("Type a surface", "A surface from a formula in x and y", "formula"),
    ("Cycle view", "Surface, convergence map, basins", "view"),
    ("Export scenario", "Write the race as a scenario TOML", "export"),
    ("Screenshot", "Save an SVG screenshot", "screenshot"),
    ("Restart animation", "Play the race again from step 0", "restart"),
    ("Train on MNIST", "Train the MLP with the racing optimizers", "app.training"),
    ("Help", "Every key and what it does", "app.help"),
)
