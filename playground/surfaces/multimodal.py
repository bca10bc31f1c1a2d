"""Surfaces with many minima: where an optimizer ends up depends on how it walks.

Published minima follow Jamil & Yang, "A literature survey of benchmark
functions for global optimisation problems" (2013), Surjanovic & Bingham's
Virtual Library of Simulation Experiments (SFU), and Gavana's global
optimization benchmarks (scipy ``benchmarks/go_benchmark_functions``), which
print some minima to 16 digits.
"""

from __future__ import annotations

import math

from ..params import Param
from .base import Minimum, Surface

_TAU = 2 * math.pi


class Himmelblau(Surface):
    """Four equal basins around a central hill (max 181.617 at (−0.270845, −0.923039)).

    The start sits on the hill's southern flank, where the basins meet:
    SGD turns right, into (3.58, −1.85); Adam and RMSprop turn left, into
    (−3.78, −3.28); momentum with a large rate runs over the top to (3, 2).
    """

    name = "himmelblau"
    title = "Himmelblau"
    formula = "(x² + y − 11)² + (x + y² − 7)²"
    view = (-5.0, 5.0, -5.0, 5.0)
    start = (0.0, -3.0)

    def _value(self, x, y, xp):
        return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2

    def _gradient(self, x, y, xp):
        u, v = x * x + y - 11, x + y * y - 7
        return 4 * x * u + 2 * v, 2 * u + 4 * y * v

    def minima(self):
        # Himmelblau 1972, to six decimals as in the standard tables (e.g.
        # Wikipedia, "Test functions for optimization").
        return (
            Minimum(3.0, 2.0, 0.0),
            Minimum(-2.805118, 3.131312, 0.0, digits=6),
            Minimum(-3.779310, -3.283186, 0.0, digits=6),
            Minimum(3.584428, -1.848126, 0.0, digits=6),
        )


class Rastrigin(Surface):
    """A bowl covered in an egg-crate of local minima, one near each integer point.

    Every rule settles in a ripple near the start; with A = 0 it is a plain bowl.
    """

    name = "rastrigin"
    title = "Rastrigin"
    formula = "2A + x² − A·cos(2πx) + y² − A·cos(2πy)"
    params_spec = (
        Param("A", 10.0, 0.0, 20.0, step=1.0, help="depth of the ripples (0: a plain bowl)"),
    )
    view = (-5.12, 5.12, -5.12, 5.12)
    start = (3.3, -4.1)

    def _value(self, x, y, xp):
        a = self.params["A"]
        return 2 * a + x * x - a * xp.cos(_TAU * x) + y * y - a * xp.cos(_TAU * y)

    def _gradient(self, x, y, xp):
        ripple = _TAU * self.params["A"]
        return 2 * x + ripple * xp.sin(_TAU * x), 2 * y + ripple * xp.sin(_TAU * y)

    def minima(self):
        return (Minimum(0.0, 0.0, 0.0),)  # f(0, 0) = 0 for every A ≥ 0


class Ackley(Surface):
    """A nearly flat, rippled plain around one deep central funnel.

    Outside the funnel the ripples dominate the gradient: from the corner
    start every rule settles in the nearest ripple, except momentum with a
    large rate, which rolls over them into the funnel. The funnel's cone has
    a kink at the minimum, so the gradient never shrinks near it.
    """

    name = "ackley"
    title = "Ackley"
    formula = "−a·exp(−b·√((x² + y²)/2)) − exp((cos 2πx + cos 2πy)/2) + a + e"
    params_spec = (
        Param("a", 20.0, 1.0, 40.0, help="depth of the central funnel"),
        Param("b", 0.2, 0.02, 2.0, log=True, help="narrowness of the funnel"),
    )
    view = (-5.0, 5.0, -5.0, 5.0)
    start = (-4.5, -4.5)

    def _value(self, x, y, xp):
        a, b = self.params["a"], self.params["b"]
        radius = xp.hypot(x, y) / math.sqrt(2)
        ripples = (xp.cos(_TAU * x) + xp.cos(_TAU * y)) / 2
        return -a * xp.exp(-b * radius) - xp.exp(ripples) + a + math.e

    def _gradient(self, x, y, xp):
        a, b = self.params["a"], self.params["b"]
        distance = xp.hypot(x, y)
        # The cone's subgradient at the origin is 0: guard the 0 / 0.
        funnel = a * b * xp.exp(-b * distance / math.sqrt(2)) / (
            math.sqrt(2) * xp.maximum(distance, 1e-300))
        ripples = math.pi * xp.exp((xp.cos(_TAU * x) + xp.cos(_TAU * y)) / 2)
        return (funnel * x + ripples * xp.sin(_TAU * x),
                funnel * y + ripples * xp.sin(_TAU * y))

    def minima(self):
        return (Minimum(0.0, 0.0, 0.0),)  # f(0, 0) = 0 for every a, b > 0


