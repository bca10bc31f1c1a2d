"""The registry: each update rule's name, hyperparameter specs and rule text.

Names are torch.optim's class names in lower case, plus conveniences
(``momentum``, ``nesterov``) that preset SGD, and the seed note's
``handwritten_adagrad``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..params import Param
from . import rules


@dataclass(frozen=True)
class UpdateRule:
    """One registered optimizer: how to build its step and how to show it."""

    name: str
    title: str
    factory: Callable
    """Takes torch's keyword arguments, returns ``step(p, g, state, t, xp)``."""
    params: tuple[Param, ...]
    text: str
    """The update rule written out, for the playground to teach."""
    torch_class: str | None
    """The torch.optim class it reproduces (None: the seed's hand-written rule)."""

    @property
    def defaults(self) -> dict:
        return {param.name: param.default for param in self.params}

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)


def _lr(default: float) -> Param:
    return Param("lr", default, 1e-6, 10.0, log=True, help="learning rate γ")


def _eps(default: float) -> Param:
    return Param("eps", default, 1e-12, 1.0, log=True, help="ε, keeps the division finite")


_WEIGHT_DECAY = Param("weight_decay", 0.0, 1e-5, 1.0, log=True, zero=True, help="L2 penalty λ")
_BETAS = Param("betas", (0.9, 0.999), 0.0, 0.9999, kind="pair", step=0.01,
               help="decay of the gradient average (β₁) and of its square (β₂)")


def _momentum(default: float, low: float = 0.0) -> Param:
    return Param("momentum", default, low, 0.999, step=0.05, help="momentum μ")


def _sgd_params(momentum: float, nesterov: bool) -> tuple[Param, ...]:
    if nesterov:  # torch refuses Nesterov without momentum or with dampening
        return (_lr(1e-3), _momentum(momentum, low=0.05), _WEIGHT_DECAY,
                Param("nesterov", True, kind="bool", help="look ahead along the momentum"))
    return (
        _lr(1e-3),
        _momentum(momentum),
        Param("dampening", 0.0, 0.0, 1.0, step=0.05, help="τ: damps the gradient entering the buffer"),
        _WEIGHT_DECAY,
        Param("nesterov", False, kind="bool", help="look ahead along the momentum"),
    )


_SGD_TEXT = """\
g ← ∇f(θ) + weight_decay·θ
b ← momentum·b + (1 − dampening)·g   (b₁ = g)
g ← g + momentum·b if nesterov else b
θ ← θ − lr·g"""

_DECOUPLED = Param("decoupled_weight_decay", False, kind="bool", help="decay θ directly, as AdamW")
_ADAM_PARAMS = (_lr(1e-3), _BETAS, _eps(1e-8), _WEIGHT_DECAY,
                Param("amsgrad", False, kind="bool", help="use the largest v seen so far"),
                _DECOUPLED)

_ADAM_TEXT = """\
{decay}
m ← β₁·m + (1 − β₁)·g
v ← β₂·v + (1 − β₂)·g²        (v ← max(v̂, v) if amsgrad)
m̂ ← m / (1 − β₁ᵗ)   v̂ ← v / (1 − β₂ᵗ)
θ ← θ − lr·m̂ / (√v̂ + eps)"""

RULES: dict[str, UpdateRule] = {}


def _register(rule: UpdateRule) -> None:
    RULES[rule.name] = rule


_register(UpdateRule("sgd", "SGD", rules.sgd, _sgd_params(0.0, False), _SGD_TEXT, "SGD"))
_register(UpdateRule("momentum", "SGD + momentum", rules.sgd, _sgd_params(0.9, False), _SGD_TEXT,
                     "SGD"))
_register(UpdateRule("nesterov", "SGD + Nesterov", rules.sgd, _sgd_params(0.9, True), _SGD_TEXT,
                     "SGD"))
_register(UpdateRule(
    "adagrad", "Adagrad", rules.adagrad,
    (_lr(1e-2), Param("lr_decay", 0.0, 1e-5, 1.0, log=True, zero=True, help="η: lr / (1 + (t−1)·η)"),
     _WEIGHT_DECAY,
     Param("initial_accumulator_value", 0.0, 1e-4, 100.0, log=True, zero=True, help="s₀"),
     _eps(1e-10)),
    """\
g ← ∇f(θ) + weight_decay·θ
s ← s + g²                 (s = initial_accumulator_value at first)
θ ← θ − lr / (1 + (t−1)·lr_decay) · g / (√s + eps)
the effective rate only ever shrinks""",
    "Adagrad"))
