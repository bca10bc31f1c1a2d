"""Scenario files: TOML → validated, frozen dataclasses (unknown keys are errors)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from ..optimizers import OptimizerConfig, resolve
from ..surfaces import make_surface
from .expectations import Expectation, parse_expectation
from .tables import ScenarioError, check_keys, number, number_list, integer, text

_TOP_KEYS = {"title", "description", "tolerance", "surface", "optimizer", "expect", "sweep",
             "basins", "training"}
_SURFACE_KEYS = {"name", "params", "formula", "view", "start", "steps"}
_OPTIMIZER_RESERVED = {"name", "label", "start"}
_SWEEP_KEYS = {"optimizer", "x", "x_range", "x_count", "x_scale", "y", "y_range", "y_count",
               "y_scale", "steps", "target"}
_BASIN_KEYS = {"optimizer", "columns", "rows", "steps"}


@dataclass(frozen=True)
class SurfaceSection:
    """``[surface]``: which surface, where the race starts, how long it runs."""

    name: str | None
    """A registered surface; None when ``formula`` is given."""
    params: dict
    formula: str | None
    view: tuple | None
    start: tuple | None
    """None: the surface's own start."""
    steps: int

    def build(self, where: str = ""):
        """The surface, its parameters and view applied (``ScenarioError`` if invalid)."""
        prefix = f"{where}: " if where else ""
        try:
            if self.formula is not None:
                from ..expression import expression_surface

                return expression_surface(self.formula, view=self.view, start=self.start)
            surface = make_surface(self.name, **self.params)
        except ValueError as error:
            raise ScenarioError(f"{prefix}{error}") from None
        if self.view is not None:
            x_min, x_max, y_min, y_max = self.view
            if not (x_min < x_max and y_min < y_max):
                raise ScenarioError(f"{prefix}view must be [x_min, x_max, y_min, y_max] with min < max")
            surface.view = self.view
        return surface


@dataclass(frozen=True)
class Entrant:
    """One ``[[optimizer]]``: the validated setting and an optional own start."""

    config: OptimizerConfig
    start: tuple | None = None


@dataclass(frozen=True)
class SweepSection:
    """``[sweep]``: a map of final loss over two hyperparameters of one entrant."""

    optimizer: str
    x: str
    x_range: tuple
    x_count: int
    x_scale: str
    y: str
    y_range: tuple
    y_count: int
    y_scale: str
    steps: int | None
    target: float | None


@dataclass(frozen=True)
class BasinSection:
    """``[basins]``: start one entrant from every cell of a grid over the view."""

    optimizer: str
    columns: int
    rows: int
    steps: int | None


@dataclass(frozen=True)
class Scenario:
    """A whole story: surface (or training), entrants, what they must show."""

    path: Path
    title: str
    description: str
    tolerance: float
    """Steps to tolerance count until loss ≤ best known minimum + tolerance."""
    surface: SurfaceSection | None
    entrants: tuple[Entrant, ...]
    expectations: tuple[Expectation, ...]
    sweep: SweepSection | None = None
    basins: BasinSection | None = None
    training: object | None = None
    """A ``playground.training.TrainingConfig`` for a training scenario."""
    labels: tuple[str, ...] = field(default=())


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; ``ScenarioError`` names file and key."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"{path}: not valid TOML: {error}") from None
    return parse_scenario(document, path)


def parse_scenario(document: dict, path: Path) -> Scenario:
    where = str(path)
    check_keys(document, _TOP_KEYS, where)
    title = text(document, "title", where, required=True)
    if "surface" in document and "training" in document:
        raise ScenarioError(f"{where}: a scenario has either [surface] or [training], not both")
    if "surface" not in document and "training" not in document:
        raise ScenarioError(f"{where}: missing [surface] (or [training])")
    surface = _surface(document["surface"], f"{where} [surface]") if "surface" in document else None
    training = _training(document["training"], f"{where} [training]") if "training" in document else None
    entrants = _entrants(document.get("optimizer"), where)
    labels = tuple(entrant.config.label for entrant in entrants)
    expectations = tuple(
        parse_expectation(table, f"{where} [[expect]] #{i}", labels, training is not None)
        for i, table in enumerate(_table_list(document, "expect", where), start=1)
    )
    sweep = _sweep(document["sweep"], f"{where} [sweep]", labels) if "sweep" in document else None
    basins = _basins(document["basins"], f"{where} [basins]", labels) if "basins" in document else None
    if training is not None and (sweep or basins):
        raise ScenarioError(f"{where}: [sweep] and [basins] belong to surface scenarios")
    return Scenario(
        path=path, title=title, description=text(document, "description", where) or "",
        tolerance=number(document, "tolerance", where, default=1e-3, positive=True),
        surface=surface, entrants=entrants, expectations=expectations,
        sweep=sweep, basins=basins, training=training, labels=labels,
    )


