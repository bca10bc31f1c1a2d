"""2-D loss surfaces: value, analytic gradient, view box, start, known minima.

Every formula is written once with operators and ``xp`` functions, so the same
code evaluates one point as Python floats (fast inside a trajectory loop) or a
whole grid / thousands of points as numpy arrays (fast for heatmaps, sweeps).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .params import Param
from .xp import namespace_of


@dataclass(frozen=True)
class Minimum:
    """A known global minimum, as published."""

    x: float
    y: float
    value: float


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
        """(df/dx, df/dy) for floats or broadcastable arrays."""
        return self._gradient(x, y, namespace_of(x))

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


class Ravine(Surface):
    """The seed's long narrow funnel: steep across, nearly flat along.

    With the default condition number 100, the largest learning rate that does
    not bounce across the walls (lr = 1/100) shrinks x by only 1% a step, so
    plain SGD crawls along the floor while momentum races down it.
    """

    name = "ravine"
    title = "Ravine (long narrow funnel)"
    formula = "(x² + condition·y²) / 2"
    params_spec = (
        Param("condition", 100.0, 1.0, 1e4, log=True, help="curvature across / along the funnel"),
    )
    view = (-11.0, 11.0, -4.0, 4.0)
    start = (-10.0, 1.0)

    def _value(self, x, y, xp):
        return (x * x + self.params["condition"] * y * y) / 2

    def _gradient(self, x, y, xp):
        return x, self.params["condition"] * y

    def minima(self):
        return (Minimum(0.0, 0.0, 0.0),)


class Rosenbrock(Surface):
    """Rosenbrock's banana valley: easy to find, hard to follow to the end."""

    name = "rosenbrock"
    title = "Rosenbrock"
    formula = "(a − x)² + b·(y − x²)²"
    params_spec = (
        Param("a", 1.0, -2.0, 2.0, help="the minimum sits at (a, a²)"),
        Param("b", 100.0, 1.0, 1000.0, log=True, help="steepness of the valley walls"),
    )
    view = (-2.0, 2.0, -1.0, 3.0)
    start = (-1.5, 2.0)

    def _value(self, x, y, xp):
        a, b = self.params["a"], self.params["b"]
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def _gradient(self, x, y, xp):
        a, b = self.params["a"], self.params["b"]
        inner = y - x * x
        return -2 * (a - x) - 4 * b * x * inner, 2 * b * inner

    def minima(self):
        a = self.params["a"]
        return (Minimum(a, a * a, 0.0),)


SURFACES: dict[str, type[Surface]] = {cls.name: cls for cls in (Ravine, Rosenbrock)}


def make_surface(name: str, **params: float) -> Surface:
    """The registered surface ``name`` with ``params`` set, or a ``ValueError``."""
    try:
        cls = SURFACES[name]
    except KeyError:
        raise ValueError(
            f"unknown surface {name!r} (known: {', '.join(SURFACES)})"
        ) from None
    return cls(**params)
