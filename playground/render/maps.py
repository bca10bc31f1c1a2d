"""Hyperparameter and start-point grids -> block canvases, with axis ticks."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from .canvas import Canvas
from .colors import BANDS, DIVERGED, NEUTRAL, categorical
from .heatmap import band_pixels, bands, levels

MAP_REL_DELTA = 1e-8
"""Final losses span many decades (1e-12 converged, 1e+2 stuck): give ten of
them colours, not the four a surface heatmap uses."""
CURRENT_GLYPH = "●"

# A grid ``values[i, j]`` holds the outcome at ``(x_axis[j], y_axis[i])``. It is
# shown like a plot, not like an array: x grows to the right and ``y_axis[0]``
# is the bottom row. Each entry is a block of cell_width x cell_height cells
# (2 x 1 looks about square) so the current setting's glyph marks one entry.


def convergence_map(losses: np.ndarray, x_axis: Sequence[float], y_axis: Sequence[float],
                    current: tuple[float, float] | None = None, cell_width: int = 2,
                    cell_height: int = 1, n_bands: int = BANDS) -> Canvas:
    """Final losses (inf/NaN = diverged, painted ``DIVERGED``) on the heatmap's
    log bands, dark = low; ``current`` = (x, y) setting marked with ``●``."""
    losses = _grid(losses, x_axis, y_axis).astype(float)
    band = bands(levels(np.where(np.isfinite(losses), losses, np.nan), MAP_REL_DELTA), n_bands)
    pixels = band_pixels(band, n_bands, contours=False)
    pixels[~np.isfinite(losses)] = DIVERGED
    return _blocks(pixels, x_axis, y_axis, current, cell_width, cell_height)


def basin_map(labels: np.ndarray, x_axis: Sequence[float], y_axis: Sequence[float],
              current: tuple[float, float] | None = None, cell_width: int = 2,
              cell_height: int = 1) -> Canvas:
    """Which minimum each start reached (index k gets the k-th distinct colour;
    -1 = none or diverged, painted ``DIVERGED``); ``current`` marked with ``●``."""
    labels = _grid(labels, x_axis, y_axis).astype(np.int64)
    palette = categorical(max(int(labels.max(initial=-1)) + 1, 1), avoid=DIVERGED)
    pixels = np.empty(labels.shape + (3,), dtype=np.uint8)
    pixels[labels >= 0] = palette[labels[labels >= 0]]
    pixels[labels < 0] = DIVERGED
    return _blocks(pixels, x_axis, y_axis, current, cell_width, cell_height)


def is_log_spaced(axis: Sequence[float]) -> bool:
    """True for a positive axis of three or more evenly spaced values in log."""
    a = np.asarray(axis, dtype=float)
    if len(a) < 3 or not (a > 0).all():
        return False
    steps = np.diff(np.log(a))
    return bool(np.allclose(steps, steps[0], rtol=1e-3)
                and not np.allclose(np.diff(a), a[1] - a[0], rtol=1e-3))


def axis_position(axis: Sequence[float], value: float) -> float:
    """Where ``value`` falls along ``axis`` in index units (2.5 = midway between
    entries 2 and 3), measured in log when the axis is log-spaced; extrapolated
    past the ends, so callers can tell "off the grid" (< -0.5 or > n - 0.5)."""
    a = np.asarray(axis, dtype=float)
    if is_log_spaced(a):
        a, value = np.log(a), (math.log(value) if value > 0 else -math.inf)
    n = len(a)
    if n == 1:
        return 0.0
    if a[0] > a[-1]:  # a descending axis: measure on the reversed one
        return n - 1 - axis_position(a[::-1], value)
    if value <= a[0]:
        return float((value - a[0]) / (a[1] - a[0]))
    if value >= a[-1]:
        return float(n - 1 + (value - a[-1]) / (a[-1] - a[-2]))
    return float(np.interp(value, a, np.arange(n)))


def x_ticks(axis: Sequence[float], cell_width: int = 2, count: int = 4) -> list[tuple[int, str]]:
    """(column, label) pairs for a map's x axis: decades ("1e-3") on a log axis."""
    return [(_cell(f, cell_width, len(axis)), label) for f, label in _ticks(axis, count)]


