"""The convergence map (final loss over lr × partner) or the basin map."""

from __future__ import annotations

from ...render import Canvas, basin_map, convergence_map
from .canvas_view import CanvasView

CELL_WIDTH = 2
"""Two columns per grid entry: terminal cells are about twice as tall as wide."""


class MapView(CanvasView):
    """Shows the last map the screen computed; a new grid replaces it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kind: str | None = None
        self.result = None
        self.current: tuple[float, float] | None = None

    def grid_size(self) -> tuple[int, int]:
        """How many grid entries fit: (columns, rows)."""
        return max(self.size.width // CELL_WIDTH, 4), max(self.size.height, 4)

    def show(self, kind: str, result, current) -> None:
        self.kind, self.result, self.current = kind, result, current
        self.redraw()

    def draw(self, width: int, height: int) -> Canvas | None:
        if self.result is None:
            return None
        if self.kind == "sweep":
            r = self.result
            return convergence_map(r.final_loss, r.x_values, r.y_values, self.current, CELL_WIDTH)
        r = self.result
        rows, columns = r.basin.shape
        x_min, x_max, y_min, y_max = r.view
        xs = [x_min + (x_max - x_min) * i / (columns - 1) for i in range(columns)]
        ys = [y_min + (y_max - y_min) * i / (rows - 1) for i in range(rows)]
        return basin_map(r.basin, xs, ys, self.current, CELL_WIDTH)
