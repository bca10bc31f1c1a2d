"""The race legend as rich Text, and loss curves thinned to a plot's width."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from rich.style import Style
from rich.text import Text

from .colors import as_rgb, optimizer_color, rgb_to_hex

SWATCH = "━━"
"""A short stroke of the path's colour: the legend shows lines, not fills."""


def legend_line(label: str, color, status: str = "", label_width: int = 0) -> Text:
    """``━━ label  status``: the swatch in ``color``, the status dimmed."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(SWATCH, Style(color=rgb_to_hex(as_rgb(color)), bold=True))
    line.append(" " + label.ljust(label_width))
    if status:
        line.append("  " + status, Style(dim=True))
    return line


def trajectory_status(trajectory, step: int | None = None) -> str:
    """"diverged at 37" once the run has left the finite world by ``step``
    (default: the end), else the loss there, e.g. "loss 1.2e-05"."""
    diverged_at = trajectory.diverged_at
    if diverged_at is not None and (step is None or step >= diverged_at):
        return f"diverged at {diverged_at}"
    losses = np.asarray(trajectory.losses)
    if losses.size == 0:
        return "no steps"
    at = len(losses) - 1 if step is None else min(max(step, 0), len(losses) - 1)
    return f"loss {losses[at]:.3g}"


def race_legend(trajectories: Sequence, step: int | None = None,
                colors: Sequence | None = None, separator: str = "\n") -> Text:
    """One legend entry per trajectory, one a line (labels padded so the
    statuses line up) or, with another ``separator``, side by side."""
    colors = list(colors) if colors is not None else [optimizer_color(i) for i in range(len(trajectories))]
    width = max((len(t.label) for t in trajectories), default=0) if separator == "\n" else 0
    entries = [legend_line(t.label, color, trajectory_status(t, step), width)
               for t, color in zip(trajectories, colors)]
    return Text(separator).join(entries)


def downsample(xs, ys, width: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ``2 * width`` points of a curve that keep its shape.

    Points with a non-finite x or y are dropped first (a plot cannot place
    them). The rest is cut into ``width - 1`` buckets; each keeps its lowest and
    highest point, in order, so spikes and the best loss survive; the first
    and the last (finite) point are always kept. ``xs`` None means 0, 1, 2...
    Short curves come back whole.
    """
    if width < 1:
        raise ValueError(f"width must be at least 1, got {width}")
    ys = np.asarray(ys, dtype=float).ravel()
    xs = np.arange(len(ys), dtype=float) if xs is None else np.asarray(xs, dtype=float).ravel()
    if len(xs) != len(ys):
        raise ValueError(f"xs and ys differ in length: {len(xs)} and {len(ys)}")
    finite = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[finite], ys[finite]
    n = len(ys)
    if n <= 2 * width:
        return xs, ys
    # Two slots go to the endpoints, so width - 1 buckets of two keep us <= 2*width.
    buckets = width - 1
    keep = [np.array([0, n - 1])]
    if buckets:
        bucket = np.arange(n) * buckets // n
        order = np.lexsort((ys, bucket))  # by bucket, then by value within it
        firsts = np.flatnonzero(np.diff(bucket[order], prepend=-1))
        lasts = np.append(firsts[1:] - 1, n - 1)
        keep += [order[firsts], order[lasts]]
    keep = np.unique(np.concatenate(keep))
    return xs[keep], ys[keep]
