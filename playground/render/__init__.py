"""Pure renderers: surfaces, paths, maps and legends -> cells and rich Text (no Textual)."""

from .arrows import arrow_glyph, draw_arrow
from .canvas import Canvas
from .heatmap import heatmap, render_surface
from .legend import downsample, legend_line, race_legend, trajectory_status
from .maps import basin_map, convergence_map, decade_ticks, tick_line, x_ticks, y_ticks
from .paths import draw_marker, draw_paths, draw_race, to_cell

__all__ = [
    "Canvas", "arrow_glyph", "basin_map", "convergence_map", "decade_ticks", "downsample", "draw_arrow",
    "draw_marker", "draw_paths", "draw_race", "heatmap", "legend_line", "race_legend",
    "render_surface", "tick_line", "to_cell", "trajectory_status", "x_ticks", "y_ticks",
]
