"""A Surface whose value and gradient come from a typed formula."""

from __future__ import annotations

import math

import numpy as np

from ..surfaces.base import Surface
from ..xp import namespace_of, scalar
from .codegen import compile_function
from .parse import parse, quoted
from .tree import derivative

DEFAULT_VIEW = (-3.0, 3.0, -3.0, 3.0)
# Off the axes and off the diagonal, so symmetric formulas still show a path;
# the first where the formula is defined wins (log(x) rules out x < 0...).
_STARTS = ((-2.0, 2.5), (2.0, 2.5), (2.0, -2.5), (-2.0, -2.5), (0.5, 0.7))


class ExpressionSurface(Surface):
    """A surface from a typed formula; it has no parameters and no known minima."""

    name = "expression"
    params_spec = ()

    def __init__(self, formula: str, view=None, start=None) -> None:
        tree = parse(formula)
        self.title = self.formula = formula.strip()
        self.params = {}
        self.tree = tree
        gradient = (derivative(tree, "x"), derivative(tree, "y"))
        self._value = compile_function((tree,), "value")
        self._gradient = compile_function(gradient, "gradient")
        self._both = compile_function((tree, *gradient), "value_and_gradient")
        self.view = _checked_view(formula, view) if view is not None else DEFAULT_VIEW
        self.start = _checked_point(formula, start) if start is not None else self._default_start()

    def value(self, x, y):
        xp = namespace_of(x)
        if xp is scalar:
            return self._value(x, y, xp)
        return self._on_arrays(x, y, self._value)

    def gradient(self, x, y):
        xp = namespace_of(x)
        if xp is scalar:
            return self._gradient(x, y, xp)
        return self._on_arrays(x, y, self._gradient)

    def value_and_gradient(self, x, y):
        xp = namespace_of(x)
        if xp is scalar:
            f, gx, gy = self._both(x, y, xp)
        else:
            f, gx, gy = self._on_arrays(x, y, self._both)
        return f, (gx, gy)

    @staticmethod
    def _on_arrays(x, y, function):
        """Every result at the broadcast shape of x and y (even a constant one);
        NaN and inf where the formula is undefined, without warnings."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        shape = np.broadcast_shapes(x.shape, y.shape)
        with np.errstate(all="ignore"):
            results = function(x, y, np)
        if isinstance(results, tuple):
            return tuple(np.array(np.broadcast_to(r, shape), dtype=float) for r in results)
        return np.array(np.broadcast_to(results, shape), dtype=float)

    def minima(self):
        return ()

    def with_params(self, **changes: float) -> "ExpressionSurface":
        """Itself: a typed formula has no parameters to change."""
        for key in changes:
            raise ValueError(f"surface 'expression' has no parameter {key!r} (it has none)")
        return self

    def _default_start(self) -> tuple[float, float]:
        for start in _STARTS:
            try:
                values = (self._value(*start, scalar), *self._gradient(*start, scalar))
            except (ArithmeticError, ValueError):
                continue
            if all(math.isfinite(v) for v in values):
                return start
        return _STARTS[0]


def expression_surface(formula: str, view=None, start=None) -> ExpressionSurface:
    """The surface f(x, y) = ``formula``, or a one-line ``ValueError`` saying what is wrong.

    ``view`` is ``(x_min, x_max, y_min, y_max)`` (default (−3, 3, −3, 3));
    ``start`` defaults to the first of a few off-axis points where f is defined.
    """
    return ExpressionSurface(formula, view, start)


def _checked_view(formula: str, view) -> tuple[float, float, float, float]:
    numbers = _numbers(formula, view, 4, "view")
    if not (numbers[0] < numbers[1] and numbers[2] < numbers[3]):
        raise ValueError(f"{quoted(formula.strip())}: view must be (x_min, x_max, y_min, y_max) "
                         f"with min < max, got {tuple(view)}")
    return numbers


def _checked_point(formula: str, point) -> tuple[float, float]:
    return _numbers(formula, point, 2, "start")


def _numbers(formula: str, values, count: int, what: str) -> tuple:
    try:
        numbers = tuple(float(v) for v in values)
    except (TypeError, ValueError):
        numbers = ()
    if len(numbers) != count or not all(math.isfinite(v) for v in numbers):
        raise ValueError(f"{quoted(formula.strip())}: {what} must be {count} finite numbers, "
                         f"got {values!r}")
    return numbers
