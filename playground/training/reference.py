"""The plain autograd loop that the fast engine must equal, step for step.

``nn.Sequential`` built after ``torch.manual_seed``, ``F.cross_entropy``,
``loss.backward()`` and a torch.optim step: the seed's way, kept as the
reference for tests and the benchmark (imports torch: not for start-up paths).
"""

from __future__ import annotations

import torch
from torch import nn

from ..optimizers import OptimizerConfig
from ..optimizers.torch_bridge import load_class
from .engine import CLASSES, INPUTS


def reference_model(seed: int, hidden: int = 200) -> nn.Sequential:
    """The seed's model, initialised by the global generator seeded with ``seed``."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(INPUTS, hidden), nn.ReLU(), nn.Linear(hidden, CLASSES))


class RuleOptimizer:
    """A registry rule without a torch class (the hand-written Adagrad), applied
    per parameter with ``xp=torch``, as the seed wrote it by hand."""

    def __init__(self, config: OptimizerConfig, params):
        self.params = list(params)
        self.rule = config.make_step()
        self.states = [{} for _ in self.params]
        self.t = 0

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self) -> None:
        self.t += 1
        for p, state in zip(self.params, self.states):
            p.copy_(self.rule(p, p.grad, state, self.t, torch))


def reference_optimizer(config: OptimizerConfig, model: nn.Module):
    """torch.optim's own implementation (no fused kernel) for ``config``."""
    if config.rule is None:
        return load_class(config.name)(model.parameters(), **config.hyperparameters)
    if config.rule.torch_class:
        cls = getattr(torch.optim, config.rule.torch_class)
        return cls(model.parameters(), **config.hyperparameters)
    return RuleOptimizer(config, model.parameters())


def reference_steps(model: nn.Module, optimizer, inputs: torch.Tensor, labels: torch.Tensor,
                    batches) -> list[float]:
    """One step per index batch in ``batches``; the losses, read once at the end."""
    losses = []
    for index in batches:
        loss = nn.functional.cross_entropy(model(inputs[index]), labels[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())
    return torch.stack(losses).tolist() if losses else []
