"""What a live training view shows, folded from the run's events (no Textual).

The app's training screen feeds every event into a ``Board`` and draws from
it; so can anything else that watches a run.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from .events import Diverged, EpochEnd, Finished, LrChanged, Progress, Started


@dataclass
class Lane:
    """One optimizer's row of the board."""

    label: str
    steps: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    smooth: list[float] = field(default_factory=list)
    """``losses`` through the lane's ``Smoother``, kept up as points arrive."""
    smoother: Smoother = field(default_factory=lambda: Smoother())
    epochs: list[EpochEnd] = field(default_factory=list)
    lr_marks: list[tuple[int, float]] = field(default_factory=list)
    """(step, new lr) where the learning rate was changed during the run."""
    step: int = 0
    samples_per_s: float = 0.0
    diverged_at: int | None = None


@dataclass
class Board:
    """Curves, epoch table, progress and speed of a run, as events arrive."""

    lanes: list[Lane] = field(default_factory=list)
    total_steps: int = 0
    """Steps of all optimizers together, for the progress bar."""
    dataset: str = ""
    note: str = ""
    device: str = ""
    finished: bool = False
    stopped: bool = False
    started_at: float | None = None

    def apply(self, event) -> None:
        if isinstance(event, Started):
            self.lanes = [Lane(label) for label in event.labels]
            self.total_steps = event.steps_per_epoch * event.epochs * len(event.labels)
            self.dataset, self.note, self.device = event.dataset, event.note, event.device
            self.started_at = time.perf_counter()
        elif isinstance(event, Progress):
            lane = self.lanes[event.index]
            lane.steps.extend(event.curve_steps)
            lane.losses.extend(event.curve_losses)
            lane.smooth.extend(lane.smoother.push(event.curve_losses))
            lane.step, lane.samples_per_s = event.step, event.samples_per_s
        elif isinstance(event, EpochEnd):
            self.lanes[event.index].epochs.append(event)
        elif isinstance(event, Diverged):
            self.lanes[event.index].diverged_at = event.step
        elif isinstance(event, LrChanged):
            self.lanes[event.index].lr_marks.append((event.step, event.lr))
        elif isinstance(event, Finished):
            self.finished, self.stopped = True, event.stopped

    @property
    def done_steps(self) -> int:
        """Steps taken so far; a diverged optimizer counts as done."""
        per_lane = self.total_steps // max(len(self.lanes), 1)
        return sum(per_lane if lane.diverged_at is not None else lane.step for lane in self.lanes)

    def eta_seconds(self) -> float | None:
        """Time left at the pace so far."""
        done = self.done_steps
        if self.started_at is None or not done or self.finished:
            return None
        elapsed = time.perf_counter() - self.started_at
        return elapsed * (self.total_steps - done) / done


class Smoother:
    """An exponential moving average, bias-corrected as TensorBoard's slider:
    a readable trend through the noise of small batches. Fed chunk by chunk,
    so a live curve costs only its new points; NaN/inf are skipped."""

    def __init__(self, weight: float = 0.8) -> None:
        self.weight, self.average, self.count = weight, 0.0, 0

    def push(self, values) -> list[float]:
        out = []
        for value in values:
            if value is not None and math.isfinite(value):
                self.average = self.weight * self.average + (1 - self.weight) * value
                self.count += 1
            out.append(self.average / (1 - self.weight**self.count) if self.count else math.nan)
        return out


def smoothed(values, weight: float = 0.8) -> np.ndarray:
    """The whole curve ``values`` through a fresh ``Smoother``."""
    return np.array(Smoother(weight).push(values), dtype=float)