class GoldsteinPrice(Surface):
    """Values from 3 to a million: a narrow global basin beside wide local ones.

    Local minima: 30 at (−0.6, −0.4), 84 at (1.8, 0.2), 840 at (1.2, 0.8).
    At the start the slope is 1.5e5, which throws fixed-rate SGD out of the
    view at once; RMSprop settles in the basin at 30 and only Adam
    with a large rate reaches the global one.
    """

    name = "goldstein_price"
    title = "Goldstein–Price"
    formula = ("[1 + (x+y+1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]"
               " · [30 + (2x−3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]")
    view = (-2.0, 2.0, -2.0, 2.0)
    start = (-0.8, 0.8)

    def _value(self, x, y, xp):
        return self._first(x, y)[0] * self._second(x, y)[0]

    def _gradient(self, x, y, xp):
        a, da = self._first(x, y)
        b, (db_dx, db_dy) = self._second(x, y)
        return da * b + a * db_dx, da * b + a * db_dy

    @staticmethod
    def _first(x, y):
        """The first factor and its derivative (the same along x and y)."""
        u = x + y + 1
        p = 19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y
        return 1 + u * u * p, 2 * u * p + u * u * (6 * x + 6 * y - 14)

    @staticmethod
    def _second(x, y):
        """The second factor and its gradient."""
        v = 2 * x - 3 * y
        q = 18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y
        dq_dx, dq_dy = 24 * x - 36 * y - 32, 54 * y - 36 * x + 48
        return 30 + v * v * q, (4 * v * q + v * v * dq_dx, -6 * v * q + v * v * dq_dy)

    def minima(self):
        return (Minimum(0.0, -1.0, 3.0),)  # Goldstein & Price 1971: f(0, −1) = 3


class SixHumpCamel(Surface):
    """Six valleys, two of them global, mirrored through the origin.

    From the start SGD drops into the side valley at (−1.70, 0.80); Adam and
    RMSprop find the global valley at (−0.09, 0.71).
    """

    name = "six_hump_camel"
    title = "Six-hump camel"
    formula = "(4 − 2.1x² + x⁴/3)·x² + xy + (4y² − 4)·y²"
    view = (-2.0, 2.0, -1.2, 1.2)
    start = (-1.2, 0.0)

    def _value(self, x, y, xp):
        x2, y2 = x * x, y * y
        return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (4 * y2 - 4) * y2

    def _gradient(self, x, y, xp):
        x2 = x * x
        return 8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y, x - 8 * y + 16 * y * y * y

    def minima(self):
        # Gavana's benchmarks (scipy go_benchmark_functions); Jamil & Yang 2013
        # give −1.0316 at (±0.0898, ∓0.7126). Gavana prints 16 digits, but the
        # gradient there is ~5e-9: the coordinates hold to about 9 decimals.
        x, y, value = 0.08984201368301331, -0.7126564032704135, -1.031628453489877
        return (Minimum(x, y, value, digits=9), Minimum(-x, -y, value, digits=9))


