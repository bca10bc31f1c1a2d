"""A widget that shows a render.Canvas through Textual's line API."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from ...render import Canvas


class CanvasView(Widget):
    """Shows a canvas drawn by a pure renderer. Subclasses say what to draw in
    ``draw(width, height)`` and call ``redraw()`` when their data changes; the
    drawing happens once per change (or resize), when the lines are asked for."""

    DEFAULT_CSS = """
    CanvasView { width: 1fr; height: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._lines: list[Strip] = []
        self._drawn_for: tuple[int, int] | None = None

    def draw(self, width: int, height: int) -> Canvas | None:
        raise NotImplementedError

    def redraw(self) -> None:
        self._drawn_for = None
        self.refresh()

    def render_line(self, y: int) -> Strip:
        size = (self.size.width, self.size.height)
        if size != self._drawn_for:
            canvas = self.draw(*size) if all(size) else None
            self._lines = [Strip(row) for row in canvas.to_segments()] if canvas is not None else []
            self._drawn_for = size
        if y < len(self._lines):
            return self._lines[y]
        return Strip([Segment(" " * self.size.width, Style())], self.size.width)
