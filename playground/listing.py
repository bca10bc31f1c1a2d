"""Tables for ``playground list``: every surface and every optimizer."""

from __future__ import annotations

from rich.table import Table

from .optimizers import RULES
from .params import format_value
from .surfaces import SURFACES


def surfaces_table() -> Table:
    table = Table(title="surfaces", title_justify="left")
    for column in ("name", "formula", "parameters", "start", "known minima"):
        table.add_column(column)
    for name, cls in SURFACES.items():
        surface = cls()
        minima = "; ".join(f"({m.x:.4g}, {m.y:.4g}) = {m.value:.4g}" for m in surface.minima()) or "none"
        params = ", ".join(f"{k}={format_value(v)}" for k, v in surface.params.items())
        table.add_row(name, surface.formula, params, f"({surface.start[0]:g}, {surface.start[1]:g})", minima)
    return table


def optimizers_table() -> Table:
    table = Table(title="optimizers (or any torch.optim.Optimizer by import path)", title_justify="left")
    for column in ("name", "torch.optim", "hyperparameters (defaults)"):
        table.add_column(column)
    for name, rule in RULES.items():
        defaults = ", ".join(f"{k}={format_value(v)}" for k, v in rule.defaults.items())
        table.add_row(name, rule.torch_class or "— (seed's hand-written)", defaults)
    return table
