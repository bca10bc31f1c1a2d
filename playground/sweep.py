"""Sweeps: many runs at once with numpy — hyperparameter grids and basins of starts.

Each point of a sweep carries its own setting (an array of learning rates
broadcasts through the update rule), so a 100×100 lr × momentum map is one
vectorised run of 10,000 points. Points that diverge are dropped from the
working set as they go, so they cost nothing afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .optimizers import OptimizerConfig
from .surfaces import Surface
from .trajectory import divergence_bound

_COMPONENT = re.compile(r"^(\w+)\[(\d)\]$")


@dataclass
class BatchResult:
    """Where each of N runs ended; -1 in the step arrays means "never"."""

    final_points: np.ndarray
    """(2, N); NaN where the run diverged."""
    final_loss: np.ndarray
    """(N,); inf where the run diverged."""
    diverged_at: np.ndarray
    reached_at: np.ndarray
    """First step with loss ≤ target (-1 if never or no target given)."""


def with_values(hyperparameters: dict, overrides: dict) -> dict:
    """Hyperparameters with some replaced; ``betas[0]`` names one component."""
    values = dict(hyperparameters)
    for name, value in overrides.items():
        match = _COMPONENT.match(name)
        if match:
            base, index = match.group(1), int(match.group(2))
            parts = list(values[base])
            parts[index] = value
            values[base] = tuple(parts)
        else:
            values[name] = value
    return values


def run_batch(surface: Surface, optimizer: OptimizerConfig, starts: np.ndarray, steps: int,
              overrides: dict | None = None, target: float | None = None) -> BatchResult:
    """Run N points (``starts`` is (2, N)) for ``steps`` steps at once.

    ``overrides`` maps hyperparameter names (or ``betas[0]``) to arrays of N
    per-point values. ``target``: also record the first step each point's
    loss is at or below it.
    """
    if optimizer.runs_in_torch:
        raise ValueError(f"sweeps need a registry optimizer, not the torch class {optimizer.name!r}")
    count = starts.shape[1]
    alive = np.arange(count)
    points = np.array(starts, dtype=float)
    per_point = {k: np.broadcast_to(np.asarray(v, dtype=float), (count,)) for k, v in (overrides or {}).items()}
    rule = optimizer.rule.factory(**with_values(optimizer.hyperparameters, per_point))
    state: dict = {}
    bound = divergence_bound(surface)
    diverged_at = np.full(count, -1)
    reached_at = np.full(count, -1)
    if target is not None:
        reached_at[surface.value(points[0], points[1]) <= target] = 0
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            gx, gy = surface.gradient(points[0], points[1])
            points = rule(points, np.stack((gx, gy)), state, t, np)
            bad = ~(np.abs(points) <= bound).all(axis=0)
            if target is not None:
                loss = surface.value(points[0], points[1])
                bad |= ~np.isfinite(loss)
                newly = (loss <= target) & (reached_at[alive] < 0)
                reached_at[alive[newly]] = t
            if bad.any():
                diverged_at[alive[bad]] = t
                keep = ~bad
                alive, points = alive[keep], points[:, keep]
                state = {k: v[..., keep] if np.ndim(v) else v for k, v in state.items()}
                per_point = {k: v[keep] for k, v in per_point.items()}
                rule = optimizer.rule.factory(**with_values(optimizer.hyperparameters, per_point))
                if not alive.size:
                    break
        final = np.full((2, count), np.nan)
        final[:, alive] = points
        loss = np.full(count, np.inf)
        loss[alive] = surface.value(points[0], points[1])
    late = ~np.isfinite(loss) & (diverged_at < 0)
    diverged_at[late] = steps
    loss[~np.isfinite(loss)] = np.inf
    return BatchResult(final, loss, diverged_at, reached_at)


@dataclass
class SweepResult:
    """A hyperparameter map: rows follow ``y_values``, columns ``x_values``."""

    x_name: str
    x_values: np.ndarray
    y_name: str
    y_values: np.ndarray
    final_loss: np.ndarray
    reached_at: np.ndarray
    diverged_at: np.ndarray

    def best(self) -> tuple[float, float]:
        """The (x, y) setting with the fewest steps to the target, or else
        the lowest final loss."""
        if (self.reached_at >= 0).any():
            score = np.where(self.reached_at >= 0, self.reached_at, np.iinfo(int).max)
        else:
            score = self.final_loss
        row, column = np.unravel_index(np.argmin(score), score.shape)
        return float(self.x_values[column]), float(self.y_values[row])


def hyperparameter_sweep(surface: Surface, optimizer: OptimizerConfig, start, steps: int,
                         x_name: str, x_values, y_name: str, y_values,
                         target: float | None = None) -> SweepResult:
    """Final loss (and steps to ``target``) over a grid of two hyperparameters."""
    xs, ys = np.asarray(x_values, dtype=float), np.asarray(y_values, dtype=float)
    grid_x, grid_y = np.meshgrid(xs, ys)
    count = grid_x.size
    starts = np.repeat(np.asarray(start, dtype=float).reshape(2, 1), count, axis=1)
    try:
        result = run_batch(surface, optimizer, starts, steps,
                           {x_name: grid_x.ravel(), y_name: grid_y.ravel()}, target)
    except (KeyError, TypeError):
        raise ValueError(
            f"optimizer {optimizer.name!r} cannot sweep {x_name!r} × {y_name!r} "
            f"(it has {', '.join(optimizer.hyperparameters)})"
        ) from None
    shape = grid_x.shape
    return SweepResult(x_name, xs, y_name, ys, result.final_loss.reshape(shape),
                       result.reached_at.reshape(shape), result.diverged_at.reshape(shape))


@dataclass
class BasinResult:
    """Which known minimum each start of a grid over the view ends in."""

    view: tuple[float, float, float, float]
    basin: np.ndarray
    """(rows, columns), row 0 at y_min: index into ``surface.minima()``;
    -1 none reached, -2 diverged."""
    final_loss: np.ndarray

    def reached(self) -> set[int]:
        return {int(i) for i in np.unique(self.basin) if i >= 0}


def basin_sweep(surface: Surface, optimizer: OptimizerConfig, steps: int, columns: int, rows: int,
                view=None, tolerance: float | None = None) -> BasinResult:
    """Start a run at every cell of a grid over ``view``; label where each ends.
    Row 0 is the bottom of the view (y_min), as in a plot of the map."""
    x_min, x_max, y_min, y_max = view or surface.view
    grid_x, grid_y = np.meshgrid(np.linspace(x_min, x_max, columns), np.linspace(y_min, y_max, rows))
    result = run_batch(surface, optimizer, np.stack((grid_x.ravel(), grid_y.ravel())), steps)
    tolerance = tolerance or 0.02 * max(x_max - x_min, y_max - y_min)
    basin = np.full(grid_x.size, -1)
    for index, minimum in enumerate(surface.minima()):
        distance = np.hypot(result.final_points[0] - minimum.x, result.final_points[1] - minimum.y)
        basin[distance <= tolerance] = index
    basin[result.diverged_at >= 0] = -2
    shape = grid_x.shape
    return BasinResult((x_min, x_max, y_min, y_max), basin.reshape(shape), result.final_loss.reshape(shape))


# The second axis of the convergence map, per rule: what pairs with lr.
_PARTNER = {"sgd": "momentum", "momentum": "momentum", "nesterov": "momentum", "rmsprop": "alpha",
            "adadelta": "rho", "adagrad": "lr_decay", "handwritten_adagrad": "eps"}
_AXES = {"momentum": (0.0, 0.99, False), "betas[0]": (0.0, 0.99, False), "alpha": (0.5, 0.999, False),
         "rho": (0.5, 0.999, False), "lr_decay": (1e-5, 1.0, True), "eps": (1e-10, 1.0, True)}


def map_axes(optimizer: OptimizerConfig, columns: int, rows: int):
    """The convergence map's axes for ``optimizer``: lr (log) × its natural
    partner (momentum, β₁, alpha...), sized ``columns`` × ``rows``."""
    partner = _PARTNER.get(optimizer.name, "betas[0]")
    if partner == "momentum" and optimizer.hyperparameters.get("nesterov"):
        low, high, log = 0.01, 0.99, False  # Nesterov needs a momentum
    else:
        low, high, log = _AXES[partner]
    lr = optimizer.hyperparameters["lr"]
    lrs = np.geomspace(min(1e-4, lr), max(1.0, lr), columns)
    partners = np.geomspace(low, high, rows) if log else np.linspace(low, high, rows)
    return "lr", lrs, partner, partners


def current_setting(optimizer: OptimizerConfig, name: str) -> float:
    """A hyperparameter's value, ``betas[0]`` naming a component."""
    match = _COMPONENT.match(name)
    if match:
        return float(optimizer.hyperparameters[match.group(1)][int(match.group(2))])
    return float(optimizer.hyperparameters[name])
