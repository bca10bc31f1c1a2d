"""torch.optim's refusals, word for word, so an invalid setting reads the same here."""

from __future__ import annotations

import numpy as np


def _all(condition) -> bool:
    return bool(np.all(condition))


def check_non_negative(what: str, value) -> None:
    """``Invalid learning rate: -1.0`` and the like, when ``value`` < 0 (or NaN)."""
    if not _all(0.0 <= np.asarray(value)):
        raise ValueError(f"Invalid {what}: {value}")


def check_range(what: str, value, low: float, high: float) -> None:
    if not _all((low <= np.asarray(value)) & (np.asarray(value) <= high)):
        raise ValueError(f"Invalid {what}: {value}")


def check_beta(index: int, value) -> None:
    if not _all((0.0 <= np.asarray(value)) & (np.asarray(value) < 1.0)):
        raise ValueError(f"Invalid beta parameter at index {index}: {value}")
