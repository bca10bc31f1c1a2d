"""Optimizer updates of the flat parameter tensor, the fastest way each allows.

* SGD without Nesterov (``sgd``, ``momentum``): fused into the backward, the
  matrix products adding the gradient straight into the weights (plain SGD)
  or into the momentum buffer, which then moves the weights in one pass;
* a registry rule with a ``torch_class``, or a torch.optim import path: that
  class on the one flat parameter, with torch's ``fused`` kernel when it has
  one for this device (one pass instead of several);
* the seed's hand-written Adagrad: three in-place ops;
* any other registry rule: its own ``step(p, g, state, t, xp=torch)``.

With ``exact`` only torch.optim's default implementations (and the rules
written for torch) are used: the autograd loop's numbers, bit for bit.
"""

from __future__ import annotations

import inspect

import torch

from ..optimizers import OptimizerConfig
from ..optimizers.torch_bridge import load_class
from .engine import FlatMLP, views


class Update:
    """Applies one optimizer step to the model's ``params`` after each backward."""

    into: tuple | None = None
    """Views (W1, b1, W2, b2) the backward adds ``alpha`` x the gradient to,
    instead of writing ``grad`` (None: write ``grad``)."""
    alpha = 1.0
    needs_closure = False
    """The optimizer re-evaluates the loss within a step (LBFGS)."""

    def step(self, closure=None) -> None:
        raise NotImplementedError

    def set_lr(self, lr: float) -> None:
        raise NotImplementedError


class FusedSGD(Update):
    """θ ← θ − lr·g, done by the backward itself (``into`` = the weights)."""

    def __init__(self, lr: float, model: FlatMLP):
        self.into, self.alpha = views(model.params, model.hidden), -lr

    def step(self, closure=None) -> None:
        pass

    def set_lr(self, lr: float) -> None:
        self.alpha = -lr


class FusedMomentum(Update):
    """torch.optim.SGD's momentum (b = g at step 1), the backward adding g into b.

    b ← momentum·b + (1 − dampening)·(g + weight_decay·θ);  θ ← θ − lr·b
    """

    def __init__(self, hyperparameters: dict, model: FlatMLP):
        self.params, self.lr = model.params, hyperparameters["lr"]
        self.momentum, self.dampening = hyperparameters["momentum"], hyperparameters["dampening"]
        self.weight_decay = hyperparameters["weight_decay"]
        self.buffer = torch.zeros_like(model.params)
        self.into, self.alpha = views(self.buffer, model.hidden), 1.0

    def step(self, closure=None) -> None:
        if self.weight_decay:
            self.buffer.add_(self.params, alpha=self.alpha * self.weight_decay)
        self.params.add_(self.buffer, alpha=-self.lr)
        self.buffer.mul_(self.momentum)  # ready for the next gradient to be added
        self.alpha = 1 - self.dampening

    def set_lr(self, lr: float) -> None:
        self.lr = lr


class TorchUpdate(Update):
    """A torch.optim class on the single flat parameter."""

    def __init__(self, cls: type, hyperparameters: dict, params: torch.Tensor, grad: torch.Tensor,
                 fused: bool = True):
        params.grad = grad
        self.optimizer = _build(cls, hyperparameters, params, fused)
        closure = inspect.signature(cls.step).parameters.get("closure")
        self.needs_closure = closure is not None and closure.default is inspect.Parameter.empty

    def step(self, closure=None) -> None:
        self.optimizer.step(closure) if self.needs_closure else self.optimizer.step()

    def set_lr(self, lr: float) -> None:
        for group in self.optimizer.param_groups:
            group["lr"] = lr


def _build(cls: type, hyperparameters: dict, params: torch.Tensor,
           fused: bool) -> torch.optim.Optimizer:
    if fused and "fused" in inspect.signature(cls.__init__).parameters:
        try:
            return cls([params], **hyperparameters, fused=True)
        except (RuntimeError, ValueError, TypeError):
            pass  # no fused kernel for this device or these settings
    try:
        return cls([params], **hyperparameters)
    except (RuntimeError, TypeError) as error:
        raise ValueError(f"optimizer {cls.__name__}: {error}") from None


class HandwrittenAdagrad(Update):
    """s ← s + g²;  θ ← θ − lr·g / √(s + eps), in place."""

    def __init__(self, lr: float, eps: float, params: torch.Tensor, grad: torch.Tensor):
        self.lr, self.eps, self.params, self.grad = lr, eps, params, grad
        self.sum = torch.zeros_like(params)
        self.denominator = torch.empty_like(params)

    def step(self, closure=None) -> None:
        self.sum.addcmul_(self.grad, self.grad)
        torch.add(self.sum, self.eps, out=self.denominator).sqrt_()
        self.params.addcdiv_(self.grad, self.denominator, value=-self.lr)

    def set_lr(self, lr: float) -> None:
        self.lr = lr


class RuleUpdate(Update):
    """A registry rule written for floats and arrays, run with ``xp=torch``."""

    def __init__(self, config: OptimizerConfig, params: torch.Tensor, grad: torch.Tensor):
        self.config, self.params, self.grad = config, params, grad
        self.rule, self.state, self.t = config.make_step(), {}, 0

    def step(self, closure=None) -> None:
        self.t += 1
        self.params.copy_(self.rule(self.params, self.grad, self.state, self.t, torch))

    def set_lr(self, lr: float) -> None:
        self.config = self.config.with_hyperparameter("lr", lr)
        self.rule = self.config.make_step()


def make_update(config: OptimizerConfig, model: FlatMLP, exact: bool = False) -> Update:
    """The fastest update for ``config`` on the model's flat tensors; with
    ``exact``, torch.optim's default implementation (the autograd loop's
    numbers, bit for bit)."""
    hyper, params, grad = config.hyperparameters, model.params, model.grad
    if config.rule is None:
        return TorchUpdate(load_class(config.name), hyper, params, grad, fused=not exact)
    if not exact and config.name in ("sgd", "momentum") and not hyper["nesterov"]:
        if hyper["momentum"] == 0 and hyper["weight_decay"] == 0:
            return FusedSGD(hyper["lr"], model)
        if hyper["momentum"] > 0:
            return FusedMomentum(hyper, model)
    if not exact and config.name == "handwritten_adagrad":
        return HandwrittenAdagrad(hyper["lr"], hyper["eps"], params, grad)
    if config.rule.torch_class:
        cls = getattr(torch.optim, config.rule.torch_class)
        return TorchUpdate(cls, hyper, params, grad, fused=not exact)
    return RuleUpdate(config, params, grad)
