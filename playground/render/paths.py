"""Trajectories onto a canvas: clipped lines on the half-block pixel grid, plus markers."""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np

from .canvas import Canvas
from .colors import NEUTRAL, as_rgb, optimizer_color

View = tuple[float, float, float, float]
CURRENT_GLYPH = "●"
START_GLYPH = "◆"
MINIMUM_GLYPH = "★"
# Far bigger than float32 rounding over a few hundred pixels, far below a pixel.
_HAIR = 1e-3


def to_pixels(view: View, width: int, height: int, xs, ys) -> tuple[np.ndarray, np.ndarray]:
    """Data (x, y) -> continuous (column, pixel row) on the 2*height pixel grid.

    Pixel centres sit where ``Surface.grid(width, 2*height, view)`` samples, so
    x_min is column 0, x_max column width-1, y_max pixel row 0 (the top).
    """
    x_min, x_max, y_min, y_max = view
    with np.errstate(all="ignore"):
        cols = (np.asarray(xs, dtype=float) - x_min) / (x_max - x_min) * (width - 1)
        rows = (y_max - np.asarray(ys, dtype=float)) / (y_max - y_min) * (2 * height - 1)
    return cols, rows


def to_cell(view: View, width: int, height: int, x: float, y: float) -> tuple[int, int] | None:
    """The (column, row) of the cell showing (x, y), or None outside the canvas."""
    col, prow = to_pixels(view, width, height, x, y)
    if not (math.isfinite(col) and math.isfinite(prow)):
        return None
    col, row = math.floor(col + 0.5), math.floor((prow + 0.5) / 2)
    return (col, row) if 0 <= col < width and 0 <= row < height else None


def clip_segments(x0, y0, x1, y1, box) -> tuple[np.ndarray, ...]:
    """Liang-Barsky on arrays of segments against ``box`` = (x_lo, x_hi, y_lo, y_hi).

    Returns (kept, x0, y0, x1, y1): the mask of segments that touch the box and
    every segment's clipped ends (meaningful where kept). Non-finite ends drop.
    """
    x_lo, x_hi, y_lo, y_hi = box
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = np.zeros(len(x0)), np.ones(len(x0))
    kept = np.isfinite(x0) & np.isfinite(y0) & np.isfinite(x1) & np.isfinite(y1)
    with np.errstate(all="ignore"):
        for p, q in ((-dx, x0 - x_lo), (dx, x_hi - x0), (-dy, y0 - y_lo), (dy, y_hi - y0)):
            ratio = q / p
            kept &= ~((p == 0) & (q < 0))  # parallel to this edge and outside it
            t0 = np.where(p < 0, np.maximum(t0, ratio), t0)
            t1 = np.where(p > 0, np.minimum(t1, ratio), t1)
        kept &= t0 <= t1
        return kept, x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy


