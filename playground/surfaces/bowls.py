"""Single-basin surfaces: funnels, valleys and tilted bowls with one minimum.

Published minima follow Jamil & Yang, "A literature survey of benchmark
functions for global optimisation problems" (2013), and Surjanovic & Bingham's
Virtual Library of Simulation Experiments (SFU); where a minimum has a closed
form it is computed exactly instead.
"""

from __future__ import annotations

import math

from ..params import Param
from .base import Minimum, Surface


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


class Booth(Surface):
    """A tilted quadratic bowl: curvature 18 along (1, 1), 2 along (1, −1).

    The start lies mostly along the shallow direction, so a large step
    zig-zags across the floor while creeping along it.
    """

    name = "booth"
    title = "Booth"
    formula = "(x + 2y − 7)² + (2x + y − 5)²"
    view = (-10.0, 10.0, -10.0, 10.0)
    start = (-8.0, 8.0)

    def _value(self, x, y, xp):
        return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2

    def _gradient(self, x, y, xp):
        u, v = x + 2 * y - 7, 2 * x + y - 5
        return 2 * u + 4 * v, 4 * u + 2 * v

    def minima(self):
        return (Minimum(1.0, 3.0, 0.0),)  # Jamil & Yang 2013, f(1, 3) = 0


class Matyas(Surface):
    """A nearly flat valley along the diagonal: curvature 0.04 along (1, 1), 1 across.

    The start lies far along the floor, where the slope is gentle: after
    1000 steps SGD at lr 0.01 is still about two thirds of the way out.
    """

    name = "matyas"
    title = "Matyas"
    formula = "0.26·(x² + y²) − 0.48·x·y"
    view = (-10.0, 10.0, -10.0, 10.0)
    start = (-9.0, -5.0)

    def _value(self, x, y, xp):
        return 0.26 * (x * x + y * y) - 0.48 * x * y

    def _gradient(self, x, y, xp):
        return 0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x

    def minima(self):
        return (Minimum(0.0, 0.0, 0.0),)  # Jamil & Yang 2013


class Beale(Surface):
    """A curved valley between flat wings and walls that climb to 1.8e5 in the corners.

    The start sits on a steep wall (slope ≈ 100): SGD at lr 0.01 drops onto
    the valley floor and follows it to (3, ½), while Adam's bounded steps at
    the same rate are still on the way after 1000 steps.
    """

    name = "beale"
    title = "Beale"
    formula = "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²"
    view = (-4.5, 4.5, -4.5, 4.5)
    start = (1.0, 1.5)

    def _value(self, x, y, xp):
        return ((1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2
                + (2.625 - x + x * y * y * y) ** 2)

    def _gradient(self, x, y, xp):
        y2 = y * y
        t1, t2, t3 = 1.5 - x + x * y, 2.25 - x + x * y2, 2.625 - x + x * y2 * y
        dx = 2 * (t1 * (y - 1) + t2 * (y2 - 1) + t3 * (y2 * y - 1))
        dy = 2 * x * (t1 + 2 * t2 * y + 3 * t3 * y2)
        return dx, dy

    def minima(self):
        return (Minimum(3.0, 0.5, 0.0),)  # Jamil & Yang 2013, f(3, 0.5) = 0


class McCormick(Surface):
    """A sloping bowl rippled by sin(x + y), with a local basin beside the global one.

    The minima have a closed form: the gradient vanishes where x − y = 1 and
    cos(x + y) = −½. The global one is at (½ − π/3, −½ − π/3), f = −√3/2 − π/3
    = −1.9132230 (Jamil & Yang 2013 print (−0.54719, −1.54719), −1.9133);
    the local one at (½ + 2π/3, −½ + 2π/3), f = 2π/3 − √3/2 = 1.228. From the
    start, the way down crosses the ridge x + y = 2π/3 on the wrong side, and
    every rule ends in the local basin.
    """

    name = "mccormick"
    title = "McCormick"
    formula = "sin(x + y) + (x − y)² − 1.5x + 2.5y + 1"
    # The published domain [-1.5, 4] x [-3, 4]; further down-left the slope
    # wins and lower minima appear every 2π along x + y.
    view = (-1.5, 4.0, -3.0, 4.0)
    start = (-1.2, 3.5)

    def _value(self, x, y, xp):
        return xp.sin(x + y) + (x - y) ** 2 - 1.5 * x + 2.5 * y + 1

    def _gradient(self, x, y, xp):
        ripple, pull = xp.cos(x + y), 2 * (x - y)
        return ripple + pull - 1.5, ripple - pull + 2.5

    def minima(self):
        third = math.pi / 3
        return (Minimum(0.5 - third, -0.5 - third, -math.sqrt(3) / 2 - third),)
