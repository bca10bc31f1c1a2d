"""Convergence and basin maps: orientation, diverged cells, the marker, ticks."""

import numpy as np
import pytest

from playground.render.colors import DIVERGED, NEUTRAL, ramp
from playground.render.maps import (
    axis_position, basin_map, convergence_map, format_tick, is_log_spaced, tick_line,
    x_ticks, y_ticks,
)

LRS = np.logspace(-4, 0, 5)          # 1e-4 ... 1: one column block per decade
MOMENTA = np.array([0.0, 0.5, 0.9])  # bottom row 0.0, top row 0.9


def losses() -> np.ndarray:
    grid = np.outer([1.0, 1e-3, 1e-6], [1e2, 1e-2, 1e-8, np.inf, np.inf])
    grid[0, 2] = np.nan
    return grid  # rows follow MOMENTA, columns LRS


def test_map_has_one_block_per_entry_with_y_growing_upwards():
    canvas = convergence_map(losses(), LRS, MOMENTA)
    assert (canvas.width, canvas.height) == (10, 3)
    # The worst finite loss (1e2 at lr 1e-4, momentum 0) is bottom left and brightest.
    bands = ramp()
    assert canvas.cell(0, 2)[1] == tuple(bands[-1]) == canvas.cell(1, 2)[1]
    # The best (1e-14 at lr 1e-2, momentum 0.9) is top middle and darkest.
    assert canvas.cell(4, 0)[1] == tuple(bands[0])


def test_diverged_entries_are_painted_as_diverged():
    canvas = convergence_map(losses(), LRS, MOMENTA)
    diverged = [(c, r) for r in range(3) for c in range(10) if canvas.cell(c, r)[1] == DIVERGED]
    assert sorted(diverged) == sorted([(c, r) for r in range(3) for c in (6, 7, 8, 9)] + [(4, 2), (5, 2)])


@pytest.mark.parametrize("current, cell", [
    ((1e-2, 0.5), (5, 1)),   # exactly on the grid
    ((0.8e-2, 0.55), (5, 1)),  # nearest entry, measured in log for the lr
    ((1e-4, 0.9), (1, 0)),
    ((3e-4, 0.0), (1, 2)),   # log midpoint of 1e-4 and 1e-3 is 3.16e-4
])
def test_current_setting_is_marked_at_its_cell(current, cell):
    canvas = convergence_map(losses(), LRS, MOMENTA, current=current)
    marks = list(zip(*np.nonzero(canvas.chars == "●")))
    assert [(int(c), int(r)) for r, c in marks] == [cell]
    assert canvas.cell(*cell)[1] == NEUTRAL


def test_setting_off_the_grid_is_not_marked():
    canvas = convergence_map(losses(), LRS, MOMENTA, current=(10.0, 0.5))
    assert not (canvas.chars == "●").any()


def test_basin_map_colours_each_minimum_and_diverged_starts():
    labels = np.array([[0, 1], [-1, 1]])
    canvas = basin_map(labels, [-1.0, 1.0], [-1.0, 1.0], cell_width=1)
    (top_left, top_right), (bottom_left, bottom_right) = (
        [canvas.cell(c, r)[1] for c in range(2)] for r in range(2))
    # labels[0] = [0, 1] is the bottom row, labels[1] = [-1, 1] the top one.
    assert top_right == bottom_right != bottom_left
    assert top_left == DIVERGED and DIVERGED not in (bottom_left, bottom_right)


def test_axis_position_is_log_aware_and_extrapolates():
    assert is_log_spaced(LRS) and not is_log_spaced(MOMENTA) and not is_log_spaced([1, 2, 3])
    assert axis_position(LRS, 1e-2) == pytest.approx(2.0)
    assert axis_position(LRS, 10 ** -2.5) == pytest.approx(1.5)
    assert axis_position(MOMENTA, 0.7) == pytest.approx(1.5)
    assert axis_position(LRS, 10.0) == pytest.approx(5.0)
    assert axis_position(MOMENTA[::-1], 0.9) == pytest.approx(0.0)


def test_ticks_label_decades_at_their_columns():
    assert x_ticks(LRS, count=5) == [(1, "1e-4"), (3, "1e-3"), (5, "1e-2"), (7, "1e-1"), (9, "1e0")]
    assert x_ticks(np.logspace(-6, 0, 13), cell_width=1, count=4) == [
        (0, "1e-6"), (4, "1e-4"), (8, "1e-2"), (12, "1e0")]
    assert y_ticks(MOMENTA) == [(2, "0"), (1, "0.5"), (0, "0.9")]
    assert format_tick(0.002, log=True) == "2e-3" and format_tick(0.25, log=False) == "0.25"


def test_tick_line_places_labels_and_drops_collisions():
    assert tick_line([(1, "1e-4"), (5, "1e-2"), (9, "1e0")], 10) == "1e-4   1e0"
    assert tick_line([(0, "a"), (5, "mid"), (6, "x"), (9, "end")], 10) == "a   mid   "
    assert len(tick_line(x_ticks(LRS), 10)) == 10


def test_grid_shape_must_match_the_axes():
    with pytest.raises(ValueError, match="does not match axes"):
        convergence_map(np.zeros((2, 5)), LRS, MOMENTA)
