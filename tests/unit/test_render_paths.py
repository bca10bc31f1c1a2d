"""Paths, markers and arrows on the half-block pixel grid."""

import numpy as np
import pytest

from playground.render.arrows import arrow_glyph, draw_arrow
from playground.render.canvas import Canvas
from playground.render.colors import NEUTRAL
from playground.render.paths import draw_paths, draw_race, to_cell
from playground.surfaces import Ravine

INK = (255, 64, 64)
UNIT = (0.0, 1.0, 0.0, 1.0)  # on an 8 x 4 canvas: 8 x 8 pixels, 1/7 apart


def lit(canvas: Canvas, color=INK) -> set[tuple[int, int]]:
    """(column, pixel row) of every pixel in ``color``."""
    return {(c, p) for p in range(2 * canvas.height) for c in range(canvas.width)
            if canvas.pixel(c, p) == color}


def drawn(path, view=UNIT, width=8, height=4) -> Canvas:
    return draw_paths(Canvas.blank(width, height), view, [np.asarray(path, dtype=float)], [INK])


def test_corner_to_corner_lights_the_diagonal():
    canvas = drawn([(0.0, 1.0), (1.0, 0.0)])  # top left to bottom right
    assert lit(canvas) == {(i, i) for i in range(8)}
    # Pixel i sits in cell row i // 2: even ones in the ink, odd ones in the paper.
    assert canvas.cell(2, 1)[1] == INK and canvas.cell(3, 1)[2] == INK
    assert canvas.cell(2, 1)[2] != INK


def test_path_leaving_the_view_is_clipped_at_the_edge_without_wrapping():
    canvas = drawn([(3 / 7, 4 / 7), (1e9, 4 / 7)])
    assert lit(canvas) == {(c, 3) for c in range(3, 8)}


def test_segment_crossing_the_view_from_outside_draws_the_inside_part():
    canvas = drawn([(-5.0, 4 / 7), (5.0, 4 / 7)])
    assert lit(canvas) == {(c, 3) for c in range(8)}


@pytest.mark.parametrize("path", [
    [(2.0, 2.0), (3.0, 5.0)],              # wholly outside
    [(-1e300, 0.5), (1e300, 0.5)],         # absurdly far, both sides
    [(0.5, 0.5), (np.nan, 0.5), (np.inf, 0.5)],
    np.empty((0, 2)),
])
def test_outside_huge_and_non_finite_paths_do_not_crash(path):
    canvas = drawn(path)
    assert lit(canvas) <= {(c, p) for c in range(8) for p in range(8)}


def test_lone_point_is_one_pixel_and_later_paths_win():
    canvas = drawn([(0.0, 1.0)])
    assert lit(canvas) == {(0, 0)}
    both = draw_paths(Canvas.blank(8, 4), UNIT, [[(0, 1), (1, 1)], [(0, 1), (0, 0)]],
                      [INK, NEUTRAL])
    assert both.pixel(0, 0) == NEUTRAL and both.pixel(7, 0) == INK


def test_ravine_minimum_lands_in_the_middle_cell():
    surface = Ravine()
    assert to_cell(surface.view, 21, 5, 0.0, 0.0) == (10, 2)
    assert to_cell(surface.view, 21, 5, 12.0, 0.0) is None
    race = draw_race(Canvas.blank(21, 5), surface.view, [], minima=surface.minima(),
                     start=surface.start)
    assert race.chars[2, 10] == "★" and race.cell(10, 2)[1] == NEUTRAL
    col, row = to_cell(surface.view, 21, 5, *surface.start)
    assert race.chars[row, col] == "◆"


def test_race_marks_current_positions_up_to_step_and_leaves_the_input_alone():
    base = Canvas.blank(8, 4)
    path = np.array([(0.0, 1.0), (1 / 7, 6 / 7), (2 / 7, 5 / 7), (3 / 7, 4 / 7)])
    race = draw_race(base, UNIT, [path], step=2, colors=[INK])
    assert race.chars[1, 2] == "●" and race.cell(2, 1)[1] == INK
    assert (race.chars == "●").sum() == 1
    assert (3, 3) not in lit(race)  # beyond step 2
    assert lit(base, INK) == set() and (base.chars == "▀").all()


@pytest.mark.parametrize("right, up, glyph", [
    (1, 0, "→"), (1, 1, "↗"), (0, 1, "↑"), (-1, 1, "↖"),
    (-1, 0, "←"), (-1, -1, "↙"), (0, -1, "↓"), (1, -1, "↘"), (1, 0.3, "→"),
])
def test_arrow_glyph_follows_the_angle(right, up, glyph):
    assert arrow_glyph(right, up) == glyph


def head(canvas: Canvas) -> tuple[str, int, int]:
    rows, cols = np.nonzero(canvas.chars != "▀")
    assert len(rows) == 1, canvas.to_plain()
    return str(canvas.chars[rows[0], cols[0]]), int(cols[0]), int(rows[0])


@pytest.mark.parametrize("vector, glyph, where", [
    ((1, 0), "→", lambda c, r: r == 5 and c > 10),
    ((0, 1), "↑", lambda c, r: c == 10 and r < 5),
    ((-1, -1), "↙", lambda c, r: c < 10 and r > 5),
])
def test_arrow_points_the_right_way_from_the_point(vector, glyph, where):
    canvas = Canvas.blank(21, 11)  # 21 x 22 pixels over a square view
    assert draw_arrow(canvas, (-1, 1, -1, 1), (0, 0), vector, INK, scale=100)
    char, col, row = head(canvas)
    assert char == glyph and where(col, row)
    assert canvas.pixel(10, 11) == INK  # the shaft starts at the point (pixel row 10.5 rounds to 11)


def test_arrow_length_is_capped_and_clipped_to_the_canvas():
    canvas = Canvas.blank(21, 11)
    draw_arrow(canvas, (-1, 1, -1, 1), (0, 0), (1e9, 0), INK, max_length=4)
    assert head(canvas)[1] == 14
    edge = Canvas.blank(21, 11)
    assert draw_arrow(edge, (-1, 1, -1, 1), (0.9, 0), (1, 0), INK, scale=100)
    assert head(edge)[:2] == ("→", 20)


def test_arrow_needs_a_direction_and_a_point_in_view():
    canvas = Canvas.blank(21, 11)
    assert not draw_arrow(canvas, (-1, 1, -1, 1), (0, 0), (0, 0), INK)
    assert not draw_arrow(canvas, (-1, 1, -1, 1), (0, 0), (np.nan, 1), INK)
    assert not draw_arrow(canvas, (-1, 1, -1, 1), (5, 0), (1, 0), INK)
    assert lit(canvas) == set()
