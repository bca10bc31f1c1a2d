"""Saddles and plateaus: the places where the gradient is small but the minimum is far."""

from __future__ import annotations

from ..params import Param
from .base import Minimum, Surface


class Saddle(Surface):
    """The plain saddle: a valley along x, a ridge along y, no minimum at all.

    The start lies a hair off the ridge line y = 0: every run first slides
    towards the saddle point, where the gradient vanishes, and the tiny y
    offset has to grow (by a factor 1 + 2·lr a step for SGD) before it escapes
    downhill. Nothing stops it afterwards: the run ends by diverging.
    """

    name = "saddle"
    title = "Saddle"
    formula = "x² − y²"
    view = (-2.0, 2.0, -2.0, 2.0)
    start = (-1.5, 1e-3)

    def _value(self, x, y, xp):
        return x * x - y * y

    def _gradient(self, x, y, xp):
        return 2 * x, -2 * y

    def minima(self):
        return ()


class DoubleWell(Surface):
    """A bounded saddle: two wells at (0, ±1) with a pass at the origin between them.

    As on the plain saddle, the start sits just off the line y = 0; here the
    escape ends in the upper well instead of running away.
    """

    name = "double_well"
    title = "Double well (bounded saddle)"
    formula = "x² + barrier·(y² − 1)²"
    params_spec = (
        Param("barrier", 1.0, 0.1, 10.0, log=True, help="height of the pass above the wells"),
    )
    view = (-2.0, 2.0, -2.0, 2.0)
    start = (-1.5, 1e-3)

    def _value(self, x, y, xp):
        return x * x + self.params["barrier"] * (y * y - 1) ** 2

    def _gradient(self, x, y, xp):
        return 2 * x, 4 * self.params["barrier"] * y * (y * y - 1)

    def minima(self):
        return (Minimum(0.0, -1.0, 0.0), Minimum(0.0, 1.0, 0.0))


class Plateau(Surface):
    """A Gaussian well in a flat plain: far from it the gradient all but vanishes.

    From the start (r ≈ 3.2 widths) the slope is about 2e-4: fixed-rate
    methods barely move, while Adam and RMSprop, which divide by the gradient's
    own size, stride across the plain at full speed.
    """

    name = "plateau"
    title = "Plateau"
    formula = "1 − exp(−(x² + y²) / width²)"
    params_spec = (
        Param("width", 1.0, 0.25, 4.0, log=True, help="radius of the well"),
    )
    view = (-4.0, 4.0, -4.0, 4.0)
    start = (3.0, 1.2)

    def _value(self, x, y, xp):
        return 1 - xp.exp(-(x * x + y * y) / self.params["width"] ** 2)

    def _gradient(self, x, y, xp):
        inverse_area = 1 / self.params["width"] ** 2
        slope = 2 * inverse_area * xp.exp(-(x * x + y * y) * inverse_area)
        return slope * x, slope * y

    def minima(self):
        return (Minimum(0.0, 0.0, 0.0),)
