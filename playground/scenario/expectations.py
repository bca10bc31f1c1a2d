"""``[[expect]]``: what a scenario's story must show, checked against its runs.

Each expectation is a table with one *kind* key (``reaches``, ``before``,
``diverges``...) plus the keys that kind takes. A check returns whether it
held and a sentence saying what was seen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .tables import ScenarioError, check_keys

# kind → (other required keys, optional keys, applies to "surface"/"training"/"both")
_KINDS = {
    "reaches": ({"optimizer"}, {"within"}, "surface"),
    "misses": ({"optimizer", "within"}, set(), "surface"),
    "before": ({"first", "loss"}, set(), "surface"),
    "diverges": ({"optimizer"}, {"within"}, "both"),
    "loss_rises": ({"optimizer"}, set(), "surface"),
    "zigzags": ({"optimizer"}, set(), "surface"),
    "ends_near": ({"optimizer"}, {"distance"}, "surface"),
    "best_in": (set(), set(), "surface"),
    "basins_reached": (set(), set(), "surface"),
    "accuracy_above": ({"optimizer"}, {"epoch"}, "training"),
    "loss_below": ({"optimizer"}, {"epoch"}, "training"),
    "beats": ({"optimizer"}, {"epoch"}, "training"),
}


@dataclass(frozen=True)
class Expectation:
    """One validated ``[[expect]]`` table."""

    kind: str
    values: dict
    where: str

    def describe(self) -> str:
        return _DESCRIBE[self.kind](self.values)


@dataclass(frozen=True)
class Outcome:
    expectation: Expectation
    passed: bool
    detail: str

    @property
    def labels(self) -> set[str]:
        v = self.expectation.values
        return {v[k] for k in ("optimizer", "first", "before", "beats") if isinstance(v.get(k), str)}

    def to_json(self) -> dict:
        return {"expectation": self.expectation.describe(), "kind": self.expectation.kind,
                **self.expectation.values, "passed": self.passed, "detail": self.detail}


def parse_expectation(table: dict, where: str, labels, training: bool) -> Expectation:
    kinds = [key for key in table if key in _KINDS]
    if len(kinds) != 1:
        raise ScenarioError(
            f"{where}: say exactly one of {', '.join(k for k, v in _KINDS.items() if v[2] != ('surface' if training else 'training'))}"
            + (f" (found {', '.join(kinds)})" if kinds else "")
        )
    kind = kinds[0]
    required, optional, scope = _KINDS[kind]
    if scope == ("surface" if training else "training"):
        raise ScenarioError(f"{where}: {kind} applies to {scope} scenarios only")
    check_keys(table, {kind} | required | optional, where)
    for key in sorted(required - set(table)):
        raise ScenarioError(f"{where}: {kind} needs {key}")
    _check_types(kind, table, where)
    for key in ("optimizer", "first", "before", "beats"):
        if key in table and table[key] not in labels:
            raise ScenarioError(
                f"{where}: {key} {table[key]!r} is not in the race (labels: {', '.join(labels)})"
            )
    return Expectation(kind, dict(table), where)


def _check_types(kind: str, table: dict, where: str) -> None:
    def is_number(v):
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    for key in ("within", "epoch", "loss_rises", "zigzags", "basins_reached"):
        if key in table and (not isinstance(table[key], int) or isinstance(table[key], bool) or table[key] < 0):
            raise ScenarioError(f"{where}: {key} must be a whole number ≥ 0, got {table[key]!r}")
    for key in ("reaches", "misses", "loss", "distance", "accuracy_above", "loss_below"):
        if key in table and not is_number(table[key]):
            raise ScenarioError(f"{where}: {key} must be a number, got {table[key]!r}")
    if kind == "diverges" and not isinstance(table["diverges"], bool):
        raise ScenarioError(f"{where}: diverges must be true or false")
    for key in ("optimizer", "first", "before", "beats"):
        if key in table and not isinstance(table[key], str):
            raise ScenarioError(f"{where}: {key} must be an optimizer's label, got {table[key]!r}")
    if kind == "ends_near" and not (isinstance(table["ends_near"], list) and len(table["ends_near"]) == 2
                                    and all(is_number(v) for v in table["ends_near"])):
        raise ScenarioError(f"{where}: ends_near must be [x, y]")
    if kind == "best_in":
        ranges = table["best_in"]
        if not isinstance(ranges, dict) or not ranges or not all(
                isinstance(r, list) and len(r) == 2 and all(is_number(v) for v in r) for r in ranges.values()):
            raise ScenarioError(f"{where}: best_in must be a table like {{ lr = [0.02, 0.05] }}")


_DESCRIBE = {
    "reaches": lambda v: f"{v['optimizer']} reaches loss ≤ {v['reaches']:g}"
    + (f" within {v['within']} steps" if "within" in v else ""),
    "misses": lambda v: f"{v['optimizer']} has not reached loss ≤ {v['misses']:g} by step {v['within']}",
    "before": lambda v: f"{v['first']} reaches loss ≤ {v['loss']:g} before {v['before']}",
    "diverges": lambda v: f"{v['optimizer']} {'diverges' if v['diverges'] else 'does not diverge'}"
    + (f" within {v['within']} steps" if "within" in v else ""),
    "loss_rises": lambda v: f"{v['optimizer']}'s loss goes up at least {v['loss_rises']} times",
    "zigzags": lambda v: f"{v['optimizer']} reverses direction at least {v['zigzags']} times",
    "ends_near": lambda v: f"{v['optimizer']} ends within {v.get('distance', 0.01):g} of {tuple(v['ends_near'])}",
    "best_in": lambda v: "the sweep's best setting has "
    + ", ".join(f"{k} in [{a:g}, {b:g}]" for k, (a, b) in v["best_in"].items()),
    "basins_reached": lambda v: f"starts across the view reach at least {v['basins_reached']} different minima",
    "accuracy_above": lambda v: f"{v['optimizer']}'s held-out accuracy > {v['accuracy_above']:g}"
    + (f" after epoch {v['epoch']}" if "epoch" in v else ""),
    "loss_below": lambda v: f"{v['optimizer']}'s mean training loss < {v['loss_below']:g}"
    + (f" in epoch {v['epoch']}" if "epoch" in v else ""),
    "beats": lambda v: f"{v['optimizer']} ends with a lower training loss than {v['beats']}",
}


def check_surface(expectation: Expectation, runs: dict, sweep=None, basins=None) -> Outcome:
    """Check against ``runs`` (label → Trajectory) and the optional maps."""
    v, kind = expectation.values, expectation.kind

    def done(passed, detail):
        return Outcome(expectation, bool(passed), detail)

    run = runs.get(v.get("optimizer") or v.get("first"))
    if kind == "reaches":
        hit = run.steps_to(v["reaches"])
        return done(hit is not None and hit <= v.get("within", run.steps),
                    f"reached at step {hit}" if hit is not None else f"lowest loss {np.min(run.losses, initial=np.inf):.3g}")
    if kind == "misses":
        hit = run.steps_to(v["misses"])
        return done(hit is None or hit > v["within"],
                    f"reached at step {hit}" if hit is not None else "never reached")
    if kind == "before":
        mine, theirs = run.steps_to(v["loss"]), runs[v["before"]].steps_to(v["loss"])
        return done(mine is not None and (theirs is None or mine < theirs),
                    f"{v['first']}: {_step(mine)}, {v['before']}: {_step(theirs)}")
    if kind == "diverges":
        at = run.diverged_at
        happened = at is not None and at <= v.get("within", at)
        return done(happened == v["diverges"], f"diverged at step {at}" if at is not None else "stayed finite")
    if kind == "loss_rises":
        rises = int(np.sum(np.diff(run.losses) > 0))
        return done(rises >= v["loss_rises"], f"the loss went up {rises} times")
    if kind == "zigzags":
        steps = np.diff(run.path, axis=0)
        reversals = int(np.sum(np.einsum("ij,ij->i", steps[1:], steps[:-1]) < 0))
        return done(reversals >= v["zigzags"], f"{reversals} reversals")
    if kind == "ends_near":
        end = run.path[-1] if len(run.path) else np.array([np.nan, np.nan])
        distance = float(np.hypot(*(end - np.asarray(v["ends_near"]))))
        return done(distance <= v.get("distance", 0.01), f"ended at ({end[0]:.4g}, {end[1]:.4g})")
    if kind == "best_in":
        return _check_best(expectation, sweep)
    if kind == "basins_reached":
        if basins is None:
            return done(False, "the scenario has no [basins] section")
        reached = basins.reached()
        return done(len(reached) >= v["basins_reached"], f"{len(reached)} minima reached: {sorted(reached)}")
    raise AssertionError(kind)


def _check_best(expectation: Expectation, sweep) -> Outcome:
    if sweep is None:
        return Outcome(expectation, False, "the scenario has no [sweep] section")
    best = dict(zip((sweep.x_name, sweep.y_name), sweep.best()))
    failures = [name for name, (low, high) in expectation.values["best_in"].items()
                if name not in best or not low <= best[name] <= high]
    seen = ", ".join(f"{name}={value:.4g}" for name, value in best.items())
    return Outcome(expectation, not failures, f"best at {seen}")


def _step(step) -> str:
    return f"step {step}" if step is not None else "never"


def check_training(expectation: Expectation, runs: dict) -> Outcome:
    """Check against ``runs``: label → that optimizer's result as JSON (epochs...)."""
    v, kind = expectation.values, expectation.kind
    run = runs[v["optimizer"]]
    epochs = run["epochs"]
    if kind == "diverges":
        at = run.get("diverged_at")
        happened = at is not None and at <= v.get("within", at)
        return Outcome(expectation, happened == v["diverges"],
                       f"diverged at step {at}" if at is not None else "stayed finite")
    chosen = _epoch(epochs, v.get("epoch"))
    if chosen is None:
        return Outcome(expectation, False, f"no epoch {v.get('epoch', '')} was completed".replace("  ", " "))
    if kind == "accuracy_above":
        accuracy = chosen["test_accuracy"]
        return Outcome(expectation, accuracy > v["accuracy_above"], f"accuracy {accuracy:.4f}")
    if kind == "loss_below":
        loss = chosen["train_loss"]
        return Outcome(expectation, loss < v["loss_below"], f"training loss {loss:.4g}")
    if kind == "beats":
        other = _epoch(runs[v["beats"]]["epochs"], v.get("epoch"))
        mine, theirs = chosen["train_loss"], other["train_loss"] if other else float("inf")
        return Outcome(expectation, mine < theirs, f"{mine:.4g} against {theirs:.4g}")
    raise AssertionError(kind)


def _epoch(epochs: list, number: int | None):
    if not epochs:
        return None
    if number is None:
        return epochs[-1]
    return next((e for e in epochs if e["epoch"] == number), None)
