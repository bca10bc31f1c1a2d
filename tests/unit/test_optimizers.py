"""Every update rule against torch.optim, step by step; refusals; the torch bridge.

The reference is torch itself: a float64 tensor of shape (2,) whose ``.grad``
is set from the surface's analytic gradient before each ``optimizer.step()``.
Our rules run twice: as Python floats through ``run_one`` (one coordinate at a
time, the app's path) and as numpy arrays of shape (N, 2) (the sweeps' path).
"""

from __future__ import annotations

import inspect
import math
import sys
import textwrap
from contextlib import contextmanager

import numpy as np
import pytest
import torch

from playground.optimizers import RULES, resolve
from playground.surfaces import Minimum, Surface, make_surface
from playground.trajectory import run_one

STEPS = 1000
RTOL = 1e-6
FLOOR = 1e-8
"""Below this magnitude the tolerance stops shrinking (1e-14 absolute)."""


class TiltedBowl(Surface):
    """A quadratic whose axes are not the coordinate axes, so x and y interact."""

    name = "tilted_bowl"
    title = "Tilted bowl"
    formula = "(3x² + 2xy + 2y²) / 2"
    view = (-3.0, 3.0, -3.0, 3.0)
    start = (2.0, -1.5)

    def _value(self, x, y, xp):
        return (3 * x * x + 2 * x * y + 2 * y * y) / 2

    def _gradient(self, x, y, xp):
        return 3 * x + y, x + 2 * y

    def minima(self):
        return (Minimum(0.0, 0.0, 0.0),)


SURFACES = {
    "ravine": make_surface("ravine"),
    "rosenbrock": make_surface("rosenbrock"),
    "tilted_bowl": TiltedBowl(),
}
OTHER_STARTS = {
    "ravine": [(6.0, -2.0), (-3.0, 0.5)],
    "rosenbrock": [(0.5, 1.0), (1.5, 1.5)],
    "tilted_bowl": [(-1.0, 2.5), (0.5, 0.5)],
}

# A learning rate that converges (or at least stays finite and tame) on each surface;
# it also spreads lr a hundredfold for the rules whose combinations leave it alone.
_LR = {
    "sgd": {"ravine": 0.01, "rosenbrock": 1e-4, "tilted_bowl": 0.05},
    "adagrad": {"ravine": 0.5, "rosenbrock": 0.05, "tilted_bowl": 0.5},
    "rmsprop": {"ravine": 0.01, "rosenbrock": 1e-4, "tilted_bowl": 1e-3},
    "adam": {"ravine": 0.05, "rosenbrock": 0.01, "tilted_bowl": 0.05},
    "nadam": {"ravine": 0.05, "rosenbrock": 0.01, "tilted_bowl": 0.01},
    "radam": {"ravine": 0.05, "rosenbrock": 1e-3, "tilted_bowl": 0.01},
    "adadelta": {"ravine": 1.0, "rosenbrock": 0.01, "tilted_bowl": 0.3},
}
_FAMILY = {"momentum": "sgd", "nesterov": "sgd", "adamw": "adam", "adamax": "adam",
           "handwritten_adagrad": "adagrad"}