_register(UpdateRule(
    "handwritten_adagrad", "Adagrad (seed's hand-written)", rules.handwritten_adagrad,
    (_lr(1e-2), _eps(1e-10)),
    """\
s ← s + g²
θ ← θ − lr · g / √(s + eps)     (eps inside the root)""",
    None))
_register(UpdateRule(
    "rmsprop", "RMSprop", rules.rmsprop,
    (_lr(1e-2), Param("alpha", 0.99, 0.0, 0.9999, step=0.01, help="smoothing of the squared average"),
     _eps(1e-8), _WEIGHT_DECAY, _momentum(0.0),
     Param("centered", False, kind="bool", help="divide by the variance, not the raw second moment")),
    """\
g ← ∇f(θ) + weight_decay·θ
v ← alpha·v + (1 − alpha)·g²
ḡ ← alpha·ḡ + (1 − alpha)·g ;  v ← v − ḡ²   (if centered)
b ← momentum·b + g / (√v + eps)
θ ← θ − lr·b             the rate can recover""",
    "RMSprop"))
_register(UpdateRule(
    "adam", "Adam", rules.adam, _ADAM_PARAMS,
    _ADAM_TEXT.format(
        decay="g ← ∇f(θ) + weight_decay·θ   (θ ← θ·(1 − lr·weight_decay) if decoupled)"),
    "Adam"))
_register(UpdateRule(
    "adamw", "AdamW", rules.adamw,
    (_ADAM_PARAMS[0], _BETAS, _ADAM_PARAMS[2],
     Param("weight_decay", 1e-2, 1e-5, 1.0, log=True, zero=True, help="decoupled decay λ"),
     _ADAM_PARAMS[4]),
    _ADAM_TEXT.format(decay="θ ← θ·(1 − lr·weight_decay);  g ← ∇f(θ)"),
    "AdamW"))
_register(UpdateRule(
    "adadelta", "Adadelta", rules.adadelta,
    (Param("lr", 1.0, 1e-3, 10.0, log=True, help="PyTorch's scale on the step (1.0 = the original)"),
     Param("rho", 0.9, 0.0, 1.0, step=0.01, help="decay of both running averages"),
     _eps(1e-6), _WEIGHT_DECAY),
    """\
v ← rho·v + (1 − rho)·g²
Δ ← √(u + eps) / √(v + eps) · g
u ← rho·u + (1 − rho)·Δ²
θ ← θ − lr·Δ            no learning rate needed""",
    "Adadelta"))
_register(UpdateRule(
    "adamax", "Adamax", rules.adamax,
    (_lr(2e-3), _BETAS, _eps(1e-8), _WEIGHT_DECAY),
    """\
m ← β₁·m + (1 − β₁)·g
u ← max(β₂·u, |g| + eps)
θ ← θ − lr / (1 − β₁ᵗ) · m / u""",
    "Adamax"))
_register(UpdateRule(
    "nadam", "NAdam", rules.nadam,
    (_lr(2e-3), _BETAS, _eps(1e-8), _WEIGHT_DECAY,
     Param("momentum_decay", 4e-3, 1e-5, 1.0, log=True, help="ψ: how fast μₜ warms up"),
     _DECOUPLED),
    """\
μₜ ← β₁·(1 − ½·0.96^(t·momentum_decay))
m ← β₁·m + (1 − β₁)·g ;  v ← β₂·v + (1 − β₂)·g²
d ← √(v / (1 − β₂ᵗ)) + eps
θ ← θ − lr·(1 − μₜ)/(1 − Πμ)·g/d − lr·μₜ₊₁/(1 − Πμ·μₜ₊₁)·m/d""",
    "NAdam"))
_register(UpdateRule(
    "radam", "RAdam", rules.radam,
    (_lr(1e-3), _BETAS, _eps(1e-8), _WEIGHT_DECAY, _DECOUPLED),
    """\
m ← β₁·m + (1 − β₁)·g ;  v ← β₂·v + (1 − β₂)·g²
ρₜ ← ρ∞ − 2t·β₂ᵗ / (1 − β₂ᵗ)
θ ← θ − lr·m̂·rₜ·√(1 − β₂ᵗ)/(√v + eps)   once ρₜ > 5
θ ← θ − lr·m̂                           before (plain momentum)""",
    "RAdam"))
