"""Formula text -> validated expression tree, through :mod:`ast` and a whitelist."""

from __future__ import annotations

import ast

from .tree import (BUILDERS, CONSTANTS, FUNCTIONS, MAX_LENGTH, Node, Num, Var, call, fold,
                   neg)

_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_FORBIDDEN_OPERATORS = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@",
                        ast.BitXor: "^", ast.BitAnd: "&", ast.BitOr: "|",
                        ast.LShift: "<<", ast.RShift: ">>"}
_FORBIDDEN_NODES = {
    ast.Subscript: "indexing is", ast.Lambda: "lambda is", ast.Compare: "comparisons are",
    ast.BoolOp: "and/or is", ast.IfExp: "if/else is", ast.NamedExpr: "assignment (:=) is",
    ast.JoinedStr: "f-strings are", ast.Starred: "unpacking (*) is", ast.List: "lists are",
    ast.Tuple: "tuples are", ast.Set: "sets are", ast.Dict: "dicts are",
    ast.ListComp: "comprehensions are", ast.SetComp: "comprehensions are",
    ast.DictComp: "comprehensions are", ast.GeneratorExp: "generator expressions are",
    ast.Await: "await is", ast.Yield: "yield is", ast.YieldFrom: "yield is",
}


class _Rejected(Exception):
    """Why a formula was refused (turned into a ValueError naming the formula)."""


def parse(formula: str) -> Node:
    """The validated tree of ``formula``, or a one-line ``ValueError`` saying why not."""
    text = formula.strip()
    try:
        if not text:
            raise _Rejected("the formula is empty")
        if len(text) > MAX_LENGTH:
            raise _Rejected(f"too long ({len(text)} characters, at most {MAX_LENGTH})")
        try:
            body = ast.parse(text, mode="eval").body
        except SyntaxError as error:
            raise _Rejected(f"syntax error at column {error.offset}: {error.msg}") from None
        return _node(body)
    except _Rejected as why:
        raise ValueError(f"{quoted(text)}: {why}") from None
    except RecursionError:
        raise ValueError(f"{quoted(text)}: nested too deeply") from None


def quoted(text: str, limit: int = 80) -> str:
    """``formula "..."``, shortened so the message stays one readable line."""
    return f'formula "{text if len(text) <= limit else text[:limit - 3] + "..."}"'


def _node(node: ast.AST) -> Node:
    if isinstance(node, ast.Constant):
        return _constant(node.value)
    if isinstance(node, ast.Name):
        return _name(node.id)
    if isinstance(node, ast.BinOp):
        return _binary(node)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _node(node.operand)
        return neg(operand) if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call):
        return _call(node)
    if isinstance(node, ast.UnaryOp):
        raise _Rejected(f"operator '{'not' if isinstance(node.op, ast.Not) else '~'}' is not allowed")
    if isinstance(node, ast.Attribute):
        raise _Rejected(f"attribute access ('.{node.attr}') is not allowed")
    what = _FORBIDDEN_NODES.get(type(node), f"{type(node).__name__} is")
    raise _Rejected(f"{what} not allowed (only numbers, x, y, pi, e, + - * / ** and function calls)")


def _constant(value: object) -> Node:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        kinds = {str: "strings are", bytes: "bytes are", complex: "complex numbers are"}
        raise _Rejected(f"{kinds.get(type(value), f'{value!r} is')} not allowed")
    number = fold(lambda: value)
    if number is None:
        raise _Rejected(f"the number {value!r} is too large")
    return number


def _name(name: str) -> Node:
    if name in ("x", "y"):
        return Var(name)
    if name in CONSTANTS:
        return Num(CONSTANTS[name])
    if name in FUNCTIONS:
        raise _Rejected(f"'{name}' is a function: call it, as in {name}(x)")
    raise _Rejected(f"unknown name '{name}' (allowed: x, y, pi, e)")


def _binary(node: ast.BinOp) -> Node:
    op = _OPERATORS.get(type(node.op))
    if op is None:
        symbol = _FORBIDDEN_OPERATORS.get(type(node.op), type(node.op).__name__)
        hint = " (write ** for powers)" if symbol == "^" else ""
        raise _Rejected(f"operator '{symbol}' is not allowed{hint}")
    return BUILDERS[op](_node(node.left), _node(node.right))


def _call(node: ast.Call) -> Node:
    if isinstance(node.func, ast.Attribute):
        raise _Rejected(f"attribute access ('.{node.func.attr}') is not allowed")
    if not isinstance(node.func, ast.Name):
        raise _Rejected("only plain function names can be called (like sin(x))")
    name = node.func.id
    if name not in FUNCTIONS:
        raise _Rejected(f"unknown function '{name}' (allowed: {', '.join(FUNCTIONS)})")
    if node.keywords:
        raise _Rejected(f"keyword arguments are not allowed (in {name})")
    if len(node.args) != 1:
        raise _Rejected(f"{name} takes one argument, got {len(node.args)}")
    return call(name, _node(node.args[0]))
