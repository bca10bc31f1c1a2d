"""The surface contract: value, analytic gradient, view box, start, known minima.

Every formula is written once with operators and ``xp`` functions, so the same
code evaluates one point as Python floats (fast inside a trajectory loop) or a
whole grid / thousands of points as numpy arrays (fast for heatmaps, sweeps).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..params import Param
from ..xp import namespace_of


@dataclass(frozen=True)
class Minimum:
    """A known global minimum, as published."""

    x: float
    y: float
    value: float
    digits: int | None = None
    """Decimal places to which x and y hold (those published, or fewer where
    the later digits are wrong); None when exact or computed to double precision."""


class Surface:
    """A loss surface f(x, y). Subclasses fill in the class attributes and
    ``_value``, ``_gradient`` and ``minima``; parameters live in ``self.params``.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    formula: ClassVar[str]
    """The formula for display, with the parameters' names."""
    params_spec: ClassVar[tuple[Param, ...]] = ()
    view: ClassVar[tuple[float, float, float, float]]
    """Default view box: (x_min, x_max, y_min, y_max)."""
    start: ClassVar[tuple[float, float]]
    """Default start point: one that tells the surface's story."""

    def __init__(self, **params: float) -> None:
        known = {spec.name: spec for spec in self.params_spec}
        for key in params:
            if key not in known:
                raise ValueError(
                    f"surface {self.name!r} has no parameter {key!r}"
                    + (f" (it has {', '.join(known)})" if known else " (it has none)")
                )
        self.params = {spec.name: spec.default for spec in self.params_spec}
        for key, value in params.items():
            spec = known[key]
            value = spec.coerce(value, f"surface {self.name}")
            if not spec.accepts(value):
                raise ValueError(
                    f"surface {self.name}: {key} must be in [{spec.low:g}, {spec.high:g}], got {value:g}"
                )
            self.params[key] = value

    def value(self, x, y):
        """f(x, y) for floats or broadcastable arrays."""
        return self._value(x, y, namespace_of(x))

    def gradient(self, x, y):
        """(df/dx, df/dy) for floats or broadcastable arrays (each component
        broadcastable to the shape of ``value``)."""
        return self._gradient(x, y, namespace_of(x))

    def value_and_gradient(self, x, y):
        """``(f, (df/dx, df/dy))`` in one call."""
        xp = namespace_of(x)
        return self._value(x, y, xp), self._gradient(x, y, xp)

    def minima(self) -> tuple[Minimum, ...]:
        """The known global minima (for the current parameters)."""
        raise NotImplementedError

    def with_params(self, **changes: float) -> "Surface":
        """A copy with some parameters changed."""
        return type(self)(**{**self.params, **changes})

    def grid(self, columns: int, rows: int, view=None) -> np.ndarray:
        """Values on a rows x columns grid spanning ``view`` (row 0 = top = y_max)."""
        x_min, x_max, y_min, y_max = view or self.view
        xs = np.linspace(x_min, x_max, columns)
        ys = np.linspace(y_max, y_min, rows)
        return np.asarray(self.value(xs[None, :], ys[:, None]), dtype=float)

    def describe(self) -> str:
        settings = ", ".join(f"{k}={v:g}" for k, v in self.params.items())
        return f"{self.title}" + (f" ({settings})" if settings else "")

    def _value(self, x, y, xp):
        raise NotImplementedError

    def _gradient(self, x, y, xp):
        raise NotImplementedError