def y_ticks(axis: Sequence[float], cell_height: int = 1, count: int = 4) -> list[tuple[int, str]]:
    """(row from the top, label) pairs for a map's y axis."""
    n = len(axis)
    return [(_cell(n - 1 - f, cell_height, n), label) for f, label in _ticks(axis, count)]


def tick_line(ticks: Sequence[tuple[int, str]], width: int) -> str:
    """Labels centred on their columns in a ``width``-wide line; one that would
    touch the previous label or run off the line is dropped."""
    line, free_from = [" "] * width, 0
    for column, label in sorted(ticks):
        start = min(max(column - len(label) // 2, 0), width - len(label))
        if start < free_from or start < 0:
            continue
        line[start:start + len(label)] = label
        free_from = start + len(label) + 1
    return "".join(line)


def format_tick(value: float, log: bool) -> str:
    """``1e-3`` style on log axes (no "e-03" padding), ``%.3g`` otherwise."""
    if not log or value <= 0:
        return f"{value:.3g}"
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def decade_ticks(values, count: int = 6) -> tuple[list[float], list[str]]:
    """Ticks for a log-scaled plot axis spanning the finite positive ``values``
    (plotext's own labels print every digit): powers of ten, at most ``count``
    of them, or 1-2-5 steps when the values span less than two decades."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    if not v.size:
        return [], []
    low, high = np.log10(v.min()), np.log10(v.max())
    if high - low < 2:
        ticks = [m * 10.0 ** k for k in range(math.floor(low), math.ceil(high) + 1) for m in (1, 2, 5)]
        ticks = [t for t in ticks if v.min() <= t <= v.max()] or [10.0 ** round(low)]
        return ticks, [f"{t:.3g}" for t in ticks]
    decades = list(range(math.floor(low), math.ceil(high) + 1))
    decades = decades[:: max(1, math.ceil(len(decades) / count))]
    return [10.0 ** k for k in decades], [f"1e{k}" for k in decades]


def _ticks(axis: Sequence[float], count: int) -> list[tuple[float, str]]:
    """(fractional index, label): decades when a log axis spans two or more,
    otherwise ``count`` evenly spread entries of the axis itself."""
    a = np.asarray(axis, dtype=float)
    log = is_log_spaced(a)
    if log:
        low, high = np.log10(a.min()), np.log10(a.max())
        decades = np.arange(math.ceil(low - 1e-9), math.floor(high + 1e-9) + 1)
        if len(decades) >= 2:
            decades = decades[:: max(1, math.ceil(len(decades) / count))]
            return [(axis_position(a, 10.0 ** k), f"1e{int(k)}") for k in decades]
    picks = np.unique(np.rint(np.linspace(0, len(a) - 1, min(count, len(a)))).astype(int))
    return [(float(i), format_tick(a[i], log)) for i in picks]


def _cell(position: float, block: int, n: int) -> int:
    """The cell at the centre of fractional entry ``position`` (blocks of ``block``)."""
    return min(max(math.floor((position + 0.5) * block), 0), n * block - 1)


def _grid(values: np.ndarray, x_axis: Sequence[float], y_axis: Sequence[float]) -> np.ndarray:
    values = np.asarray(values)
    if values.shape != (len(y_axis), len(x_axis)):
        raise ValueError(f"grid shape {values.shape} does not match axes "
                         f"(len(y_axis), len(x_axis)) = ({len(y_axis)}, {len(x_axis)})")
    return values


def _blocks(pixels: np.ndarray, x_axis, y_axis, current, cell_width: int, cell_height: int) -> Canvas:
    """Flip so y grows upwards, blow each entry up to a block, mark ``current``."""
    cells = np.repeat(np.repeat(pixels[::-1], cell_height, axis=0), cell_width, axis=1)
    canvas = Canvas.from_pixels(np.repeat(cells, 2, axis=0))  # fg = bg: solid blocks
    if current is not None:
        i, j = axis_position(y_axis, current[1]), axis_position(x_axis, current[0])
        ny, nx = len(y_axis), len(x_axis)
        if -0.5 <= i < ny - 0.5 and -0.5 <= j < nx - 0.5:
            row = _cell(ny - 1 - round(i), cell_height, ny)
            canvas.put(_cell(round(j), cell_width, nx), row, CURRENT_GLYPH, NEUTRAL)
    return canvas