def _table_list(document: dict, key: str, where: str) -> list[dict]:
    tables = document.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ScenarioError(f"{where}: {key} must be written as [[{key}]] tables")
    return tables


def _surface(table: dict, where: str) -> SurfaceSection:
    if not isinstance(table, dict):
        raise ScenarioError(f"{where}: must be a table")
    check_keys(table, _SURFACE_KEYS, where)
    name, formula = text(table, "name", where), text(table, "formula", where)
    if (name is None) == (formula is None):
        raise ScenarioError(f"{where}: give exactly one of name (a registered surface) or formula")
    params = table.get("params", {})
    if not isinstance(params, dict):
        raise ScenarioError(f"{where}: params must be a table, e.g. params = {{ condition = 100 }}")
    view = number_list(table, "view", where, 4)
    start = number_list(table, "start", where, 2)
    steps = integer(table, "steps", where, default=500, minimum=1, maximum=1_000_000)
    section = SurfaceSection(name, dict(params), formula, view, start, steps)
    section.build(where)  # refuse a bad surface now, before anything runs
    return section


def _entrants(tables, where: str) -> tuple[Entrant, ...]:
    if tables is None:
        raise ScenarioError(f"{where}: add at least one [[optimizer]] table")
    entrants, seen = [], set()
    for i, table in enumerate(_table_list({"optimizer": tables}, "optimizer", where), start=1):
        here = f"{where} [[optimizer]] #{i}"
        name = text(table, "name", here, required=True)
        hyperparameters = {k: v for k, v in table.items() if k not in _OPTIMIZER_RESERVED}
        try:
            config = resolve(name, hyperparameters, text(table, "label", here))
        except ValueError as error:
            raise ScenarioError(f"{here}: {error}") from None
        if config.label in seen:
            raise ScenarioError(f"{here}: label {config.label!r} is used twice; give each a distinct label")
        seen.add(config.label)
        entrants.append(Entrant(config, number_list(table, "start", here, 2)))
    if not entrants:
        raise ScenarioError(f"{where}: add at least one [[optimizer]] table")
    return tuple(entrants)


def _entrant_label(table: dict, where: str, labels) -> str:
    label = text(table, "optimizer", where, required=True)
    if label not in labels:
        raise ScenarioError(f"{where}: optimizer {label!r} is not in the race (labels: {', '.join(labels)})")
    return label


def _scale(table: dict, key: str, where: str) -> str:
    scale = text(table, key, where) or ("log" if key == "x_scale" else "linear")
    if scale not in ("log", "linear"):
        raise ScenarioError(f"{where}: {key} must be \"log\" or \"linear\", got {scale!r}")
    return scale


def _sweep(table: dict, where: str, labels) -> SweepSection:
    check_keys(table, _SWEEP_KEYS, where)
    section = SweepSection(
        optimizer=_entrant_label(table, where, labels),
        x=text(table, "x", where) or "lr",
        x_range=number_list(table, "x_range", where, 2) or (1e-4, 1.0),
        x_count=integer(table, "x_count", where, default=40, minimum=2, maximum=1000),
        x_scale=_scale(table, "x_scale", where),
        y=text(table, "y", where) or "momentum",
        y_range=number_list(table, "y_range", where, 2) or (0.0, 0.99),
        y_count=integer(table, "y_count", where, default=40, minimum=2, maximum=1000),
        y_scale=_scale(table, "y_scale", where),
        steps=integer(table, "steps", where, default=None, minimum=1, maximum=100_000),
        target=number(table, "target", where, default=None),
    )
    for key in ("x_range", "y_range"):
        scale = section.x_scale if key == "x_range" else section.y_scale
        if scale == "log" and min(getattr(section, key)) <= 0:
            raise ScenarioError(f"{where}: {key} must be positive on a log scale")
    return section


def _basins(table: dict, where: str, labels) -> BasinSection:
    check_keys(table, _BASIN_KEYS, where)
    return BasinSection(
        optimizer=_entrant_label(table, where, labels),
        columns=integer(table, "columns", where, default=40, minimum=2, maximum=1000),
        rows=integer(table, "rows", where, default=40, minimum=2, maximum=1000),
        steps=integer(table, "steps", where, default=None, minimum=1, maximum=100_000),
    )


def _training(table: dict, where: str):
    if not isinstance(table, dict):
        raise ScenarioError(f"{where}: must be a table")
    from ..training import TrainingConfig

    try:
        return TrainingConfig.from_table(table, where)
    except ValueError as error:
        message = str(error)
        raise ScenarioError(message if message.startswith(where) else f"{where}: {message}") from None
