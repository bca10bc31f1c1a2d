"""Expression trees -> compiled Python functions of (x, y, xp).

Only node kinds from :mod:`.tree` are written into the source, never text the
user typed, so compiling it is as safe as the whitelist in :mod:`.parse`.
"""

from __future__ import annotations

from typing import Callable

from .tree import FUNCTIONS, Call, Neg, Node, Num, Var


class _Writer:
    """Straight-line source: one temporary per distinct compound subexpression."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[Node, str] = {}

    def emit(self, node: Node) -> str:
        if isinstance(node, Num):
            return f"({node.value!r})"
        if isinstance(node, Var):
            return node.name
        if node not in self.names:
            expression = self._expression(node)
            self.names[node] = name = f"t{len(self.names)}"
            self.lines.append(f"    {name} = {expression}")
        return self.names[node]

    def _expression(self, node: Node) -> str:
        if isinstance(node, Neg):
            return f"-{self.emit(node.operand)}"
        if isinstance(node, Call):
            return f"xp.{FUNCTIONS.get(node.function, node.function)}({self.emit(node.argument)})"
        left, right = self.emit(node.left), self.emit(node.right)
        if node.op == "**" and not (isinstance(node.right, Num) and node.right.value.is_integer()):
            # math.pow raises on a negative base where ** would go complex.
            return f"xp.power({left}, {right})"
        return f"{left} {node.op} {right}"


def compile_function(roots: tuple[Node, ...], name: str) -> Callable:
    """``name(x, y, xp)`` returning the value of each root (one root: not a tuple)."""
    writer = _Writer()
    results = [writer.emit(root) for root in roots]
    returned = results[0] if len(results) == 1 else "(" + ", ".join(results) + ",)"
    source = "\n".join([f"def {name}(x, y, xp):", *writer.lines, f"    return {returned}"])
    scope: dict = {"__builtins__": {}}
    exec(compile(source, f"<formula {name}>", "exec"), scope)  # generated source only
    return scope[name]
