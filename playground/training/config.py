"""How a training run is set up: data, length, batches, seed, device."""

from __future__ import annotations

from dataclasses import dataclass, fields

from .data import DATASETS


@dataclass(frozen=True)
class TrainingConfig:
    """One training run's settings (the optimizers are given separately).

    Invalid values raise a ``ValueError`` naming the field; ``from_table``
    reads a scenario's ``[training]`` table.
    """

    dataset: str = "mnist"
    """``mnist``, ``fashion-mnist`` or ``kmnist``."""
    data_dir: str | None = None
    """A directory with the IDX files (``.gz`` or not), or a torchvision root
    with ``<Class>/raw/``; searched before the cache."""
    epochs: int = 5
    """Passes over the training set."""
    batch_size: int = 64
    """Samples per step; 1 is the seed's first experiment."""
    seed: int = 0
    """Seeds the initial weights (as ``torch.manual_seed`` then ``nn.Linear``)
    and the batch order; every optimizer gets the same of both."""
    max_steps: int | None = None
    """Steps per epoch at most (None: the whole training set), for brief runs."""
    sample_every: int = 30
    """The loss curve keeps the loss of steps 1, 1 + n, 1 + 2n... (the seed's 30)."""
    device: str = "auto"
    """``auto`` (CUDA, else MPS, else CPU), or a torch device such as ``cpu``."""
    hidden: int = 200
    """Width of the hidden layer: Linear(784, hidden) -> ReLU -> Linear(hidden, 10)."""
    held_out: int = 2000
    """Digits held out for testing when only one split's files are found."""
    chunk_steps: int | None = None
    """Steps one optimizer takes before the next gets its turn (None: about
    2048 samples' worth); each chunk yields one progress event."""
    download: bool = True
    """Let torchvision download the data into the cache when it is nowhere."""
    exact: bool = False
    """True: every update as torch.optim's default implementation makes it, so
    the numbers are the autograd loop's bit for bit; False: torch's fused
    kernels and plain SGD fused into the backward, equal to float32 rounding
    and faster (Adam's step in half the time)."""
    threads: int | None = None
    """CPU threads for torch during the run (None: 1 for batches under 16,
    whose small ops only lose by threading; torch's default otherwise)."""

    def __post_init__(self) -> None:
        for spec in fields(self):
            _check(spec.name, getattr(self, spec.name))

    @classmethod
    def from_table(cls, table: dict, where: str) -> "TrainingConfig":
        """A config from a TOML table; unknown keys and bad values are
        ``ValueError``s of one line naming ``where`` and the key."""
        known = [spec.name for spec in fields(cls)]
        for key, value in table.items():
            if key not in known:
                raise ValueError(f"{where}: unknown key {key!r} (known: {', '.join(known)})")
            try:
                _check(key, value)
            except ValueError as error:
                raise ValueError(f"{where}: {error}") from None
        return cls(**table)


def _check(key: str, value: object) -> None:
    kind = _KINDS[key]
    if value is None and key in _OPTIONAL:
        return
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{key} must be true or false, got {value!r}")
    elif kind is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{key} must be a whole number, got {value!r}")
        low = 0 if key == "seed" else 1
        if value < low:
            raise ValueError(f"{key} must be at least {low}, got {value}")
    elif not isinstance(value, str) or not value:
        raise ValueError(f"{key} must be a non-empty string, got {value!r}")
    if key == "dataset" and value not in DATASETS:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}, got {value!r}")


_KINDS = {
    "dataset": str, "data_dir": str, "epochs": int, "batch_size": int, "seed": int,
    "max_steps": int, "sample_every": int, "device": str, "hidden": int, "held_out": int,
    "chunk_steps": int, "download": bool, "exact": bool, "threads": int,
}
_OPTIONAL = {"data_dir", "max_steps", "chunk_steps", "threads"}
