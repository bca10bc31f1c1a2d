"""Update rules, their registry, and optimizer settings as they enter a race."""

from .config import OptimizerConfig, resolve
from .registry import RULES, UpdateRule

__all__ = ["OptimizerConfig", "RULES", "UpdateRule", "resolve"]
