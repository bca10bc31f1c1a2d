"""What a training run reports as it goes (events) and what it leaves (results).

Steps are numbered from 1 for each optimizer and keep counting across epochs;
step ``t`` is the update computed from the ``t``-th batch.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Union

from .config import TrainingConfig


@dataclass(frozen=True, slots=True)
class Started:
    """The data is on the device; training starts."""

    dataset: str
    source: str
    note: str
    """Non-empty when the data is not the standard split (a test-only directory)."""
    device: str
    train_size: int
    test_size: int
    steps_per_epoch: int
    epochs: int
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Progress:
    """One optimizer took a chunk of steps."""

    index: int
    label: str
    epoch: int
    step: int
    """Its last step so far."""
    epoch_step: int
    """Steps done in this epoch."""
    steps_per_epoch: int
    loss: float
    """Mean training loss over the chunk's steps."""
    samples_per_s: float
    curve_steps: tuple[int, ...]
    """The sampled points of the loss curve that fell in this chunk."""
    curve_losses: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class EpochEnd:
    """One optimizer finished an epoch and was evaluated on the held-out set."""

    index: int
    label: str
    epoch: int
    train_loss: float
    test_loss: float
    test_accuracy: float
    seconds: float
    """Time spent training this optimizer in this epoch (evaluation excluded)."""


@dataclass(frozen=True, slots=True)
class Diverged:
    """The loss became NaN or infinite: this optimizer stops, the others go on."""

    index: int
    label: str
    epoch: int
    step: int


@dataclass(frozen=True, slots=True)
class LrChanged:
    """``TrainingRun.set_lr`` took effect: ``step`` is the first step with ``lr``."""

    index: int
    label: str
    step: int
    lr: float


@dataclass(frozen=True, slots=True)
class Finished:
    """The run is over: every epoch done, or stopped."""

    stopped: bool
    result: "TrainingResult"


Event = Union[Started, Progress, EpochEnd, Diverged, LrChanged, Finished]


@dataclass
class OptimizerResult:
    """One optimizer's record; grows while the run goes on."""

    label: str
    name: str
    hyperparameters: dict
    epochs: list[dict] = field(default_factory=list)
    """Per epoch: epoch, train_loss, test_loss, test_accuracy, seconds."""
    curve_steps: list[int] = field(default_factory=list)
    curve_losses: list[float] = field(default_factory=list)
    diverged_at: int | None = None
    stopped: bool = False
    """The run was stopped before this optimizer finished."""
    steps: int = 0
    lr_changes: list[dict] = field(default_factory=list)
    """``{"step": t, "lr": lr}`` for each ``set_lr`` that took effect."""

    def to_json(self) -> dict:
        return {
            "label": self.label,
            "name": self.name,
            "hyperparameters": _plain(self.hyperparameters),
            "epochs": [_plain(epoch) for epoch in self.epochs],
            "curve": {"steps": list(self.curve_steps), "losses": _plain(self.curve_losses)},
            "diverged_at": self.diverged_at,
            "stopped": self.stopped,
            "steps": self.steps,
            "lr_changes": _plain(self.lr_changes),
        }


@dataclass
class TrainingResult:
    """Everything a run measured, per optimizer in the order given."""

    config: TrainingConfig
    optimizers: list[OptimizerResult]
    dataset: dict = field(default_factory=dict)
    """name, source, note, train_size, test_size (filled when the data is loaded)."""
    device: str = ""
    stopped: bool = False

    def to_json(self) -> dict:
        """A dict ``json.dump`` writes as standard JSON (non-finite numbers: null)."""
        return {
            "config": _plain(asdict(self.config)),
            "dataset": _plain(self.dataset),
            "device": self.device,
            "stopped": self.stopped,
            "optimizers": [result.to_json() for result in self.optimizers],
        }


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
