"""The loss surface as a heatmap, with every optimizer's path drawn on it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message

from ...render import Canvas, draw_arrow, draw_race, render_surface
from ...render.colors import NEUTRAL
from .canvas_view import CanvasView


@dataclass(frozen=True)
class Arrow:
    """A vector to draw at a point: the gradient, a momentum buffer..."""

    point: tuple[float, float]
    vector: tuple[float, float]
    color: tuple[int, int, int]


class SurfaceView(CanvasView):
    """Heatmap (cached per surface and size) + paths up to the shown step."""

    class StartPicked(Message):
        """The user clicked the surface: start the race there."""

        def __init__(self, x: float, y: float) -> None:
            super().__init__()
            self.x, self.y = x, y

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.surface = None
        self.trajectories: list = []
        self.path_colors: list = []
        self.step: int | None = None
        self.start: tuple[float, float] | None = None
        self.arrows: list[Arrow] = []
        self._heatmap_key = None
        self._heatmap: Canvas | None = None

    def show(self, surface, trajectories, colors, step, start, arrows=()) -> None:
        self.surface, self.trajectories, self.path_colors = surface, trajectories, colors
        self.step, self.start, self.arrows = step, start, list(arrows)
        self.redraw()

    def draw(self, width: int, height: int) -> Canvas | None:
        if self.surface is None:
            return None
        view = self.surface.view
        canvas = draw_race(self._background(width, height), view, self.trajectories, self.step,
                           self.path_colors, self.start, self.surface.minima())
        for arrow in self.arrows:
            draw_arrow(canvas, view, arrow.point, arrow.vector, arrow.color or NEUTRAL)
        return canvas

    def _background(self, width: int, height: int) -> Canvas:
        surface = self.surface
        key = (surface.name, surface.formula, tuple(surface.params.items()), tuple(surface.view), width, height)
        if key != self._heatmap_key:
            self._heatmap = render_surface(surface, width, height)
            self._heatmap_key = key
        return self._heatmap

    def to_point(self, column: int, row: int) -> tuple[float, float]:
        """The surface coordinates at the centre of a cell."""
        x_min, x_max, y_min, y_max = self.surface.view
        width, height = max(self.size.width, 1), max(self.size.height, 1)
        return (x_min + (column + 0.5) / width * (x_max - x_min),
                y_max - (row + 0.5) / height * (y_max - y_min))

    def on_click(self, event: events.Click) -> None:
        if self.surface is not None:
            self.post_message(self.StartPicked(*self.to_point(event.x, event.y)))
