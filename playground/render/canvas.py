"""A grid of terminal cells (glyph, ink, paper) over a doubled-height pixel grid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
from rich.color import Color
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text

from .colors import RGB, as_rgb, distance

HALF_BLOCK = "▀"
# Below this redmean distance a glyph is hard to read on its paper.
_MIN_CONTRAST = 120.0


@dataclass
class Canvas:
    """Cells as numpy arrays, row 0 at the top. Cheap to copy, easy to assert on.

    Every cell shows two vertical pixels with the upper half block ``▀``: its
    ink (fg) is the upper pixel, its paper (bg) the lower one. So a ``width x
    height`` canvas is a ``width x 2*height`` image, and pixel row ``p`` lives
    in cell row ``p // 2``: in the fg when ``p`` is even, in the bg when odd.
    A marker glyph replaces a cell's ``▀`` (see :meth:`put`).
    """

    chars: np.ndarray
    """(height, width) single characters."""
    fg: np.ndarray
    """(height, width, 3) uint8: the glyph's colour (the upper pixel under ``▀``)."""
    bg: np.ndarray
    """(height, width, 3) uint8: the cell's background (the lower pixel)."""
    bold: np.ndarray
    """(height, width) bool."""

    @classmethod
    def blank(cls, width: int, height: int, color=(0, 0, 0)) -> "Canvas":
        """A canvas of half blocks, every pixel ``color``."""
        pixels = np.empty((2 * height, width, 3), dtype=np.uint8)
        pixels[:] = as_rgb(color)
        return cls.from_pixels(pixels)

    @classmethod
    def from_pixels(cls, pixels: np.ndarray) -> "Canvas":
        """Half blocks over a (2*height, width, 3) image."""
        pixels = np.asarray(pixels, dtype=np.uint8)
        if pixels.ndim != 3 or pixels.shape[2] != 3 or pixels.shape[0] % 2:
            raise ValueError(f"pixels must be (even rows, columns, 3), got {pixels.shape}")
        height, width = pixels.shape[0] // 2, pixels.shape[1]
        return cls(
            chars=np.full((height, width), HALF_BLOCK, dtype="<U1"),
            fg=pixels[0::2].copy(),
            bg=pixels[1::2].copy(),
            bold=np.zeros((height, width), dtype=bool),
        )

    @property
    def width(self) -> int:
        return self.chars.shape[1]

    @property
    def height(self) -> int:
        return self.chars.shape[0]

    def copy(self) -> "Canvas":
        return Canvas(self.chars.copy(), self.fg.copy(), self.bg.copy(), self.bold.copy())

    def cell(self, col: int, row: int) -> tuple[str, RGB, RGB]:
        """(glyph, fg, bg) of one cell."""
        return (str(self.chars[row, col]), tuple(int(c) for c in self.fg[row, col]),
                tuple(int(c) for c in self.bg[row, col]))

    def pixel(self, col: int, prow: int) -> RGB:
        """The colour of one pixel (pixel row ``prow`` of ``2 * height``)."""
        half = self.fg if prow % 2 == 0 else self.bg
        return tuple(int(c) for c in half[prow // 2, col])

    def paint(self, cols: np.ndarray, prows: np.ndarray, color) -> None:
        """Colour pixels in place; indices must already be inside the canvas."""
        index = np.full((2 * self.height, self.width), -1, dtype=np.int16)
        index[prows, cols] = 0
        self.paint_indexed(index, np.array([as_rgb(color)], dtype=np.uint8))

    def paint_indexed(self, index: np.ndarray, palette: np.ndarray) -> None:
        """Give each pixel with ``index`` >= 0 (a (2*height, width) array) the
        colour ``palette[index]``, in place.

        Cells holding a glyph are left alone: markers stay on top of lines
        whatever order they are drawn in.
        """
        free = self.chars == HALF_BLOCK
        for half, rows in ((self.fg, index[0::2]), (self.bg, index[1::2])):
            hit = (rows >= 0) & free
            half[hit] = palette[rows[hit]]

    def put(self, col: int, row: int, glyph: str, color, bold: bool = True) -> bool:
        """Write a one-cell glyph in place; False (and nothing drawn) off the canvas.

        The glyph's paper is whichever half of the cell contrasts more with its
        ink (black if neither does): a ``●`` sitting on its own path would
        otherwise vanish into a background of its own colour.
        """
        if not (0 <= col < self.width and 0 <= row < self.height):
            return False
        ink = as_rgb(color)
        halves = [tuple(self.bg[row, col].tolist())]  # copies: fg is overwritten below
        if self.chars[row, col] == HALF_BLOCK:
            halves.append(tuple(self.fg[row, col].tolist()))
        paper = max(halves, key=lambda half: distance(half, ink))
        if distance(paper, ink) < _MIN_CONTRAST:
            paper = (0, 0, 0)
        self.chars[row, col] = glyph
        self.fg[row, col] = ink
        self.bg[row, col] = paper
        self.bold[row, col] = bold
        return True

    # -- output -----------------------------------------------------------

    def to_plain(self) -> str:
        """The glyphs only, rows joined by newlines (for tests and logs)."""
        return "\n".join("".join(row) for row in self.chars.tolist())

    def to_segments(self) -> list[list[Segment]]:
        """One list of rich Segments per row, runs of equal style merged
        (what a Textual ``render_line`` wraps in a ``Strip``)."""
        return [[Segment("".join(chars[start:end]), style) for start, end, style in runs]
                for chars, runs in zip(self.chars.tolist(), self._styled_runs())]

    def to_rich_lines(self) -> list[Text]:
        """One rich ``Text`` per row."""
        return [Text("".join(chars), no_wrap=True, overflow="crop",
                     spans=[Span(start, end, style) for start, end, style in runs])
                for chars, runs in zip(self.chars.tolist(), self._styled_runs())]

    def to_text(self) -> Text:
        """The whole canvas as one rich ``Text`` (rows joined by newlines)."""
        return Text("\n", no_wrap=True, overflow="crop").join(self.to_rich_lines())

    def _styled_runs(self) -> list[list[tuple[int, int, Style]]]:
        """Per row, (start, end, style) of each run of equally styled cells;
        styles are built once per distinct (fg, bg, bold) and shared."""
        keys, cache, rows = _style_keys(self), {}, []
        if self.width == 0:  # a widget not laid out yet: empty rows, no runs
            return [[] for _ in range(self.height)]
        for r, row_keys in enumerate(keys):
            cuts = (np.flatnonzero(row_keys[1:] != row_keys[:-1]) + 1).tolist()
            starts, ends, codes = [0, *cuts], [*cuts, self.width], row_keys.tolist()
            rows.append([(start, end, _style(cache, self, r, start, codes[start]))
                         for start, end in zip(starts, ends)])
        return rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        # Lets a plain ``Static(canvas)`` show it without any conversion.
        for segments in self.to_segments():
            yield from segments
            yield Segment.line()


def _style_keys(canvas: Canvas) -> np.ndarray:
    """One integer per cell that is equal exactly when the styles are."""
    fg = canvas.fg.astype(np.int64)
    bg = canvas.bg.astype(np.int64)
    fg24 = (fg[..., 0] << 16) | (fg[..., 1] << 8) | fg[..., 2]
    bg24 = (bg[..., 0] << 16) | (bg[..., 1] << 8) | bg[..., 2]
    return (fg24 << 25) | (bg24 << 1) | canvas.bold.astype(np.int64)


def _style(cache: dict[int, Style], canvas: Canvas, row: int, col: int, key: int) -> Style:
    style = cache.get(key)
    if style is None:
        style = Style(color=Color.from_rgb(*canvas.fg[row, col].tolist()),
                      bgcolor=Color.from_rgb(*canvas.bg[row, col].tolist()),
                      bold=bool(canvas.bold[row, col]))
        cache[key] = style
    return style