FIDELITY = [
    ("sgd", {}),
    ("sgd", {"momentum": 0.9}),
    ("sgd", {"momentum": 0.5, "dampening": 0.3}),
    ("sgd", {"momentum": 0.9, "nesterov": True}),
    ("sgd", {"weight_decay": 0.1}),
    ("sgd", {"momentum": 0.8, "dampening": 0.5, "weight_decay": 0.01}),
    ("momentum", {}),
    ("nesterov", {}),
    ("nesterov", {"momentum": 0.5, "weight_decay": 0.05}),
    ("adagrad", {}),
    ("adagrad", {"lr_decay": 0.01}),
    ("adagrad", {"initial_accumulator_value": 0.5}),
    ("adagrad", {"weight_decay": 0.1}),
    ("adagrad", {"eps": 1e-3}),
    ("adagrad", {"lr_decay": 1e-3, "initial_accumulator_value": 0.1, "weight_decay": 0.01,
                 "eps": 1e-6}),
    ("rmsprop", {}),
    ("rmsprop", {"alpha": 0.999}),
    ("rmsprop", {"centered": True}),
    ("rmsprop", {"momentum": 0.5}),
    ("rmsprop", {"weight_decay": 0.1}),
    ("rmsprop", {"centered": True, "momentum": 0.5, "alpha": 0.99}),
    ("rmsprop", {"centered": True, "momentum": 0.9, "eps": 1e-6}),
    ("adam", {}),
    ("adam", {"amsgrad": True}),
    ("adam", {"weight_decay": 0.1}),
    ("adam", {"weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("adam", {"betas": (0.7, 0.999)}),
    ("adam", {"betas": (0.95, 0.99), "amsgrad": True, "weight_decay": 0.01}),
    ("adamw", {}),
    ("adamw", {"weight_decay": 0.1}),
    ("adamw", {"amsgrad": True}),
    ("adamw", {"betas": (0.8, 0.9999), "eps": 1e-4}),
    ("adadelta", {}),
    ("adadelta", {"rho": 0.5}),
    ("adadelta", {"weight_decay": 0.1}),
    ("adadelta", {"rho": 0.95, "eps": 1e-5}),
    ("adamax", {}),
    ("adamax", {"betas": (0.7, 0.999)}),
    ("adamax", {"weight_decay": 0.1}),
    ("adamax", {"eps": 1e-3}),
    ("nadam", {}),
    ("nadam", {"momentum_decay": 0.01}),
    ("nadam", {"weight_decay": 0.1}),
    ("nadam", {"weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("nadam", {"betas": (0.8, 0.9999)}),
    ("radam", {}),
    ("radam", {"betas": (0.9, 0.7)}),  # ρ∞ = 5.67: ρ_t ≤ 5 for 9 steps (5 at β₂ = 0.999)
    ("radam", {"betas": (0.8, 0.6)}),  # ρ∞ = 4: never rectified, momentum all the way
    ("radam", {"betas": (0.5, 0.99)}),
    ("radam", {"weight_decay": 0.1}),
    ("radam", {"weight_decay": 0.1, "decoupled_weight_decay": True}),
]


def _id(value) -> str:
    if isinstance(value, dict):
        return ",".join(f"{k}={v}" for k, v in value.items()) or "defaults"
    return str(value)


def settings(name: str, surface: str, overrides: dict) -> dict:
    """``overrides`` with this surface's learning rate unless they set one."""
    return {"lr": _LR[_FAMILY.get(name, name)][surface], **overrides}


@contextmanager
def torch_scalar_state_in_float64(enabled: bool = True):
    """torch keeps NAdam's running product of μ in the default dtype (float32
    unless the default is float64): ~1e-7 off, which 1000 steps carry to ~5e-6.
    We keep it in float64; so does torch under this context."""
    previous = torch.get_default_dtype()
    if enabled:
        torch.set_default_dtype(torch.float64)
    try:
        yield
    finally:
        torch.set_default_dtype(previous)


def torch_path(surface: Surface, torch_class: str, hyperparameters: dict, start,
               steps: int = STEPS) -> np.ndarray:
    """positions, (steps + 1, 2), of torch.optim.<torch_class> on ``surface``."""
    parameter = torch.tensor(start, dtype=torch.float64)
    optimizer = getattr(torch.optim, torch_class)([parameter], **hyperparameters)
    path = np.empty((steps + 1, 2))
    path[0] = start
    for t in range(1, steps + 1):
        parameter.grad = torch.tensor(surface.gradient(*parameter.tolist()), dtype=torch.float64)
        optimizer.step()
        path[t] = parameter.tolist()
    return path


def numpy_paths(surface: Surface, step, starts, steps: int = STEPS) -> np.ndarray:
    """positions, (steps + 1, N, 2), of ``step`` run on all ``starts`` at once."""
    points = np.array(starts, dtype=float)
    paths = np.empty((steps + 1,) + points.shape)
    paths[0] = points
    state: dict = {}
    for t in range(1, steps + 1):
        gradient = np.empty_like(points)
        gradient[:, 0], gradient[:, 1] = surface.gradient(points[:, 0], points[:, 1])
        points = step(points, gradient, state, t, np)
        assert points.dtype == np.float64, f"step {t} gave {points.dtype}"
        paths[t] = points
    return paths


def assert_same_path(ours: np.ndarray, reference: np.ndarray, what: str) -> None:
    assert ours.shape == reference.shape, f"{what}: {ours.shape} against {reference.shape}"
    assert np.all(np.isfinite(reference)), f"{what}: the reference itself left the finite world"
    close = np.abs(ours - reference) <= RTOL * np.maximum(np.abs(reference), FLOOR)
    if not close.all():
        step = int(np.argwhere(~close)[0][0])
        pytest.fail(f"{what}: first differs at step {step}: {ours[step]} against {reference[step]}")


# -- fidelity -------------------------------------------------------------------------


CHAOTIC = {("radam", "betas=(0.9, 0.7)", "tilted_bowl")}
"""Runs where torch itself carries a 1e-14 nudge of the start past 1e-6: a race
against rounding, not a test of the rule (the same setting runs elsewhere)."""
FIDELITY_RUNS = [pytest.param(name, overrides, surface, id=f"{name}-{_id(overrides)}-{surface}")
                 for name, overrides in FIDELITY for surface in SURFACES
                 if (name, _id(overrides), surface) not in CHAOTIC]


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("name, overrides, surface_name", FIDELITY_RUNS)
def test_rule_follows_torch_step_by_step(name, overrides, surface_name):
    surface = SURFACES[surface_name]
    config = resolve(name, settings(name, surface_name, overrides))
    with torch_scalar_state_in_float64(name == "nadam"):
        reference = torch_path(surface, config.rule.torch_class, config.hyperparameters,
                               surface.start)

    trajectory = run_one(surface, config, surface.start, STEPS)
    assert trajectory.diverged_at is None
    assert_same_path(trajectory.path, reference, "floats through run_one")

    starts = [surface.start, *OTHER_STARTS[surface_name]]
    paths = numpy_paths(surface, config.make_step(), starts)
    assert_same_path(paths[:, 0], reference, "numpy, first point")
    for index, start in enumerate(starts[1:], 1):
        assert_same_path(paths[:, index], run_one(surface, config, start, STEPS).path,
                         f"numpy against floats from {start}")


def test_nadam_differs_from_float32_torch_only_by_its_mu_product():
    surface = SURFACES["ravine"]
    config = resolve("nadam", {"lr": 0.05})
    reference = torch_path(surface, "NAdam", config.hyperparameters, surface.start)
    ours = run_one(surface, config, surface.start, STEPS).path
    assert np.allclose(ours, reference, rtol=1e-4, atol=1e-12)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("betas", [(0.9, 0.999), (0.9, 0.6)])
def test_radam_numpy_path_before_rectification(betas):
    # β₂ = 0.999: (ρ_t - 4)(ρ_t - 2) < 0 at t = 3, and a Python float ** 0.5 of
    # it is complex; β₂ = 0.6: ρ∞ = 4, and the rectifier divides by ρ∞ - 4.
    step = resolve("radam", {"betas": betas}).make_step()
    paths = numpy_paths(SURFACES["ravine"], step, [(-10.0, 1.0), (3.0, -2.0)], steps=20)
    assert np.all(np.isfinite(paths))  # and real: numpy_paths checks the dtype


def test_adam_with_decoupled_weight_decay_is_adamw():
    surface = SURFACES["rosenbrock"]
    adam = resolve("adam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True})
    adamw = resolve("adamw", {"lr": 0.01, "weight_decay": 0.1})
    assert np.array_equal(run_one(surface, adam, surface.start, 300).path,
                          run_one(surface, adamw, surface.start, 300).path)


def test_handwritten_adagrad_equals_the_seed_torch_loop():
    surface, lr, eps = SURFACES["ravine"], 0.5, 1e-10
    p = torch.tensor(surface.start, dtype=torch.float64)
    s = torch.zeros_like(p)
    reference = [p.tolist()]
    for _ in range(STEPS):
        g = torch.tensor(surface.gradient(*p.tolist()), dtype=torch.float64)
        s += g * g
        p -= lr * g / torch.sqrt(s + eps)
        reference.append(p.tolist())
    config = resolve("handwritten_adagrad", {"lr": lr, "eps": eps})
    assert_same_path(run_one(surface, config, surface.start, STEPS).path, np.array(reference),
                     "floats")
    paths = numpy_paths(surface, config.make_step(), [surface.start])
    assert_same_path(paths[:, 0], np.array(reference), "numpy")


# -- array hyperparameters (sweeps) -----------------------------------------------------

ARRAY_CASES = [
    ("sgd", "lr", [0.001, 0.005, 0.01, 0.015]),
    ("momentum", "lr", [0.001, 0.005, 0.01]),
    ("momentum", "momentum", [0.0, 0.5, 0.9, 0.0]),
    ("nesterov", "momentum", [0.3, 0.6, 0.9]),
    ("adagrad", "lr", [0.1, 0.5, 1.0]),
    ("handwritten_adagrad", "lr", [0.1, 0.5, 1.0]),
    ("rmsprop", "lr", [0.001, 0.01, 0.03]),
    ("rmsprop", "momentum", [0.0, 0.5, 0.9]),
    ("adam", "lr", [0.01, 0.05, 0.1]),
    ("adam", "beta1", [0.0, 0.5, 0.9, 0.95]),
    ("adamw", "beta1", [0.0, 0.5, 0.9]),
    ("adadelta", "lr", [0.5, 1.0, 2.0]),
    ("adamax", "beta1", [0.0, 0.5, 0.9]),
    ("nadam", "beta1", [0.0, 0.5, 0.9]),
    ("radam", "beta1", [0.0, 0.5, 0.9]),
    ("radam", "beta2", [0.6, 0.7, 0.99, 0.999]),  # each point rectifies from its own step
]


def _with(name: str, key: str, value) -> dict:
    hyperparameters = settings(name, "ravine", {})
    if key.startswith("beta"):
        betas = list(RULES[name].defaults["betas"])
        betas[int(key[-1]) - 1] = value
        return {**hyperparameters, "betas": tuple(betas)}
    return {**hyperparameters, key: value}


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("name, key, values", ARRAY_CASES,
                         ids=[f"{n}-{k}" for n, k, _ in ARRAY_CASES])
def test_array_of_settings_equals_separate_runs(name, key, values):
    surface = SURFACES["ravine"]
    array = np.array(values)[:, None]
    step = RULES[name].factory(**{**RULES[name].defaults, **_with(name, key, array)})
    paths = numpy_paths(surface, step, [surface.start] * len(values), steps=300)
    for index, value in enumerate(values):
        config = resolve(name, _with(name, key, value))
        assert_same_path(paths[:, index], run_one(surface, config, surface.start, 300).path,
                         f"{key}={value}")


def test_momentum_array_with_zeros_is_plain_sgd_there():
    surface = SURFACES["rosenbrock"]
    momentum = np.array([[0.0], [0.9], [0.0]])
    step = RULES["sgd"].factory(lr=1e-4, momentum=momentum, dampening=0.0)
    paths = numpy_paths(surface, step, [surface.start] * 3, steps=500)
    plain = run_one(surface, resolve("sgd", {"lr": 1e-4}), surface.start, 500).path
    assert np.array_equal(paths[:, 0], plain) and np.array_equal(paths[:, 2], plain)
    assert not np.allclose(paths[:, 1], plain)


# -- refusals ---------------------------------------------------------------------------

REFUSALS = [
    ("sgd", {"lr": -1.0}),
    ("sgd", {"momentum": -0.1}),
    ("sgd", {"weight_decay": -1e-3}),
    ("sgd", {"nesterov": True}),
    ("sgd", {"momentum": 0.9, "dampening": 0.1, "nesterov": True}),
    ("momentum", {"nesterov": True, "dampening": 0.5}),
    ("nesterov", {"momentum": 0.0}),
    ("adagrad", {"lr": -0.01}),
    ("adagrad", {"lr_decay": -0.1}),
    ("adagrad", {"weight_decay": -1.0}),
    ("adagrad", {"initial_accumulator_value": -1.0}),
    ("adagrad", {"eps": -1e-10}),
    ("handwritten_adagrad", {"lr": -0.01}),
    ("rmsprop", {"lr": -0.01}),
    ("rmsprop", {"eps": -1e-8}),
    ("rmsprop", {"momentum": -0.5}),
    ("rmsprop", {"weight_decay": -0.5}),
    ("rmsprop", {"alpha": -0.5}),
    ("adam", {"lr": -1.0}),
    ("adam", {"lr": math.nan}),
    ("adam", {"betas": (1.0, 0.999)}),
    ("adam", {"betas": (-0.1, 0.999)}),
    ("adam", {"betas": (0.9, 1.0)}),
    ("adam", {"eps": -1.0}),
    ("adam", {"weight_decay": -1.0}),
    ("adamw", {"betas": (0.9, 1.5)}),
    ("adamw", {"weight_decay": -0.01}),
    ("adadelta", {"lr": -1.0}),
    ("adadelta", {"rho": 1.5}),
    ("adadelta", {"rho": -0.1}),
    ("adadelta", {"eps": -1e-6}),
    ("adadelta", {"weight_decay": -1.0}),
    ("adamax", {"betas": (1.0, 0.999)}),
    ("adamax", {"eps": -1.0}),
    ("nadam", {"momentum_decay": -4e-3}),
    ("nadam", {"betas": (0.9, 2.0)}),
    ("radam", {"betas": (0.9, 1.0)}),
    ("radam", {"weight_decay": -1.0}),
]


@pytest.mark.parametrize("name, bad", REFUSALS, ids=[f"{n}-{_id(b)}" for n, b in REFUSALS])
def test_refusal_reads_as_torchs(name, bad):
    with pytest.raises(ValueError) as ours:
        resolve(name, bad)
    torch_class = RULES[name].torch_class
    if torch_class is None:  # the seed's rule words its refusals as Adagrad does
        torch_class, bad = "Adagrad", {k: v for k, v in bad.items() if k in ("lr", "eps")}
    with pytest.raises(ValueError) as theirs:
        getattr(torch.optim, torch_class)([torch.zeros(2)], **{**RULES[name].defaults, **bad})
    assert str(ours.value) == f"optimizer {name!r}: {theirs.value}"


def test_refusal_through_an_import_path_reads_as_torchs():
    with pytest.raises(ValueError, match=r"^optimizer 'torch.optim.SGD': Invalid learning rate: -1"):
        resolve("torch.optim.SGD", {"lr": -1})


def test_where_prefixes_the_message():
    with pytest.raises(ValueError, match=r"^race.toml \[\[optimizer\]\] 2: optimizer 'adam': Inv"):
        resolve("adam", {"eps": -1.0}, where="race.toml [[optimizer]] 2")


@pytest.mark.parametrize("name", ["adamm", "SGD", "lbfgs", ""])
def test_unknown_optimizer_is_named(name):
    with pytest.raises(ValueError, match=rf"unknown optimizer {name!r} \(known: sgd, momentum"):
        resolve(name)


@pytest.mark.parametrize("name, key", [("adam", "beta1"), ("sgd", "maximize"),
                                       ("adamw", "decoupled_weight_decay"),
                                       ("torch.optim.Adam", "beta1")])
def test_unknown_hyperparameter_is_named(name, key):
    with pytest.raises(ValueError, match=rf"optimizer {name!r} has no hyperparameter {key!r} \(it has lr"):
        resolve(name, {key: 0.9})


@pytest.mark.parametrize("name, key, value, words", [
    ("sgd", "lr", "0.1", "lr must be a number, got '0.1'"),
    ("sgd", "lr", True, "lr must be a number, got True"),
    ("sgd", "momentum", None, "momentum must be a number, got None"),
    ("sgd", "nesterov", 1, "nesterov must be true or false, got 1"),
    ("adam", "betas", 0.9, "betas must be a pair of numbers, got 0.9"),
    ("adam", "betas", (0.9,), "betas must be a pair of numbers"),
    ("adam", "betas", (0.9, "0.999"), "betas must be a pair of numbers"),
    ("adam", "betas", (False, 0.999), "betas must be a pair of numbers"),
    ("rmsprop", "centered", "yes", "centered must be true or false, got 'yes'"),
])
def test_wrong_type_is_refused_naming_the_field(name, key, value, words):
    with pytest.raises(ValueError) as error:
        resolve(name, {key: value})
    assert str(error.value).startswith(f"optimizer {name!r}: {words}")


def test_wrong_type_through_an_import_path_is_a_value_error():
    with pytest.raises(ValueError, match=r"^optimizer 'torch.optim.Adam': "):
        resolve("torch.optim.Adam", {"lr": "fast"})


def test_a_pair_may_be_a_list_and_whole_numbers_are_floats():
    config = resolve("adam", {"betas": [0, 0.99], "lr": 1})
    assert config.hyperparameters["betas"] == (0.0, 0.99)
    assert isinstance(config.hyperparameters["lr"], float)


# -- torch import paths -----------------------------------------------------------------


def test_torch_sgd_by_import_path_equals_our_momentum():
    surface = SURFACES["ravine"]
    theirs = run_one(surface, resolve("torch.optim.SGD", {"lr": 0.01, "momentum": 0.9}),
                     surface.start, 300)
    ours = run_one(surface, resolve("momentum", {"lr": 0.01}), surface.start, 300)
    assert theirs.diverged_at is None and theirs.optimizer.runs_in_torch
    assert_same_path(ours.path, theirs.path, "momentum against torch.optim.SGD")
    assert np.allclose(ours.losses, theirs.losses, rtol=RTOL, atol=1e-30)


def test_import_path_fills_torch_defaults_and_label():
    config = resolve("torch.optim.Adam", {"lr": 0.01})
    assert config.label == "Adam"
    assert config.hyperparameters["betas"] == (0.9, 0.999)
    assert config.changed_hyperparameters() == {"lr": 0.01}


_THIRD_PARTY = '''
import torch


class SignDescent(torch.optim.Optimizer):
    """p <- p - lr * sign(grad); its step() takes no closure, as some do."""

    def __init__(self, params, lr=0.01):
        if not lr > 0:
            raise ValueError(f"lr must be positive, got {lr}")
        super().__init__(params, {"lr": lr})

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                p.add_(torch.sign(p.grad), alpha=-group["lr"])
'''


def test_third_party_optimizer_by_import_path(tmp_path, monkeypatch):
    (tmp_path / "playground_test_sign_descent.py").write_text(textwrap.dedent(_THIRD_PARTY))
    monkeypatch.syspath_prepend(str(tmp_path))
    path = "playground_test_sign_descent.SignDescent"
    try:
        config = resolve(path, {"lr": 0.25})
        assert config.label == "SignDescent" and config.hyperparameters == {"lr": 0.25}
        trajectory = run_one(SURFACES["tilted_bowl"], config, (2.0, -1.5), 4)
        expected = [[2.0, -1.5], [1.75, -1.25], [1.5, -1.0], [1.25, -0.75], [1.0, -0.5]]
        assert trajectory.path.tolist() == expected
        with pytest.raises(ValueError, match=rf"^optimizer {path!r}: lr must be positive, got -1"):
            resolve(path, {"lr": -1.0})
    finally:
        sys.modules.pop("playground_test_sign_descent", None)


@pytest.mark.parametrize("path, words", [
    ("math.sqrt", "'math.sqrt' is not a torch.optim.Optimizer subclass"),
    ("torch.optim.Nope", "'torch.optim.Nope' is not a torch.optim.Optimizer subclass"),
    ("torch.Tensor", "'torch.Tensor' is not a torch.optim.Optimizer subclass"),
    ("os.nope.X", "cannot import 'os.nope' for optimizer 'os.nope.X'"),
])
def test_non_optimizer_path_is_refused(path, words):
    with pytest.raises(ValueError) as error:
        resolve(path)
    assert words in str(error.value)


def test_lbfgs_runs_with_the_closure_the_bridge_passes():
    surface = SURFACES["rosenbrock"]
    trajectory = run_one(surface, resolve("torch.optim.LBFGS", {"lr": 1.0}), surface.start, 20)

    parameter = torch.tensor(surface.start, dtype=torch.float64)
    optimizer = torch.optim.LBFGS([parameter], lr=1.0)

    def closure():
        parameter.grad = torch.tensor(surface.gradient(*parameter.tolist()), dtype=torch.float64)
        return torch.tensor(surface.value(*parameter.tolist()))

    reference = [parameter.tolist()]
    for _ in range(20):
        optimizer.step(closure)
        reference.append(parameter.tolist())
    assert_same_path(trajectory.path, np.array(reference), "LBFGS")
    assert trajectory.final_loss < 1e-9  # from 12.5


# -- the registry ------------------------------------------------------------------------

TORCH_BACKED = [name for name, rule in RULES.items() if rule.torch_class]
PRESETS = {"momentum": {"momentum"}, "nesterov": {"momentum", "nesterov"}}
"""Registry conveniences that preset SGD: these defaults differ from torch's on purpose."""


def _torch_defaults(rule) -> dict:
    signature = inspect.signature(getattr(torch.optim, rule.torch_class).__init__)
    return {name: p.default for name, p in signature.parameters.items()}


def test_every_torch_class_is_registered():
    assert set(TORCH_BACKED) >= {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam",
                                 "adamw", "adadelta", "adamax", "nadam", "radam"}


@pytest.mark.parametrize("name", TORCH_BACKED)
def test_defaults_are_torchs(name):
    rule = RULES[name]
    theirs = _torch_defaults(rule)
    for param in rule.params:
        assert param.name in theirs, f"torch.optim.{rule.torch_class} has no {param.name}"
        if param.name not in PRESETS.get(name, ()):
            assert param.default == theirs[param.name], param.name
    assert RULES[name].factory(**rule.defaults) is not None
    assert set(PRESETS.get(name, ())) <= {p.name for p in rule.params}


@pytest.mark.parametrize("name", [n for n in RULES if n not in PRESETS])
def test_rule_signature_defaults_are_the_specs(name):
    rule = RULES[name]
    signature = inspect.signature(rule.factory).parameters
    for param in rule.params:
        assert signature[param.name].default == param.default, param.name


@pytest.mark.parametrize("name", list(RULES))
def test_ranges_contain_the_defaults(name):
    for param in RULES[name].params:
        if param.kind == "bool":
            assert isinstance(param.default, bool)
        elif param.kind == "pair":
            assert all(param.accepts(value) for value in param.default), param.name
        else:
            assert param.accepts(param.default), param.name
        assert param.low <= param.high


def _every_nudge(param, limit: int = 400):
    """Every value from the default to each end of the range, one press at a time
    (coarse and fine, each component of a pair)."""
    for direction in (1, -1):
        for index in (0, 1) if param.kind == "pair" else (0,):
            for fine in (False, True):
                value = param.default
                for _ in range(1 if param.kind == "bool" else limit):
                    following = param.nudge(value, direction, fine, index)
                    if following == value:
                        break
                    yield (value := following)


def _torch_refusal(rule, hyperparameters) -> str | None:
    torch_class = rule.torch_class or "Adagrad"
    kwargs = {k: v for k, v in hyperparameters.items() if rule.torch_class or k in ("lr", "eps")}
    try:
        getattr(torch.optim, torch_class)([torch.zeros(2, dtype=torch.float64)], **kwargs)
    except ValueError as error:
        return str(error)
    return None


CROSS_CONSTRAINTS = {("sgd", "nesterov")}
"""Presses torch refuses because of another setting: Nesterov needs momentum."""


@pytest.mark.parametrize("name", list(RULES))
def test_nudging_from_the_default_stays_inside_what_torch_accepts(name):
    rule = RULES[name]
    for param in rule.params:
        for value in _every_nudge(param):
            refusal = _torch_refusal(rule, {**rule.defaults, param.name: value})
            if refusal is None:
                assert resolve(name, {param.name: value}).hyperparameters[param.name] == value
                continue
            assert (name, param.name) in CROSS_CONSTRAINTS, f"{param.name}={value}: {refusal}"
            with pytest.raises(ValueError) as ours:
                resolve(name, {param.name: value})
            assert str(ours.value) == f"optimizer {name!r}: {refusal}"


def test_sgd_nesterov_toggle_is_the_one_refused_press():
    config = resolve("sgd")
    nesterov = config.rule.param("nesterov")
    with pytest.raises(ValueError, match="Nesterov momentum requires a momentum"):
        config.with_hyperparameter("nesterov", nesterov.nudge(False, 1))
    config = config.with_hyperparameter("momentum", 0.9)
    assert config.with_hyperparameter("nesterov", True).hyperparameters["nesterov"] is True
