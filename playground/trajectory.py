"""Run optimizers on a surface from a start point: paths, losses, divergence.

One point is simulated with plain Python floats (each coordinate through the
rule, ~1 µs a step), which is what lets the app re-run a whole race of eight
optimizers for a thousand steps on every key press.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import islice
from typing import Iterator, Sequence

import numpy as np

from .optimizers import OptimizerConfig
from .optimizers import torch_bridge
from .surfaces import Surface
from .xp import scalar

# Arithmetic errors Python floats raise where numpy would give inf or NaN.
_FLOAT_ERRORS = (OverflowError, ValueError, ZeroDivisionError)


def divergence_bound(surface: Surface) -> float:
    """How far out a point counts as diverged: a million view-widths."""
    x_min, x_max, y_min, y_max = surface.view
    return 1e6 * max(x_max - x_min, y_max - y_min, 1.0)


@dataclass
class Trajectory:
    """One optimizer's run: where it went and how the loss fell."""

    optimizer: OptimizerConfig
    path: np.ndarray
    """Positions, shape (n + 1, 2): the start, then after each step."""
    losses: np.ndarray
    """f at each position, shape (n + 1,)."""
    grad_norms: np.ndarray
    """|∇f| at each position, shape (n + 1,)."""
    diverged_at: int | None = None
    """The step that left the finite world (non-finite, or past the bound);
    the path stops just before it."""

    @property
    def label(self) -> str:
        return self.optimizer.label

    @property
    def steps(self) -> int:
        return len(self.path) - 1

    @property
    def final_loss(self) -> float:
        return math.inf if self.diverged_at is not None else float(self.losses[-1])

    def steps_to(self, loss: float) -> int | None:
        """The first step at which the loss is at or below ``loss``."""
        hits = np.flatnonzero(self.losses <= loss)
        return int(hits[0]) if hits.size else None


def walk(surface: Surface, optimizer: OptimizerConfig, start: Sequence[float],
         bound: float | None = None) -> Iterator[tuple[float, float, float, float]]:
    """Yield ``(x, y, loss, grad_norm)`` at the start and after every step,
    until the point diverges (then the generator simply ends)."""
    if optimizer.runs_in_torch:
        yield from _walk_torch(surface, optimizer, start, bound)
        return
    bound = bound or divergence_bound(surface)
    step = optimizer.make_step()
    # The formulas themselves, called with the float namespace: this loop runs
    # a million times a second, and skipping the type dispatch is ~15% of it.
    value, gradient = surface._value, surface._gradient
    x, y = float(start[0]), float(start[1])
    state_x, state_y = {}, {}
    t = 0
    try:
        while abs(x) <= bound and abs(y) <= bound:
            loss = value(x, y, scalar)
            if not math.isfinite(loss):
                return
            gx, gy = gradient(x, y, scalar)
            yield x, y, loss, math.hypot(gx, gy)
            t += 1
            x, y = step(x, gx, state_x, t, scalar), step(y, gy, state_y, t, scalar)
    except _FLOAT_ERRORS:
        return


def _walk_torch(surface, optimizer, start, bound):
    bound = bound or divergence_bound(surface)
    step = torch_bridge.make_stepper(optimizer.name, optimizer.hyperparameters,
                                     np.array([start], dtype=float), surface)
    x, y = float(start[0]), float(start[1])
    with np.errstate(all="ignore"):
        while abs(x) <= bound and abs(y) <= bound:
            loss = float(surface.value(x, y))
            if not math.isfinite(loss):
                return
            gx, gy = surface.gradient(x, y)
            yield x, y, loss, math.hypot(gx, gy)
            (x, y), = step()


def run_one(surface: Surface, optimizer: OptimizerConfig, start: Sequence[float],
            steps: int, bound: float | None = None) -> Trajectory:
    """``steps`` steps of one optimizer (fewer if it diverges)."""
    rows = list(islice(walk(surface, optimizer, start, bound), steps + 1))
    table = np.array(rows, dtype=float).reshape(-1, 4)
    diverged_at = len(rows) if len(rows) <= steps else None
    return Trajectory(optimizer, table[:, :2], table[:, 2], table[:, 3], diverged_at)


def run(surface: Surface, optimizers: Sequence[OptimizerConfig], start: Sequence[float],
        steps: int) -> list[Trajectory]:
    """Race every optimizer from the same start for ``steps`` steps."""
    return [run_one(surface, optimizer, start, steps) for optimizer in optimizers]


def state_at(surface: Surface, optimizer: OptimizerConfig, start: Sequence[float],
             step: int) -> dict[str, tuple[float, float]]:
    """The rule's internal state (momentum buffer, squared sums...) after ``step``
    steps, as ``{name: (x component, y component)}``: for showing, not storing."""
    if optimizer.runs_in_torch or step <= 0:
        return {}
    rule = optimizer.make_step()
    x, y = float(start[0]), float(start[1])
    state_x, state_y = {}, {}
    try:
        for t in range(1, step + 1):
            gx, gy = surface.gradient(x, y)
            x, y = rule(x, gx, state_x, t, scalar), rule(y, gy, state_y, t, scalar)
    except _FLOAT_ERRORS:
        return {}
    return {name: (float(state_x[name]), float(state_y[name])) for name in state_x}
