"""The expression tree of a typed formula: nodes, simplifying constructors, derivatives."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Union

from ..xp import scalar

MAX_LENGTH = 500
"""Longest formula accepted: keeps parsing, derivatives and code small."""

FUNCTIONS = {"sin": "sin", "cos": "cos", "tan": "tan", "exp": "exp", "log": "log",
             "sqrt": "sqrt", "abs": "abs", "tanh": "tanh", "cosh": "cosh",
             "sinh": "sinh", "atan": "arctan"}
"""The functions a formula may call, and their names in an ``xp`` namespace."""
CONSTANTS = {"pi": math.pi, "e": math.e}


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Var:
    name: str


class _CachedHash:
    """Derivatives share subtrees, so hashing a tree afresh at every node (as
    dataclasses do) grows exponentially with depth: hash each node once.
    Each subclass names ``__hash__`` in its body, or @dataclass replaces it."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((type(self).__name__, *vars(self).values())))

    def __hash__(self) -> int:
        return self._hash


@dataclass(frozen=True)
class Binary(_CachedHash):
    __hash__ = _CachedHash.__hash__
    op: str
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class Neg(_CachedHash):
    __hash__ = _CachedHash.__hash__
    operand: "Node"


@dataclass(frozen=True)
class Call(_CachedHash):
    __hash__ = _CachedHash.__hash__
    function: str
    """A key of FUNCTIONS, or ``sign`` (only ever made by the derivative of abs)."""
    argument: "Node"


Node = Union[Num, Var, Binary, Neg, Call]
ZERO, ONE, TWO = Num(0.0), Num(1.0), Num(2.0)


def fold(compute: Callable[[], float]) -> Num | None:
    """A constant computed now, or None where it fails or is not finite."""
    try:
        value = float(compute())
    except (ArithmeticError, ValueError):
        return None
    return Num(value) if math.isfinite(value) else None


def add(a: Node, b: Node) -> Node:
    if isinstance(a, Num) and isinstance(b, Num):
        return fold(lambda: a.value + b.value) or Binary("+", a, b)
    return b if a == ZERO else a if b == ZERO else Binary("+", a, b)


def sub(a: Node, b: Node) -> Node:
    if isinstance(a, Num) and isinstance(b, Num):
        return fold(lambda: a.value - b.value) or Binary("-", a, b)
    return neg(b) if a == ZERO else a if b == ZERO else Binary("-", a, b)


def mul(a: Node, b: Node) -> Node:
    if a == ZERO or b == ZERO:
        return ZERO
    if isinstance(a, Num) and isinstance(b, Num):
        return fold(lambda: a.value * b.value) or Binary("*", a, b)
    return b if a == ONE else a if b == ONE else Binary("*", a, b)


def div(a: Node, b: Node) -> Node:
    if isinstance(a, Num) and isinstance(b, Num):
        return fold(lambda: a.value / b.value) or Binary("/", a, b)
    return ZERO if a == ZERO else a if b == ONE else Binary("/", a, b)


def power(a: Node, b: Node) -> Node:
    if isinstance(a, Num) and isinstance(b, Num):
        return fold(lambda: math.pow(a.value, b.value)) or Binary("**", a, b)
    return ONE if b == ZERO else a if b == ONE else Binary("**", a, b)


def neg(a: Node) -> Node:
    if isinstance(a, Num):
        return Num(-a.value)
    return a.operand if isinstance(a, Neg) else Neg(a)


def call(function: str, a: Node) -> Node:
    if isinstance(a, Num):
        folded = fold(lambda: getattr(scalar, FUNCTIONS.get(function, function))(a.value))
        if folded is not None:
            return folded
    return Call(function, a)


BUILDERS = {"+": add, "-": sub, "*": mul, "/": div, "**": power}


def derivative(node: Node, var: str) -> Node:
    """d node / d var, lightly simplified."""
    if isinstance(node, Num):
        return ZERO
    if isinstance(node, Var):
        return ONE if node.name == var else ZERO
    if isinstance(node, Neg):
        return neg(derivative(node.operand, var))
    if isinstance(node, Call):
        inner = derivative(node.argument, var)
        return ZERO if inner == ZERO else mul(_outer_derivative(node), inner)
    return _binary_derivative(node, var)


def _binary_derivative(node: Binary, var: str) -> Node:
    u, v = node.left, node.right
    du, dv = derivative(u, var), derivative(v, var)
    if node.op in "+-":
        return BUILDERS[node.op](du, dv)
    if node.op == "*":
        return add(mul(du, v), mul(u, dv))
    if node.op == "/":
        return sub(div(du, v), div(mul(u, dv), power(v, TWO)))
    if isinstance(v, Num):  # u ** c
        return mul(mul(v, power(u, Num(v.value - 1))), du)
    # u ** v = exp(v log u): d = u**v · (v' log u + v u' / u)
    return mul(node, add(mul(dv, call("log", u)), div(mul(v, du), u)))


def _outer_derivative(node: Call) -> Node:
    """f'(u) for f(u) = node."""
    u, name = node.argument, node.function
    rules = {
        "sin": lambda: call("cos", u), "cos": lambda: neg(call("sin", u)),
        "tan": lambda: div(ONE, power(call("cos", u), TWO)), "exp": lambda: node,
        "log": lambda: div(ONE, u), "sqrt": lambda: div(Num(0.5), node),
        "abs": lambda: call("sign", u), "tanh": lambda: sub(ONE, power(node, TWO)),
        "cosh": lambda: call("sinh", u), "sinh": lambda: call("cosh", u),
        "atan": lambda: div(ONE, add(ONE, power(u, TWO))),
    }
    return rules[name]()
