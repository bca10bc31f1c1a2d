"""Optimizer updates of the flat parameter tensor, the fastest way each allows.

* plain SGD (``sgd`` with no momentum or weight decay): fused into the
  backward by ``FlatMLP`` (``FusedSGD`` only holds the rate);
* a registry rule with a ``torch_class``, or a torch.optim import path: that
  class on the one flat parameter, with torch's ``fused`` kernel when it has
  one for this device (one pass instead of several);
* the seed's hand-written Adagrad: three in-place ops;
* any other registry rule: its own ``step(p, g, state, t, xp=torch)``.
"""

from __future__ import annotations

import inspect

import torch

from ..optimizers import OptimizerConfig
from ..optimizers.torch_bridge import load_class


class Update:
    """Applies one optimizer step to ``params`` from ``grad`` (set by the model)."""

    fused_lr: float | None = None
    """Set for plain SGD: the model applies it during the backward."""
    needs_closure = False
    """The optimizer re-evaluates the loss within a step (LBFGS)."""

    def step(self, closure=None) -> None:
        raise NotImplementedError

    def set_lr(self, lr: float) -> None:
        raise NotImplementedError


class FusedSGD(Update):
    """θ ← θ − lr·g, done by the model inside the backward."""

    def __init__(self, lr: float):
        self.fused_lr = lr

    def step(self, closure=None) -> None:
        pass

    def set_lr(self, lr: float) -> None:
        self.fused_lr = lr


class TorchUpdate(Update):
    """A torch.optim class on the single flat parameter."""

    def __init__(self, cls: type, hyperparameters: dict, params: torch.Tensor, grad: torch.Tensor):
        params.grad = grad
        self.optimizer = _build(cls, hyperparameters, params)
        self.needs_closure = inspect.signature(cls.step).parameters.get(
            "closure", inspect.Parameter("closure", inspect.Parameter.POSITIONAL_OR_KEYWORD)
        ).default is inspect.Parameter.empty

    def step(self, closure=None) -> None:
        self.optimizer.step(closure) if self.needs_closure else self.optimizer.step()

    def set_lr(self, lr: float) -> None:
        for group in self.optimizer.param_groups:
            group["lr"] = lr


def _build(cls: type, hyperparameters: dict, params: torch.Tensor) -> torch.optim.Optimizer:
    if "fused" in inspect.signature(cls.__init__).parameters and "fused" not in hyperparameters:
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


def make_update(config: OptimizerConfig, params: torch.Tensor, grad: torch.Tensor) -> Update:
    """The fastest exact update for ``config`` on these flat tensors."""
    hyper = config.hyperparameters
    if config.rule is None:
        return TorchUpdate(load_class(config.name), hyper, params, grad)
    if config.name == "sgd" and hyper["momentum"] == 0 and hyper["weight_decay"] == 0:
        return FusedSGD(hyper["lr"])
    if config.name == "handwritten_adagrad":
        return HandwrittenAdagrad(hyper["lr"], hyper["eps"], params, grad)
    if config.rule.torch_class:
        return TorchUpdate(getattr(torch.optim, config.rule.torch_class), hyper, params, grad)
    return RuleUpdate(config, params, grad)
