"""The race the app shows, as plain Python: surface, start, entrants, selection.

Every keyboard action of the app is a method here, so the whole interaction
can be driven and tested without a terminal; the app only redraws.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .optimizers import OptimizerConfig, resolve
from .params import Param
from .surfaces import SURFACES, Surface, make_surface
from .trajectory import Trajectory, run

DEFAULT_ENTRANTS = (("sgd", {"lr": 0.01}), ("momentum", {"lr": 0.01}), ("adagrad", {"lr": 0.5}),
                    ("rmsprop", {"lr": 0.05}), ("adam", {"lr": 0.1}))
MAX_ENTRANTS = 10
STEP_CHOICES = (100, 200, 500, 1000, 2000)


@dataclass(frozen=True)
class Row:
    """One tweakable line of the selected optimizer: a value or a pair's component."""

    param: Param
    index: int | None = None

    @property
    def title(self) -> str:
        if self.index is None:
            return self.param.name
        return f"{self.param.name}[{self.index}]"


@dataclass
class Race:
    """Everything the playground races, and what is selected."""

    surface: Surface
    start: tuple[float, float]
    entrants: list[OptimizerConfig] = field(default_factory=list)
    steps: int = 500
    selected: int = 0
    row: int = 0
    surface_param: int = 0
    title: str = "playground race"

    @classmethod
    def default(cls, surface_name: str = "ravine") -> "Race":
        surface = make_surface(surface_name)
        race = cls(surface, surface.start)
        for name, values in DEFAULT_ENTRANTS:
            race.add(name, values)
        race.selected = 0
        return race

    @classmethod
    def from_scenario(cls, scenario) -> "Race":
        """The race a (surface) scenario file describes."""
        surface = scenario.surface.build(str(scenario.path))
        race = cls(surface, scenario.surface.start or surface.start, steps=scenario.surface.steps,
                   title=scenario.title)
        race.entrants = [entrant.config for entrant in scenario.entrants]
        return race

    # -- simulation ---------------------------------------------------------
    def simulate(self) -> list[Trajectory]:
        return run(self.surface, self.entrants, self.start, self.steps)

    # -- entrants -----------------------------------------------------------
    @property
    def current(self) -> OptimizerConfig | None:
        return self.entrants[self.selected] if self.entrants else None

    def add(self, name: str, values: dict | None = None) -> OptimizerConfig:
        """Add an entrant (a registry name or torch import path) and select it."""
        if len(self.entrants) >= MAX_ENTRANTS:
            raise ValueError(f"at most {MAX_ENTRANTS} optimizers race at once")
        config = resolve(name, values, self._free_label(name))
        self.entrants.append(config)
        self.selected, self.row = len(self.entrants) - 1, 0
        return config

    def _free_label(self, name: str) -> str:
        taken = {entrant.label for entrant in self.entrants}
        base = name.rsplit(".", 1)[-1]
        if base not in taken:
            return base
        return next(f"{base} {n}" for n in range(2, 100) if f"{base} {n}" not in taken)

    def remove_selected(self) -> None:
        if self.entrants:
            del self.entrants[self.selected]
            self.selected = max(0, min(self.selected, len(self.entrants) - 1))
            self.row = 0

    def select(self, delta: int) -> None:
        if self.entrants:
            self.selected = (self.selected + delta) % len(self.entrants)
            self.row = min(self.row, max(len(self.rows()) - 1, 0))

    # -- hyperparameters ----------------------------------------------------
    def rows(self) -> list[Row]:
        """The selected optimizer's tweakable lines (a pair gives two)."""
        config = self.current
        if config is None:
            return []
        rows = []
        for param in config.params:
            rows.extend([Row(param, 0), Row(param, 1)] if param.kind == "pair" else [Row(param)])
        return rows

    def move_row(self, delta: int) -> None:
        rows = self.rows()
        if rows:
            self.row = (self.row + delta) % len(rows)

    def nudge(self, direction: int, fine: bool = False) -> None:
        """Move the selected value one step; ``ValueError`` (torch's words) if
        the result is a setting torch refuses (nesterov without momentum...)."""
        rows = self.rows()
        if not rows:
            return
        row = rows[self.row]
        config = self.current
        value = row.param.nudge(config.hyperparameters[row.param.name], direction, fine, row.index or 0)
        self._replace(config.with_hyperparameter(row.param.name, value))

    def reset_value(self) -> None:
        rows = self.rows()
        if rows:
            row = rows[self.row]
            self._replace(self.current.with_hyperparameter(row.param.name, row.param.default))

    def _replace(self, config: OptimizerConfig) -> None:
        self.entrants[self.selected] = config

    # -- start and surface --------------------------------------------------
    def move_start(self, dx: float, dy: float) -> None:
        """Move the start by fractions of the view's width and height."""
        x_min, x_max, y_min, y_max = self.surface.view
        x = min(max(self.start[0] + dx * (x_max - x_min), x_min), x_max)
        y = min(max(self.start[1] + dy * (y_max - y_min), y_min), y_max)
        self.start = (round(x, 6), round(y, 6))

    def set_start(self, x: float, y: float) -> None:
        self.start = (float(x), float(y))

    def cycle_surface(self, delta: int) -> None:
        names = list(SURFACES)
        index = names.index(self.surface.name) if self.surface.name in names else -1
        self.set_surface(make_surface(names[(index + delta) % len(names)]))

    def set_surface(self, surface: Surface) -> None:
        """Race on another surface (a typed formula, say) from its own start."""
        self.surface, self.start, self.surface_param = surface, surface.start, 0

    def cycle_steps(self) -> None:
        self.steps = STEP_CHOICES[(STEP_CHOICES.index(self.steps) + 1) % len(STEP_CHOICES)
                                  if self.steps in STEP_CHOICES else 0]

    def nudge_surface(self, direction: int, fine: bool = False) -> None:
        specs = self.surface.params_spec
        if specs:
            spec = specs[self.surface_param % len(specs)]
            value = spec.nudge(self.surface.params[spec.name], direction, fine)
            self.surface = self.surface.with_params(**{spec.name: value})

    def next_surface_param(self) -> None:
        if self.surface.params_spec:
            self.surface_param = (self.surface_param + 1) % len(self.surface.params_spec)

    # -- export -------------------------------------------------------------
    def export(self, folder: str | Path = ".") -> Path:
        """Write this race to a new ``race-YYYYmmdd-HHMMSS.toml`` in ``folder``."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path, counter = Path(folder) / f"race-{stamp}.toml", 1
        while path.exists():  # never overwrite an earlier export
            counter += 1
            path = Path(folder) / f"race-{stamp}-{counter}.toml"
        path.write_text(self.to_toml(), encoding="utf-8")
        return path

    def to_toml(self) -> str:
        """This race as a scenario file that ``playground run`` reproduces."""
        lines = [f"title = {_toml(self.title)}", "", "[surface]"]
        if self.surface.name == "expression":  # a formula the user typed
            lines.append(f"formula = {_toml(self.surface.formula)}")
        else:
            lines.append(f"name = {_toml(self.surface.name)}")
            if self.surface.params:
                inner = ", ".join(f"{k} = {_toml(v)}" for k, v in self.surface.params.items())
                lines.append(f"params = {{ {inner} }}")
        lines += [f"view = {_toml(list(self.surface.view))}", f"start = {_toml(list(self.start))}",
                  f"steps = {self.steps}"]
        for config in self.entrants:
            lines += ["", "[[optimizer]]", f"name = {_toml(config.name)}", f"label = {_toml(config.label)}"]
            lines += [f"{k} = {_toml(v)}" for k, v in config.changed_hyperparameters().items()]
        return "\n".join(lines) + "\n"


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, float):
        return repr(value)  # round-trips exactly
    return str(value)
