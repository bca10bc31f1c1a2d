"""Colours: a dimmed viridis ramp for loss levels and bright, distinct optimizer inks."""

from __future__ import annotations

import numpy as np

RGB = tuple[int, int, int]

# Viridis, sampled at nine even stops (matplotlib's table): perceptually ordered,
# readable for colour-blind eyes, dark purple valleys rising to yellow walls.
_VIRIDIS_STOPS: tuple[RGB, ...] = (
    (68, 1, 84), (71, 44, 122), (59, 82, 139), (44, 113, 142), (33, 145, 140),
    (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
)
# The surface is the backdrop, the paths are the story: dimming the ramp keeps
# every band well below the brightness of the optimizer inks drawn over it.
RAMP_DIMMING = 0.62
BANDS = 14
"""How many discrete loss bands a heatmap uses (contour-like banding)."""
CONTOUR_SHADE = 0.72
"""Brightness factor for pixels on a band boundary (suggests contour lines)."""

DIVERGED: RGB = (200, 40, 40)
"""Cells of a convergence or basin map whose run diverged."""
NONFINITE: RGB = (96, 96, 96)
"""Heatmap samples that are NaN: no level to show."""
NEUTRAL: RGB = (235, 235, 235)
"""Markers that belong to no optimizer: the start, the known minima."""

# Redmean distance under which two colours risk being taken for one another.
_DISTINCT = 150.0

# Saturated, bright, and away from viridis's purple-blue-green-yellow track;
# ordered so that the first few (the usual race) are the most different. White
# is left to NEUTRAL so that start and minima markers belong to no one.
OPTIMIZER_COLORS: tuple[str, ...] = (
    "#ff4040",  # red
    "#00e5ff",  # cyan
    "#ff9f1c",  # orange
    "#ff5cf0",  # magenta
    "#7cff4f",  # lime
    "#4d8dff",  # azure
    "#ffd6a5",  # peach
    "#b388ff",  # lavender
    "#ff8fab",  # pink
    "#c8ff00",  # chartreuse
    "#00ffa3",  # spring green
)


def hex_to_rgb(color: str) -> RGB:
    """``"#ff8000"`` -> ``(255, 128, 0)``."""
    text = color.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"expected a colour like '#rrggbb', got {color!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def rgb_to_hex(rgb) -> str:
    """``(255, 128, 0)`` -> ``"#ff8000"``."""
    r, g, b = (int(c) for c in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


def as_rgb(color) -> RGB:
    """Accept ``"#rrggbb"`` or an (r, g, b) triple."""
    if isinstance(color, str):
        return hex_to_rgb(color)
    r, g, b = (int(c) for c in color)
    return r, g, b


def optimizer_color(index: int) -> RGB:
    """The ``index``-th optimizer's ink (cycles past the end of the palette)."""
    return hex_to_rgb(OPTIMIZER_COLORS[index % len(OPTIMIZER_COLORS)])


def ramp(n_bands: int = BANDS, dimming: float = RAMP_DIMMING) -> np.ndarray:
    """``n_bands`` colours from low to high loss, shape (n_bands, 3), uint8."""
    if n_bands < 1:
        raise ValueError(f"n_bands must be at least 1, got {n_bands}")
    stops = np.asarray(_VIRIDIS_STOPS, dtype=float)
    where = np.linspace(0.0, 1.0, n_bands) * (len(stops) - 1)
    lanes = [np.interp(where, np.arange(len(stops)), stops[:, k]) for k in range(3)]
    return np.clip(np.rint(np.stack(lanes, axis=1) * dimming), 0, 255).astype(np.uint8)


def categorical(n: int, avoid=None) -> np.ndarray:
    """``n`` distinct colours from the optimizer palette (cycled), shape (n, 3),
    uint8; those too close to ``avoid`` (say, ``DIVERGED``) are skipped."""
    keep = [hex_to_rgb(c) for c in OPTIMIZER_COLORS
            if avoid is None or distance(c, avoid) >= _DISTINCT]
    return np.array([keep[i % len(keep)] for i in range(n)], dtype=np.uint8).reshape(n, 3)


def shade(colors: np.ndarray, factor: float) -> np.ndarray:
    """Colours scaled in brightness by ``factor`` (uint8 in, uint8 out)."""
    return np.clip(np.rint(colors.astype(float) * factor), 0, 255).astype(np.uint8)


def distance(a, b) -> float:
    """Perceptual distance between two colours ("redmean" weighted RGB, 0-765).

    Cheap and good enough to keep a palette apart; no colour-science library.
    """
    (r1, g1, b1), (r2, g2, b2) = as_rgb(a), as_rgb(b)
    mean_red = (r1 + r2) / 2
    dr, dg, db = r1 - r2, g1 - g2, b1 - b2
    return float(np.sqrt((2 + mean_red / 256) * dr * dr + 4 * dg * dg
                         + (2 + (255 - mean_red) / 256) * db * db))
