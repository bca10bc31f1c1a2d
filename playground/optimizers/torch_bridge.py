"""Any torch.optim.Optimizer subclass, named by import path, on a 2-D surface.

torch is imported only here and only when such a path is used: it costs ~2 s.
The surface's analytic gradient is written into ``.grad``, so no autograd
graph is built; the class does the rest exactly as it would on a network.
"""

from __future__ import annotations

import importlib
import inspect
from functools import lru_cache

import numpy as np

# Keywords that choose an implementation, not a behaviour: not shown, not tweaked.
_IMPLEMENTATION_KEYWORDS = {"params", "self", "foreach", "capturable", "differentiable", "fused"}


@lru_cache(maxsize=None)
def load_class(path: str) -> type:
    """The optimizer class at ``module.Class``, or a ``ValueError`` saying why not."""
    module_name, _, class_name = path.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ValueError(f"cannot import {module_name!r} for optimizer {path!r}: {error}") from None
    cls = getattr(module, class_name, None)
    import torch

    if not (isinstance(cls, type) and issubclass(cls, torch.optim.Optimizer)):
        raise ValueError(f"{path!r} is not a torch.optim.Optimizer subclass")
    return cls


def defaults(path: str) -> dict:
    """The class's keyword arguments with their defaults (``lr``, ``betas``...)."""
    signature = inspect.signature(load_class(path).__init__)
    return {
        name: tuple(p.default) if isinstance(p.default, list) else p.default
        for name, p in signature.parameters.items()
        if name not in _IMPLEMENTATION_KEYWORDS and p.default is not inspect.Parameter.empty
    }


def validate(path: str, given: dict, prefix: str = "") -> dict:
    """Defaults filled in, and the class built once so torch's refusals surface."""
    try:
        values = defaults(path)
    except ValueError as error:
        raise ValueError(f"{prefix}{error}") from None
    unknown = [key for key in given if key not in values]
    if unknown:
        raise ValueError(
            f"{prefix}optimizer {path!r} has no hyperparameter {unknown[0]!r} "
            f"(it has {', '.join(values)})"
        )
    values.update({k: tuple(v) if isinstance(v, list) else v for k, v in given.items()})
    try:
        make_stepper(path, values, np.zeros((1, 2)), _Flat())
    except (ValueError, TypeError) as error:
        raise ValueError(f"{prefix}optimizer {path!r}: {error}") from None
    return values


def make_stepper(path: str, hyperparameters: dict, points: np.ndarray, surface):
    """``step() -> points``: one optimizer step from float64 ``points`` (N, 2).

    ``.grad`` is filled before each step, as ``backward()`` would leave it, and
    the same work is handed over as a closure to a ``step`` that takes one, so
    optimizers that re-evaluate the loss within a step (LBFGS) work too, and so
    do third-party ones whose ``step()`` takes no closure.
    """
    import torch

    parameter = torch.tensor(points, dtype=torch.float64)
    optimizer = load_class(path)([parameter], **hyperparameters)
    takes_closure = "closure" in inspect.signature(optimizer.step).parameters

    def closure():
        values = parameter.detach().numpy()
        gradient = np.empty_like(values)  # assignment broadcasts a constant component
        gradient[:, 0], gradient[:, 1] = surface.gradient(values[:, 0], values[:, 1])
        parameter.grad = torch.from_numpy(gradient)
        return torch.as_tensor(float(np.sum(surface.value(values[:, 0], values[:, 1]))))

    def step() -> np.ndarray:
        with torch.no_grad():
            closure()
            if takes_closure:
                optimizer.step(closure)
            else:
                optimizer.step()
        return parameter.detach().numpy().copy()

    return step


class _Flat:
    """A surface with zero gradient everywhere: enough to build a class once."""

    def value(self, x, y):
        return 0 * x

    def gradient(self, x, y):
        return 0 * x, 0 * y
