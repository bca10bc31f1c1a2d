"""Canvas: pixels and glyphs, conversions to rich, colours, import hygiene."""

import itertools

import numpy as np
from rich.cells import cell_len
from rich.console import Console

from playground.render.arrows import ARROW_GLYPHS
from playground.render.canvas import Canvas
from playground.render.colors import (
    DIVERGED, NEUTRAL, OPTIMIZER_COLORS, distance, hex_to_rgb, ramp, rgb_to_hex,
)
from playground.render.maps import CURRENT_GLYPH as MAP_GLYPH
from playground.render.paths import CURRENT_GLYPH, MINIMUM_GLYPH, START_GLYPH

RED, BLUE = (255, 0, 0), (0, 0, 255)


def two_by_one() -> Canvas:
    pixels = np.array([[RED, BLUE], [BLUE, RED]], dtype=np.uint8)
    return Canvas.from_pixels(pixels)


def test_pixels_split_into_ink_and_paper():
    canvas = two_by_one()
    assert canvas.cell(0, 0) == ("▀", RED, BLUE)
    assert canvas.cell(1, 0) == ("▀", BLUE, RED)
    assert canvas.pixel(0, 0) == RED and canvas.pixel(0, 1) == BLUE


def test_segments_merge_equal_runs_and_carry_colours():
    canvas = Canvas.blank(5, 2, RED)
    canvas.put(3, 1, "●", BLUE)
    rows = canvas.to_segments()
    assert [s.text for s in rows[0]] == ["▀▀▀▀▀"]
    assert [s.text for s in rows[1]] == ["▀▀▀", "●", "▀"]
    assert rows[1][1].style.color.triplet == BLUE and rows[1][1].style.bold


def test_rich_lines_text_and_console_agree_with_plain():
    canvas = two_by_one()
    canvas.put(1, 0, "★", NEUTRAL)
    assert [line.plain for line in canvas.to_rich_lines()] == ["▀★"]
    assert canvas.to_text().plain == canvas.to_plain() == "▀★"
    console = Console(width=10, color_system="truecolor", force_terminal=True)
    with console.capture() as capture:
        console.print(canvas)
    assert "▀" in capture.get() and "★" in capture.get()
    assert "38;2;255;0;0;48;2;0;0;255m▀" in capture.get()  # red over blue, truecolour


def test_glyph_gets_the_contrasting_half_as_paper():
    canvas = Canvas.from_pixels(np.array([[RED], [BLUE]], dtype=np.uint8))
    canvas.put(0, 0, "●", BLUE)  # on its own colour below: take the red above
    assert canvas.cell(0, 0) == ("●", BLUE, RED)
    same = Canvas.blank(1, 1, BLUE)
    same.put(0, 0, "●", BLUE)  # no contrast anywhere: black
    assert same.cell(0, 0)[2] == (0, 0, 0)


def test_paint_leaves_glyph_cells_alone_and_put_ignores_off_canvas():
    canvas = Canvas.blank(2, 1)
    canvas.put(0, 0, "●", RED)
    canvas.paint(np.array([0, 0, 1]), np.array([0, 1, 1]), BLUE)
    assert canvas.cell(0, 0)[1] == RED
    assert canvas.pixel(1, 1) == BLUE
    assert canvas.put(2, 0, "x", RED) is False and canvas.put(0, -1, "x", RED) is False


def test_every_glyph_is_one_cell_wide():
    glyphs = [CURRENT_GLYPH, START_GLYPH, MINIMUM_GLYPH, MAP_GLYPH, "▀", *ARROW_GLYPHS]
    assert all(cell_len(g) == 1 for g in glyphs)


def test_optimizer_palette_is_large_distinct_and_stands_out_on_the_ramp():
    assert len(OPTIMIZER_COLORS) >= 10
    assert all(distance(a, b) >= 120 for a, b in itertools.combinations(OPTIMIZER_COLORS, 2))
    bands = [tuple(c) for c in ramp()]
    assert all(distance(c, band) >= 150 for c in OPTIMIZER_COLORS for band in bands)
    assert all(distance(DIVERGED, band) >= 150 for band in bands)
    assert rgb_to_hex(hex_to_rgb("#ff9f1c")) == "#ff9f1c"


def test_zero_sized_canvases_render_to_nothing_without_crashing():
    from playground.render.arrows import draw_arrow
    from playground.render.heatmap import render_surface
    from playground.render.paths import draw_race
    from playground.surfaces import Ravine

    surface = Ravine()
    for width, height in [(0, 0), (5, 0), (0, 3)]:
        canvas = draw_race(render_surface(surface, width, height), surface.view,
                           [[(-10.0, 1.0), (0.0, 0.0)]], minima=surface.minima())
        draw_arrow(canvas, surface.view, (0.0, 0.0), (1.0, 1.0), RED)
        assert canvas.to_plain() == "\n" * max(height - 1, 0)
        assert len(canvas.to_segments()) == len(canvas.to_rich_lines()) == height
