"""2-D loss surfaces: value, analytic gradient, view box, start, known minima.

Every formula is written once with operators and ``xp`` functions, so the same
code evaluates one point as Python floats (fast inside a trajectory loop) or a
whole grid / thousands of points as numpy arrays (fast for heatmaps, sweeps).
Formulas typed by the user live in :mod:`playground.expression`.
"""

from __future__ import annotations

from .base import Minimum, Surface
from .bowls import Beale, Booth, Matyas, McCormick, Ravine, Rosenbrock
from .multimodal import (Ackley, GoldsteinPrice, Himmelblau, Levi, Rastrigin,
                         SixHumpCamel, StyblinskiTang, ThreeHumpCamel)
from .pathologies import DoubleWell, Plateau, Saddle

# The order is the order of the menu: the seed's stories first, then the
# classic bowls, the saddles and plateaus, and the multimodal landscapes.
SURFACES: dict[str, type[Surface]] = {cls.name: cls for cls in (
    Ravine, Rosenbrock, Booth, Matyas, Beale, McCormick,
    Saddle, DoubleWell, Plateau,
    Himmelblau, SixHumpCamel, ThreeHumpCamel, GoldsteinPrice, StyblinskiTang,
    Rastrigin, Ackley, Levi,
)}


def make_surface(name: str, **params: float) -> Surface:
    """The registered surface ``name`` with ``params`` set, or a ``ValueError``."""
    try:
        cls = SURFACES[name]
    except KeyError:
        raise ValueError(
            f"unknown surface {name!r} (known: {', '.join(SURFACES)})"
        ) from None
    return cls(**params)


__all__ = ["Minimum", "SURFACES", "Surface", "make_surface"]
