"""Every file in scenarios/ runs and its story holds: the scenarios are tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.scenario import load_scenario, run_scenario

SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.toml"))
SHARED_MNIST = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mnist"


def test_the_seed_story_is_all_there():
    names = {path.stem for path in SCENARIOS}
    assert {"funnel", "learning_rate_too_high", "adagrad_vs_rmsprop", "adam_vs_sgd_rosenbrock",
            "saddle_escape", "himmelblau_basins", "ravine_optimal"} <= names


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_file_holds(path):
    scenario = load_scenario(path)
    assert scenario.expectations, "a shipped scenario states what it shows"
    overrides = None
    if scenario.training is not None:
        # The real digits in ../shared, a few steps per epoch: the file itself is exercised.
        overrides = {"data_dir": str(SHARED_MNIST), "max_steps": 20}
    result = run_scenario(scenario, training_overrides=overrides)
    if scenario.training is None:
        assert result.passed, [f"{o.expectation.describe()}: {o.detail}" for o in result.failures]
    else:
        assert all(run.epochs for run in result.training.optimizers)
