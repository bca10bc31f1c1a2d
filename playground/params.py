"""Tweakable parameter specs shared by update rules and surfaces.

A spec says what a value means, its default, and the range the keyboard may
move it through (always inside the range torch accepts, so no key can reach
an invalid setting).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Union

Value = Union[float, int, bool, tuple]


@dataclass(frozen=True)
class Param:
    """One hyperparameter (or surface parameter) and how it may be tweaked."""

    name: str
    """The keyword, exactly as torch.optim spells it (``lr``, ``betas``...)."""
    default: Value
    """torch's default; a pair for ``betas``."""
    low: float = 0.0
    """Smallest value the keys reach (for a pair: of each component)."""
    high: float = 1.0
    """Largest value the keys reach."""
    log: bool = False
    """Step by factors (lr, eps) rather than by increments (momentum)."""
    kind: str = "float"
    """``float``, ``int``, ``bool`` or ``pair`` (two floats, like ``betas``)."""
    zero: bool = False
    """A log-scale value that may also be 0 (weight_decay): one press below ``low``."""
    step: float = 0.0
    """Linear increment of one key press (a tenth with ``fine``); 0: 1/20 of the range."""
    help: str = ""
    """One line for the help panel."""

    def nudge(self, value: Value, direction: int, fine: bool = False, index: int = 0) -> Value:
        """The value one key press up (``direction=+1``) or down from ``value``.

        Log-scale values move by a factor of ~1.26 (ten presses per decade,
        ~1.047 when ``fine``); linear ones by ``step`` (a tenth of it when
        ``fine``), snapped to that grid so values stay readable. Booleans
        toggle; a pair moves its component ``index``. The result is clamped to
        ``[low, high]``.
        """
        if self.kind == "bool":
            return not value
        if self.kind == "pair":
            parts = list(value)
            parts[index] = self._nudge_number(float(parts[index]), direction, fine)
            return tuple(parts)
        if self.kind == "int":
            return int(self.clamp(int(value) + direction))
        return self._nudge_number(float(value), direction, fine)

    def _nudge_number(self, value: float, direction: int, fine: bool) -> float:
        if self.log:
            if self.zero and (value < self.low or (value == self.low and direction < 0)):
                return self.low if direction > 0 else 0.0
            per_decade = 50 if fine else 10
            # 3-digit values sit up to ~0.11 of a fine step off their grid point
            exponent = _next_on_grid(math.log10(max(value, self.low)) * per_decade, direction, 0.25)
            return self.clamp(float(f"{10 ** (exponent / per_decade):.3g}"))
        increment = (self.step or (self.high - self.low) / 20) / (10 if fine else 1)
        snapped = _next_on_grid((value - self.low) / increment, direction, 1e-6)
        return self.clamp(round(self.low + snapped * increment, 10))

    def clamp(self, value: float) -> float:
        return min(max(value, self.low), self.high)

    def accepts(self, value: float) -> bool:
        """Whether ``value`` lies in the range the keys can reach."""
        return self.low <= value <= self.high or (self.zero and value == 0)

    def coerce(self, value: object, where: str) -> Value:
        """``value`` as this param's kind, or a ``ValueError`` naming ``where``."""
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise ValueError(f"{where}: {self.name} must be true or false, got {value!r}")
            return value
        if self.kind == "pair":
            if (
                not isinstance(value, (list, tuple))
                or len(value) != 2
                or not all(_is_number(v) for v in value)
            ):
                raise ValueError(f"{where}: {self.name} must be a pair of numbers, got {value!r}")
            return (float(value[0]), float(value[1]))
        if not _is_number(value):
            raise ValueError(f"{where}: {self.name} must be a number, got {value!r}")
        if self.kind == "int":
            if float(value) != int(value):
                raise ValueError(f"{where}: {self.name} must be a whole number, got {value!r}")
            return int(value)
        return float(value)


def _next_on_grid(position: float, direction: int, slack: float) -> int:
    """The grid index one press from ``position`` (measured in grid steps): the
    neighbour of a grid point (within ``slack`` of one), else the nearest grid
    point that way, so a value off the grid never skips one."""
    nearest = round(position)
    if abs(position - nearest) <= slack:
        return nearest + direction
    return math.ceil(position) if direction > 0 else math.floor(position)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def format_value(value: Value) -> str:
    """A compact display form: ``0.001``, ``1e-08``, ``(0.9, 0.999)``, ``True``."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(format_value(v) for v in value) + ")"
    if isinstance(value, int):
        return str(value)
    return f"{value:.4g}"
