"""Run a scenario headless: the race, its maps, and the verdict on each expectation."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from ..surfaces import Surface
from ..sweep import BasinResult, SweepResult, basin_sweep, hyperparameter_sweep
from ..trajectory import Trajectory, run_one
from .expectations import Outcome, check_surface, check_training
from .model import Scenario
from .tables import ScenarioError


@dataclass
class ScenarioResult:
    """Everything a scenario run produced."""

    scenario: Scenario
    surface: Surface | None = None
    trajectories: list[Trajectory] = field(default_factory=list)
    sweep: SweepResult | None = None
    basins: BasinResult | None = None
    training: object | None = None
    """A training scenario's ``playground.training.TrainingResult``."""
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(outcome.passed for outcome in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.passed]

    def tolerance_loss(self) -> float | None:
        """The loss that counts as "there": best known minimum + tolerance."""
        minima = self.surface.minima() if self.surface else ()
        if not minima:
            return None
        return min(m.value for m in minima) + self.scenario.tolerance


def run_scenario(scenario: Scenario, training_overrides: dict | None = None,
                 on_training_event=None) -> ScenarioResult:
    """Run every entrant, the sweep and basins if asked, and check expectations.

    ``training_overrides`` replaces fields of a training scenario's config
    (tests pass a small data directory and a step limit).
    """
    if scenario.training is not None:
        return _run_training(scenario, training_overrides or {}, on_training_event)
    surface = scenario.surface.build(f"{scenario.path} [surface]")
    steps = scenario.surface.steps
    default_start = scenario.surface.start or surface.start
    result = ScenarioResult(scenario, surface)
    result.trajectories = [
        run_one(surface, entrant.config, entrant.start or default_start, steps)
        for entrant in scenario.entrants
    ]
    by_label = {t.label: t for t in result.trajectories}
    configs = {e.config.label: e for e in scenario.entrants}
    if scenario.sweep:
        result.sweep = _sweep(scenario, surface, configs, default_start)
    if scenario.basins:
        section = scenario.basins
        result.basins = basin_sweep(surface, configs[section.optimizer].config,
                                    section.steps or steps, section.columns, section.rows)
    result.outcomes = [check_surface(e, by_label, result.sweep, result.basins) for e in scenario.expectations]
    return result


def _axis(value_range, count, scale) -> np.ndarray:
    low, high = value_range
    return np.geomspace(low, high, count) if scale == "log" else np.linspace(low, high, count)


def _sweep(scenario: Scenario, surface: Surface, configs: dict, default_start) -> SweepResult:
    section = scenario.sweep
    entrant = configs[section.optimizer]
    try:
        return hyperparameter_sweep(
            surface, entrant.config, entrant.start or default_start,
            section.steps or scenario.surface.steps,
            section.x, _axis(section.x_range, section.x_count, section.x_scale),
            section.y, _axis(section.y_range, section.y_count, section.y_scale),
            section.target,
        )
    except ValueError as error:
        raise ScenarioError(f"{scenario.path} [sweep]: {error}") from None


def _run_training(scenario: Scenario, overrides: dict, on_event) -> ScenarioResult:
    from ..training import train_all

    config = dataclasses.replace(scenario.training, **overrides)
    outcome = train_all(config, [entrant.config for entrant in scenario.entrants], on_event=on_event)
    result = ScenarioResult(scenario, training=outcome)
    runs = {run["label"]: run for run in outcome.to_json()["optimizers"]}
    result.outcomes = [check_training(e, runs) for e in scenario.expectations]
    return result


def _finite_or_none(value):
    return value if value is not None and math.isfinite(value) else None


def result_to_json(result: ScenarioResult) -> dict:
    """One JSON object per scenario; every float finite (inf/NaN become null)."""
    scenario = result.scenario
    document = {"title": scenario.title, "file": str(scenario.path), "passed": result.passed,
                "expectations": [o.to_json() for o in result.outcomes]}
    if result.training is not None:
        training = result.training.to_json()
        document["training"] = {k: v for k, v in training.items() if k != "optimizers"}
        document["runs"] = [
            {"optimizer": run["name"], **run,
             "expectations": [o.to_json() for o in result.outcomes if run["label"] in o.labels]}
            for run in training["optimizers"]
        ]
        return document
    surface = result.surface
    tolerance_loss = result.tolerance_loss()
    document["surface"] = {"name": surface.name, "params": surface.params, "view": list(surface.view),
                           "start": list(scenario.surface.start or surface.start),
                           "steps": scenario.surface.steps}
    document["runs"] = [_run_json(t, tolerance_loss, result.outcomes) for t in result.trajectories]
    if result.sweep is not None:
        sweep = result.sweep
        document["sweep"] = {
            "x": sweep.x_name, "x_values": sweep.x_values.tolist(),
            "y": sweep.y_name, "y_values": sweep.y_values.tolist(),
            "final_loss": [[_finite_or_none(v) for v in row] for row in sweep.final_loss.tolist()],
            "best": dict(zip((sweep.x_name, sweep.y_name), sweep.best())),
        }
    if result.basins is not None:
        document["basins"] = {"view": list(result.basins.view), "basin": result.basins.basin.tolist(),
                              "reached": sorted(result.basins.reached())}
    return document


def _run_json(trajectory: Trajectory, tolerance_loss, outcomes) -> dict:
    config = trajectory.optimizer
    return {
        "optimizer": config.name,
        "label": config.label,
        "hyperparameters": {k: list(v) if isinstance(v, tuple) else v for k, v in config.hyperparameters.items()},
        "path": trajectory.path.tolist(),
        "losses": trajectory.losses.tolist(),
        "grad_norms": trajectory.grad_norms.tolist(),
        "diverged_at": trajectory.diverged_at,
        "final_loss": _finite_or_none(trajectory.final_loss),
        "steps_to_tolerance": trajectory.steps_to(tolerance_loss) if tolerance_loss is not None else None,
        "expectations": [o.to_json() for o in outcomes if config.label in o.labels],
    }
