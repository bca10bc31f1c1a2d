"""Surfaces from formulas the user types, parsed safely and differentiated symbolically.

``x**2 + 10*sin(y)`` is read with :mod:`ast` and checked against a whitelist
(numbers, ``x``, ``y``, ``pi``, ``e``, ``+ - * / **`` and a few functions)
into a small expression tree. The tree is differentiated by the usual rules,
then turned into Python source (straight-line code, one temporary per shared
subexpression) and compiled. Only whitelisted nodes are ever written into that
source, so no text the user typed is evaluated.
"""

from .parse import parse
from .surface import DEFAULT_VIEW, ExpressionSurface, expression_surface
from .tree import CONSTANTS, FUNCTIONS, MAX_LENGTH, derivative

__all__ = ["CONSTANTS", "DEFAULT_VIEW", "ExpressionSurface", "FUNCTIONS", "MAX_LENGTH",
           "derivative", "expression_surface", "parse"]
