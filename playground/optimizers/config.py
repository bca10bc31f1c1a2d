"""An optimizer as it enters a race: a name, its hyperparameters, a label."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..params import Param, format_value
from . import torch_bridge
from .registry import RULES, UpdateRule


@dataclass(frozen=True)
class OptimizerConfig:
    """A validated optimizer setting. Build it with :func:`resolve`."""

    name: str
    """Registry name (``adam``) or import path of a torch.optim.Optimizer."""
    hyperparameters: dict = field(compare=True)
    """Every hyperparameter, defaults filled in, under torch's names."""
    label: str = ""
    rule: UpdateRule | None = field(default=None, compare=False, repr=False)
    """The registered rule; None when the optimizer runs through torch."""

    @property
    def runs_in_torch(self) -> bool:
        return self.rule is None

    @property
    def params(self) -> tuple[Param, ...]:
        """The tweakable specs (empty for a torch class: shown, not tweaked)."""
        return self.rule.params if self.rule else ()

    def make_step(self):
        """The update rule bound to these hyperparameters (registry rules only)."""
        return self.rule.factory(**self.hyperparameters)

    def with_hyperparameter(self, name: str, value) -> "OptimizerConfig":
        """A copy with one value changed, validated as torch would (``ValueError``)."""
        return resolve(self.name, {**self.hyperparameters, name: value}, self.label)

    def changed_hyperparameters(self) -> dict:
        """Only the values that differ from the defaults (what a scenario needs)."""
        defaults = self.rule.defaults if self.rule else torch_bridge.defaults(self.name)
        return {k: v for k, v in self.hyperparameters.items() if defaults.get(k) != v}

    def describe(self) -> str:
        shown = self.changed_hyperparameters() or {"lr": self.hyperparameters.get("lr")}
        return ", ".join(f"{k}={format_value(v)}" for k, v in shown.items() if v is not None)


def resolve(name: str, hyperparameters: dict | None = None, label: str | None = None,
            where: str = "") -> OptimizerConfig:
    """Look ``name`` up, check ``hyperparameters`` as torch would, fill defaults.

    ``where`` prefixes error messages (a file and table, say). Raises
    ``ValueError`` naming the optimizer and the offending key.
    """
    given = dict(hyperparameters or {})
    prefix = f"{where}: " if where else ""
    if name in RULES:
        rule = RULES[name]
        values = _coerce(rule, given, prefix)
        try:
            rule.factory(**values)
        except ValueError as error:
            raise ValueError(f"{prefix}optimizer {name!r}: {error}") from None
        return OptimizerConfig(name, values, label or name, rule)
    if "." in name:
        values = torch_bridge.validate(name, given, prefix)
        return OptimizerConfig(name, values, label or name.rsplit(".", 1)[-1], None)
    raise ValueError(
        f"{prefix}unknown optimizer {name!r} (known: {', '.join(RULES)}; "
        "or the import path of a torch.optim.Optimizer, such as torch.optim.SGD)"
    )


def _coerce(rule: UpdateRule, given: dict, prefix: str) -> dict:
    specs = {param.name: param for param in rule.params}
    unknown = [key for key in given if key not in specs]
    if unknown:
        raise ValueError(
            f"{prefix}optimizer {rule.name!r} has no hyperparameter {unknown[0]!r} "
            f"(it has {', '.join(specs)})"
        )
    values = rule.defaults
    for key, value in given.items():
        values[key] = specs[key].coerce(value, f"{prefix}optimizer {rule.name!r}")
    return values
