"""Heatmaps: log levels, bands, colours, non-finite values, canvas size."""

import numpy as np
import pytest

from playground.render.colors import NONFINITE, ramp
from playground.render.heatmap import bands, contour_mask, heatmap, levels, render_surface
from playground.surfaces import Ravine, Rosenbrock


def luminance(rgb) -> float:
    r, g, b = (float(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_tiny_grid_gives_the_expected_cells():
    values = np.array([[0.0, 1.0, 30.0],
                       [1000.0, np.inf, np.nan]])
    canvas = heatmap(values, n_bands=4, contours=False)
    colors = ramp(4)
    assert (canvas.width, canvas.height) == (3, 1)
    assert canvas.to_plain() == "▀▀▀"
    # Upper samples go to the ink: bands 0, 1, 2 (log scale: 1 is a quarter up).
    assert [canvas.cell(c, 0)[1] for c in range(3)] == [tuple(colors[b]) for b in (0, 1, 2)]
    # Lower samples go to the paper: the top band for 1000 and +inf, grey for NaN.
    assert [canvas.cell(c, 0)[2] for c in range(3)] == [tuple(colors[3]), tuple(colors[3]), NONFINITE]


def test_levels_are_log_scaled_monotone_and_span_zero_to_one():
    values = np.array([0.0, 0.001, 0.01, 0.1, 1.0, 10.0, 100.0])
    level = levels(values, rel_delta=1e-6)
    assert level[0] == 0.0 and level[-1] == 1.0
    assert (np.diff(level) > 0).all()
    # Equal ratios give nearly equal steps once well above delta: that is the log.
    steps = np.diff(level)[2:]
    assert np.allclose(steps, steps[0], rtol=0.01)


def test_non_finite_values_are_handled():
    level = levels(np.array([1.0, np.inf, np.nan, -np.inf, 1e308, 2.0]))
    assert level[1] == 1.0
    assert np.isnan(level[2]) and np.isnan(level[3])
    assert np.isfinite(level[[0, 4, 5]]).all()
    assert bands(level, 8).tolist() == [0, 7, -1, -1, 7, 0]


def test_all_nan_and_flat_grids_do_not_crash():
    assert np.isnan(levels(np.full((2, 2), np.nan))).all()
    assert (levels(np.full((2, 2), 5.0)) == 0).all()
    canvas = heatmap(np.full((4, 3), np.nan))
    assert canvas.cell(0, 0)[1] == NONFINITE


def test_valley_is_darker_than_the_walls():
    canvas = render_surface(Ravine(), width=21, height=5, contours=False)
    middle = luminance(canvas.cell(10, 2)[1])
    assert middle < luminance(canvas.cell(0, 0)[1])
    assert middle < luminance(canvas.cell(20, 4)[2])


def test_ramp_gets_brighter_band_by_band():
    assert (np.diff([luminance(c) for c in ramp(14)]) > 0).all()


@pytest.mark.parametrize("width, height", [(1, 1), (7, 3), (160, 44)])
def test_canvas_is_exactly_the_requested_size(width, height):
    canvas = render_surface(Rosenbrock(), width, height)
    assert canvas.chars.shape == (height, width)
    assert canvas.fg.shape == canvas.bg.shape == (height, width, 3)
    assert len(canvas.to_plain().splitlines()) == height


def test_odd_number_of_rows_is_refused():
    with pytest.raises(ValueError, match="even rows"):
        heatmap(np.zeros((3, 4)))


def test_contours_darken_the_higher_side_of_each_band_change():
    band = np.array([[0, 0, 1],
                     [0, 2, 2]])
    assert contour_mask(band).tolist() == [[False, False, True],
                                           [False, True, True]]
    plain = heatmap(np.array([[0.0, 1000.0], [0.0, 0.0]]), contours=False)
    lined = heatmap(np.array([[0.0, 1000.0], [0.0, 0.0]]), contours=True)
    assert luminance(lined.cell(1, 0)[1]) < luminance(plain.cell(1, 0)[1])
    assert lined.cell(0, 0) == plain.cell(0, 0)