def rasterise(x0, y0, x1, y1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """DDA on many segments at once: the (columns, rows) of every pixel, and
    how many pixels each segment gave (they come out segment by segment).

    Each segment gets ceil(longest side) + 1 evenly spaced samples rounded to
    pixel centres, so consecutive pixels touch (8-connected). Ends must lie in
    ``pixel_box`` (then truncation is rounding and no index falls outside).
    """
    dx, dy = x1 - x0, y1 - y0
    steps = np.ceil(np.maximum(np.abs(dx), np.abs(dy)))
    counts = steps.astype(np.int64) + 1
    # The cost is memory traffic over every pixel: float32 halves it and is
    # exact enough for a few hundred pixels; repeating per-segment values is
    # cheaper than gathering them by segment index.
    k = np.arange(counts.sum(), dtype=np.float32)
    k -= np.repeat((np.cumsum(counts) - counts).astype(np.float32), counts)
    per_step = 1.0 / np.maximum(steps, 1.0)
    cols = np.repeat((x0 + 0.5).astype(np.float32), counts)
    cols += k * np.repeat((dx * per_step).astype(np.float32), counts)
    rows = np.repeat((y0 + 0.5).astype(np.float32), counts)
    rows += k * np.repeat((dy * per_step).astype(np.float32), counts)
    return cols.astype(np.int32), rows.astype(np.int32), counts


def draw_paths(canvas: Canvas, view: View, paths: Sequence[np.ndarray], colors: Sequence) -> Canvas:
    """Draw each (n, 2) path as connected pixels in its colour, later paths on
    top; segments are clipped to the view. In place; returns ``canvas``.

    Half-block pixels rather than braille dots: a pixel is a solid block of
    the optimizer's colour that reads on any heatmap band, it sits on the
    heatmap's own grid (a path lies exactly on the valley it follows), and two
    paths can share a cell (one above, one below) where braille allows one ink.
    """
    width, height = canvas.width, canvas.height
    ends, owner = _segments(view, width, height, paths)
    kept, x0, y0, x1, y1 = clip_segments(*ends, pixel_box(width, height))
    cols, rows, counts = rasterise(x0[kept], y0[kept], x1[kept], y1[kept])
    flat = rows * np.int32(width) + cols
    # Pixels come out grouped by path, in path order; each path's slice is
    # written whole, so later paths win wherever two cross.
    per_path = np.bincount(owner[kept], weights=counts, minlength=len(paths))
    bounds = np.concatenate(([0], np.cumsum(per_path).astype(np.int64)))
    painter = np.full(2 * height * width, -1, dtype=np.int16)
    for index in range(min(len(paths), len(colors))):
        painter[flat[bounds[index]:bounds[index + 1]]] = index
    palette = np.array([as_rgb(color) for color in colors], dtype=np.uint8).reshape(-1, 3)
    canvas.paint_indexed(painter.reshape(2 * height, width), palette)
    return canvas


def _segments(view: View, width: int, height: int, paths: Sequence[np.ndarray]):
    """Every path's consecutive points as segments in pixel coordinates,
    ((x0, y0, x1, y1), index of the path each came from)."""
    ends, owners = [np.empty((4, 0))], [np.empty(0, dtype=np.int64)]
    for index, path in enumerate(paths):
        path = np.asarray(path, dtype=float).reshape(-1, 2)
        if len(path) == 1:  # a lone point is a segment of length zero
            path = np.repeat(path, 2, axis=0)
        cols, rows = to_pixels(view, width, height, path[:, 0], path[:, 1])
        ends.append(np.stack([cols[:-1], rows[:-1], cols[1:], rows[1:]]))
        owners.append(np.full(max(len(path) - 1, 0), index))
    return np.concatenate(ends, axis=1), np.concatenate(owners)


def pixel_box(width: int, height: int) -> tuple[float, float, float, float]:
    """The canvas in continuous pixel coordinates: half a pixel past each edge
    centre (a hair less on the far sides, so rounding stays inside)."""
    return (-0.5, width - 0.5 - _HAIR, -0.5, 2 * height - 0.5 - _HAIR)


def draw_marker(canvas: Canvas, view: View, point, glyph: str, color, bold: bool = True) -> bool:
    """Put ``glyph`` on the cell showing ``point`` ((x, y) or anything with
    ``.x``/``.y``); False when it lies outside the view. In place."""
    x, y = _xy(point)
    cell = to_cell(view, canvas.width, canvas.height, x, y)
    return cell is not None and canvas.put(cell[0], cell[1], glyph, color, bold)


def draw_race(canvas: Canvas, view: View, trajectories: Sequence, step: int | None = None,
              colors: Sequence | None = None, start=None, minima: Iterable = ()) -> Canvas:
    """A copy of ``canvas`` with every trajectory (or (n, 2) path) drawn up to
    ``step``, the known ``minima`` (★) and the ``start`` (◆) in a neutral
    colour, and each optimizer's current position (●) in its colour on top."""
    out = canvas.copy()
    paths = [np.asarray(getattr(t, "path", t), dtype=float).reshape(-1, 2) for t in trajectories]
    if step is not None:
        paths = [path[: max(step, 0) + 1] for path in paths]
    colors = list(colors) if colors is not None else [optimizer_color(i) for i in range(len(paths))]
    draw_paths(out, view, paths, colors)
    for minimum in minima:
        draw_marker(out, view, minimum, MINIMUM_GLYPH, NEUTRAL)
    if start is not None:
        draw_marker(out, view, start, START_GLYPH, NEUTRAL)
    for path, color in zip(paths, colors):
        if len(path):
            draw_marker(out, view, path[-1], CURRENT_GLYPH, color)
    return out


def _xy(point) -> tuple[float, float]:
    if hasattr(point, "x") and hasattr(point, "y"):
        return float(point.x), float(point.y)
    x, y = point
    return float(x), float(y)
