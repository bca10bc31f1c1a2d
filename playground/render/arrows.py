"""Short arrows for vectors at a point (gradient, momentum buffer) on a canvas."""

from __future__ import annotations

import math

import numpy as np

from .canvas import Canvas
from .paths import View, clip_segments, pixel_box, rasterise, to_cell, to_pixels

# Counter-clockwise from east, one per 45° sector.
ARROW_GLYPHS = ("→", "↗", "↑", "↖", "←", "↙", "↓", "↘")


def arrow_glyph(right: float, up: float) -> str:
    """The arrowhead for a direction on screen (``up`` positive = towards the top)."""
    sector = round(math.degrees(math.atan2(up, right)) / 45.0) % 8
    return ARROW_GLYPHS[sector]


def draw_arrow(canvas: Canvas, view: View, point, vector, color, scale: float = 1.0,
               min_length: float = 3.0, max_length: float = 12.0) -> bool:
    """Draw an arrow from ``point`` towards ``point + scale * vector`` (data units).

    Its length on screen is that displacement in pixels, kept within
    [min_length, max_length] pixels so tiny vectors still show a direction and
    huge ones stay short, then shortened so the head stays on the canvas. The
    shaft is pixels in ``color``; the head is an arrow glyph picked by the
    on-screen angle (pixels are about square: half a cell, a cell being ~1:2).
    Returns False, drawing nothing, for a zero or non-finite vector or a point
    outside the view. In place.
    """
    width, height = canvas.width, canvas.height
    (x, y), (vx, vy) = _pair(point), _pair(vector)
    c0, r0 = (float(v) for v in to_pixels(view, width, height, x, y))
    c1, r1 = (float(v) for v in to_pixels(view, width, height, x + scale * vx, y + scale * vy))
    right, down = c1 - c0, r1 - r0
    length = math.hypot(right, down)
    if to_cell(view, width, height, x, y) is None or not math.isfinite(length) or length == 0:
        return False
    wanted = min(max(length, min_length), max_length)
    tip_c, tip_r = c0 + right / length * wanted, r0 + down / length * wanted
    box = pixel_box(width, height)
    _, sc0, sr0, sc1, sr1 = (np.asarray(v)[0] for v in clip_segments(
        np.array([c0]), np.array([r0]), np.array([tip_c]), np.array([tip_r]), box))
    cols, rows, _ = rasterise(np.array([sc0]), np.array([sr0]), np.array([sc1]), np.array([sr1]))
    canvas.paint(np.clip(cols, 0, width - 1), np.clip(rows, 0, 2 * height - 1), color)
    head_col = min(max(math.floor(sc1 + 0.5), 0), width - 1)
    head_row = min(max(math.floor((sr1 + 0.5) / 2), 0), height - 1)
    canvas.put(head_col, head_row, arrow_glyph(right, -down), color)
    return True


def _pair(value) -> tuple[float, float]:
    a, b = value
    return float(a), float(b)
