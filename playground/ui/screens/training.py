"""The training screen: the racing optimizers train the MLP, live and side by side."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from ...params import Param
from ...render.colors import optimizer_color
from ...render.training import epochs_panel, lanes_panel
from ...training import TrainingConfig, train
from ...training.board import Board
from ..widgets.training_plot import TrainingPlot

DATASETS = ("mnist", "fashion-mnist", "kmnist")
BATCH_SIZES = (1, 16, 32, 64, 128, 256)
STEP_LIMITS = (None, 50, 200, 1000)
POST_EVERY = 0.2
"""Seconds between batches of events sent to the screen: live, yet cheap."""
_LR = Param("lr", 1e-2, 1e-6, 10.0, log=True)


class TrainingScreen(Screen):
    """Keys set up the run, start, pause and stop it, and change a learning rate
    while it trains; the training itself runs in a thread worker."""

    BINDINGS = [
        Binding("s", "start", "Start"),
        Binding("space", "pause", "Pause/resume"),
        Binding("x", "stop", "Stop"),
        Binding("tab", "select(1)", "Next optimizer", priority=True),
        Binding("shift+tab", "select(-1)", "Previous", show=False, priority=True),
        Binding("l,plus,equals_sign", "lr(1)", "lr ×1.26"),
        Binding("h,minus", "lr(-1)", "lr ÷1.26"),
        Binding("d", "cycle('dataset')", "Dataset"),
        Binding("b", "cycle('batch_size')", "Batch size"),
        Binding("e", "cycle('epochs')", "Epochs"),
        Binding("m", "cycle('max_steps')", "Steps/epoch", show=False),
        Binding("w", "save", "Save"),
        Binding("o", "open", "Open saved"),
        Binding("escape", "back", "Back to the race"),
    ]

    def __init__(self, race, config: TrainingConfig | None = None) -> None:
        super().__init__()
        self.configs = list(race.entrants)
        self.lrs = [float(c.hyperparameters.get("lr", 1e-3)) for c in self.configs]
        self.config = config or TrainingConfig(epochs=5, batch_size=64)
        self.board = Board()
        self.selected = 0
        self.saved: list[dict] = []
        self.run = None
        self._resume = threading.Event()
        self._resume.set()

    def compose(self) -> ComposeResult:
        yield Static(id="train-settings")
        yield Static(id="train-status")
        yield ProgressBar(id="train-progress", show_eta=True)
        with Horizontal(id="train-main"):
            yield TrainingPlot(id="train-plot")
            with Vertical(id="train-side"):
                yield Static(id="train-lanes")
                with VerticalScroll(id="train-epochs-scroll"):
                    yield Static(id="train-epochs")
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()

    @property
    def running(self) -> bool:
        return self.run is not None and not self.board.finished

    def colors(self) -> list:
        return [optimizer_color(i) for i in range(len(self.configs))]

    # -- drawing -------------------------------------------------------------
    def redraw(self) -> None:
        c = self.config
        steps = "all" if c.max_steps is None else c.max_steps
        self.query_one("#train-settings", Static).update(
            f"[b]dataset[/b] {c.dataset} (d)   [b]batch size[/b] {c.batch_size} (b)   [b]epochs[/b] {c.epochs} (e)"
            f"   [b]steps/epoch[/b] {steps} (m)   [b]data[/b] {c.data_dir or 'cache / Debian package'}")
        self.query_one("#train-lanes", Static).update(
            lanes_panel(self.board, self.configs, self.lrs, self.selected, self.colors()))
        self.query_one("#train-epochs", Static).update(epochs_panel(self.board))
        self.query_one(TrainingPlot).show(self.board.lanes, self.colors(), self.saved)
        progress = self.query_one(ProgressBar)
        if self.board.total_steps:
            progress.update(total=self.board.total_steps, progress=self.board.done_steps)
        self.query_one("#train-status", Static).update(self._status())

    def _status(self) -> str:
        board = self.board
        if self.run is None:
            return "press s to train the 784-200-10 MLP with the optimizers of the race"
        if board.finished:
            state = "stopped" if board.stopped else "finished"
        elif not board.lanes:
            state = "loading the data…"
        else:
            state = "paused" if not self._resume.is_set() else "training"
        speed = sum(lane.samples_per_s for lane in board.lanes)
        note = f"  [dim]{board.note}[/]" if board.note else ""
        return f"{state} on {board.device or '…'}   {speed:,.0f} samples/s{note}"

    # -- the worker ----------------------------------------------------------
    @work(thread=True, exclusive=True, group="training")
    def _train(self, run) -> None:
        pending, last = [], time.perf_counter()
        try:
            for event in run:
                pending.append(event)
                if time.perf_counter() - last >= POST_EVERY or type(event).__name__ != "Progress":
                    self.app.call_from_thread(self._receive, pending)
                    pending, last = [], time.perf_counter()
                self._resume.wait()  # paused: the run waits between two chunks
        except ValueError as error:  # DataError too: missing or corrupt files
            self.app.call_from_thread(self._failed, str(error))
            return
        if pending:
            self.app.call_from_thread(self._receive, pending)

    def _receive(self, events) -> None:
        for event in events:
            self.board.apply(event)
        self.redraw()

    def _failed(self, message: str) -> None:
        self.run = None
        self.notify(message, severity="error", timeout=10)
        self.redraw()

    # -- actions -------------------------------------------------------------
    def action_start(self) -> None:
        if self.running:
            return
        configs = [c.with_hyperparameter("lr", lr) if "lr" in c.hyperparameters else c
                   for c, lr in zip(self.configs, self.lrs)]
        self.board = Board()
        self._resume.set()
        self.run = train(self.config, configs)
        self._train(self.run)
        self.redraw()

    def action_pause(self) -> None:
        if self.running:
            if self._resume.is_set():
                self._resume.clear()
            else:
                self._resume.set()
            self.redraw()

    def action_stop(self) -> None:
        if self.running:
            self.run.stop()
            self._resume.set()

    def action_select(self, delta: int) -> None:
        self.selected = (self.selected + delta) % len(self.configs)
        self.redraw()

    def action_lr(self, direction: int) -> None:
        lr = _LR.nudge(self.lrs[self.selected], direction)
        self.lrs[self.selected] = lr
        if self.running:
            self.run.set_lr(self.selected, lr)
        self.redraw()

    def action_cycle(self, name: str) -> None:
        if self.running:
            self.notify("stop the run first (x) to change its settings", timeout=3)
            return
        choices = {"dataset": DATASETS, "batch_size": BATCH_SIZES, "epochs": tuple(range(1, 11)),
                   "max_steps": STEP_LIMITS}[name]
        current = getattr(self.config, name)
        value = choices[(choices.index(current) + 1) % len(choices)] if current in choices else choices[0]
        self.config = replace(self.config, **{name: value})
        self.redraw()

    def action_save(self) -> None:
        if self.run is None:
            self.notify("nothing to save yet: start a run with s", timeout=3)
            return
        from ...jsonio import write_json_atomic

        path = f"training-{time.strftime('%Y%m%d-%H%M%S')}.json"
        write_json_atomic(path, self.run.result.to_json())
        self.notify(f"saved {path}; reopen it with o to compare", timeout=5)

    def action_open(self) -> None:
        from .pickers import PathPrompt

        self.app.push_screen(PathPrompt("A saved training run (JSON) to compare with"), self._open)

    def _open(self, path: str | None) -> None:
        if not path:
            return
        from ...training.board import smoothed
        from ...training.saved import load_saved_run

        try:
            self.saved = [{**run, "smooth": smoothed(run["curve"]["losses"])} for run in load_saved_run(path)]
        except ValueError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        self.notify(f"showing {path} in grey", timeout=4)
        self.redraw()

    def action_back(self) -> None:
        if self.running:
            self.run.stop()
            self._resume.set()
        self.app.pop_screen()
