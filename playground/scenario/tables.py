"""Typed reads of TOML tables, each failure a one-line error naming file and key."""

from __future__ import annotations

import math


class ScenarioError(ValueError):
    """An invalid scenario: the message names the file, the table and the key."""


def check_keys(table: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ScenarioError(
            f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )


def text(table: dict, key: str, where: str, required: bool = False) -> str | None:
    value = table.get(key)
    if value is None:
        if required:
            raise ScenarioError(f"{where}: missing {key}")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f"{where}: {key} must be a non-empty string, got {value!r}")
    return value


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def number(table: dict, key: str, where: str, default=None, positive: bool = False):
    value = table.get(key, default)
    if value is default:
        return default
    if not _is_number(value):
        raise ScenarioError(f"{where}: {key} must be a finite number, got {value!r}")
    if positive and value <= 0:
        raise ScenarioError(f"{where}: {key} must be positive, got {value!r}")
    return float(value)


def integer(table: dict, key: str, where: str, default=None, minimum: int = 0,
            maximum: int | None = None):
    value = table.get(key, default)
    if value is default:
        return default
    if not isinstance(value, int) or isinstance(value, bool):
        raise ScenarioError(f"{where}: {key} must be a whole number, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise ScenarioError(f"{where}: {key} must be {bounds}, got {value}")
    return value


def number_list(table: dict, key: str, where: str, length: int) -> tuple | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != length or not all(_is_number(v) for v in value):
        raise ScenarioError(f"{where}: {key} must be a list of {length} numbers, got {value!r}")
    return tuple(float(v) for v in value)
