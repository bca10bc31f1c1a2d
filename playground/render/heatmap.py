"""Loss values -> log-scaled, banded, half-block heatmap canvases."""

from __future__ import annotations

import numpy as np

from .canvas import Canvas
from .colors import BANDS, CONTOUR_SHADE, NONFINITE, ramp, shade

REL_DELTA = 1e-4
"""δ in log(f − f_min + δ), as a fraction of the grid's value span: about four
decades of loss get colours, so a valley a millionth of a wall's height still
shows, while the single lowest sample does not eat a band of its own."""


def levels(values: np.ndarray, rel_delta: float = REL_DELTA) -> np.ndarray:
    """log(f − f_min + δ) scaled to [0, 1] over the finite values.

    +inf (and finite values too large to shift) -> 1, the top; NaN and -inf ->
    NaN, which has no level. A flat grid is all 0.
    """
    f = np.asarray(values, dtype=float)
    out = np.full(f.shape, np.nan)
    out[f == np.inf] = 1.0
    finite = np.isfinite(f)
    if not finite.any():
        return out
    low, high = float(f[finite].min()), float(f[finite].max())
    with np.errstate(over="ignore", invalid="ignore"):
        # min() keeps the span finite when the values cover most of float range.
        span = min(high - low, np.finfo(float).max / 2)
        delta = rel_delta * span if span > 0 else 1.0
        logs = np.log(f[finite] - low + delta)
        bottom, top = np.log(delta), np.log(span + delta)
        scaled = (logs - bottom) / (top - bottom) if top > bottom else np.zeros_like(logs)
    out[finite] = np.clip(np.nan_to_num(scaled, nan=1.0, posinf=1.0), 0.0, 1.0)
    return out


def bands(level: np.ndarray, n_bands: int = BANDS) -> np.ndarray:
    """Quantise levels in [0, 1] into 0..n_bands-1; NaN -> -1."""
    level = np.asarray(level, dtype=float)
    known = np.isfinite(level)
    out = np.full(level.shape, -1, dtype=np.int64)
    out[known] = np.minimum((level[known] * n_bands).astype(np.int64), n_bands - 1)
    return out


def band_pixels(band: np.ndarray, n_bands: int = BANDS, contours: bool = True) -> np.ndarray:
    """Band indices (-1 = no level) -> an RGB image, contour lines optional."""
    colors = ramp(n_bands)
    pixels = np.empty(band.shape + (3,), dtype=np.uint8)
    known = band >= 0
    pixels[known] = colors[band[known]]
    pixels[~known] = NONFINITE
    if contours:
        edge = contour_mask(band)
        pixels[edge] = shade(pixels[edge], CONTOUR_SHADE)
    return pixels


def contour_mask(band: np.ndarray) -> np.ndarray:
    """Pixels that sit on the higher side of a band change with a neighbour
    below or to the right: one-pixel lines hugging the outside of each band."""
    edge = np.zeros(band.shape, dtype=bool)
    for a, b in (((slice(None, -1), slice(None)), (slice(1, None), slice(None))),
                 ((slice(None), slice(None, -1)), (slice(None), slice(1, None)))):
        upper, lower = band[a], band[b]
        both = (upper >= 0) & (lower >= 0)
        edge[a] |= both & (upper > lower)
        edge[b] |= both & (lower > upper)
    return edge


def heatmap(values: np.ndarray, n_bands: int = BANDS, contours: bool = True,
            rel_delta: float = REL_DELTA) -> Canvas:
    """A (2*height, width) grid of losses (row 0 = top) -> a width x height canvas."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 2 or values.shape[0] % 2:
        raise ValueError(f"heatmap needs (even rows, columns) values, got {values.shape}")
    band = bands(levels(values, rel_delta), n_bands)
    return Canvas.from_pixels(band_pixels(band, n_bands, contours))


def render_surface(surface, width: int, height: int, view=None, **options) -> Canvas:
    """The heatmap of ``surface`` over ``view`` (default: its own) on a
    ``width x height`` canvas; ``options`` go to :func:`heatmap`."""
    with np.errstate(all="ignore"):
        values = surface.grid(width, 2 * height, view)
    return heatmap(values, **options)