class ThreeHumpCamel(Surface):
    """A global valley between two shallow side valleys near (±1.75, ∓0.87).

    From the corner SGD and Adam at lr 0.01 settle in the side valley at
    (−1.75, 0.87); momentum, or Adam at lr 0.1, carries past it into the
    global one.
    """

    name = "three_hump_camel"
    title = "Three-hump camel"
    formula = "2x² − 1.05x⁴ + x⁶/6 + xy + y²"
    view = (-2.5, 2.5, -2.5, 2.5)
    start = (-2.0, -2.0)

    def _value(self, x, y, xp):
        x2 = x * x
        return 2 * x2 - 1.05 * x2 * x2 + x2 * x2 * x2 / 6 + x * y + y * y

    def _gradient(self, x, y, xp):
        x2 = x * x
        return 4 * x - 4.2 * x2 * x + x2 * x2 * x + y, x + 2 * y

    def minima(self):
        return (Minimum(0.0, 0.0, 0.0),)  # Jamil & Yang 2013


def _styblinski_tang_root() -> float:
    """The leftmost root of x³ − 8x + 1.25 = 0 (where d/dx of a half-term vanishes),
    by the trigonometric formula for a cubic with three real roots."""
    p, q = -8.0, 1.25
    angle = math.acos(3 * q / (2 * p) * math.sqrt(-3 / p)) / 3
    return 2 * math.sqrt(-p / 3) * math.cos(angle - 2 * _TAU / 3)


class StyblinskiTang(Surface):
    """A separable quartic: four basins, the deepest in the lower-left corner.

    The start lies in the global basin, beyond its floor: momentum with a
    large rate overshoots along x, over the ridge at x ≈ 0.16, into a
    shallower basin on the right.
    """

    name = "styblinski_tang"
    title = "Styblinski–Tang"
    formula = "(x⁴ − 16x² + 5x + y⁴ − 16y² + 5y) / 2"
    view = (-5.0, 5.0, -5.0, 5.0)
    start = (-4.5, -3.5)

    def _value(self, x, y, xp):
        x2, y2 = x * x, y * y
        return (x2 * x2 - 16 * x2 + 5 * x + y2 * y2 - 16 * y2 + 5 * y) / 2

    def _gradient(self, x, y, xp):
        return 2 * x * x * x - 16 * x + 2.5, 2 * y * y * y - 16 * y + 2.5

    def minima(self):
        # Computed exactly. Jamil & Yang and SFU print x = −2.903534 and
        # f = −39.16599 per coordinate (off in the fifth digit); Gavana prints
        # −2.903534018185960 (good to 8 digits) and −39.16616570377142.
        root = _styblinski_tang_root()
        value = root ** 4 - 16 * root ** 2 + 5 * root
        return (Minimum(root, root, value),)


class Levi(Surface):
    """Levi N.13: a gentle valley under dense ripples along x and y."""

    name = "levi"
    title = "Lévi N.13"
    formula = "sin²(3πx) + (x − 1)²(1 + sin²(3πy)) + (y − 1)²(1 + sin²(2πy))"
    view = (-4.0, 6.0, -4.0, 6.0)
    start = (-3.0, 4.5)

    def _value(self, x, y, xp):
        s3y, s2y = xp.sin(3 * math.pi * y), xp.sin(_TAU * y)
        return (xp.sin(3 * math.pi * x) ** 2 + (x - 1) ** 2 * (1 + s3y * s3y)
                + (y - 1) ** 2 * (1 + s2y * s2y))

    def _gradient(self, x, y, xp):
        s3y, s2y = xp.sin(3 * math.pi * y), xp.sin(_TAU * y)
        dx = 3 * math.pi * xp.sin(6 * math.pi * x) + 2 * (x - 1) * (1 + s3y * s3y)
        dy = (3 * math.pi * (x - 1) ** 2 * xp.sin(6 * math.pi * y)
              + 2 * (y - 1) * (1 + s2y * s2y) + 2 * math.pi * (y - 1) ** 2 * xp.sin(2 * _TAU * y))
        return dx, dy

    def minima(self):
        return (Minimum(1.0, 1.0, 0.0),)  # f(1, 1) = 0 (Wikipedia's test-function table)
