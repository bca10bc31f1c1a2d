"""Scenario files: parsing, refusals that name file and key, runs, JSON, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from playground.cli import main
from playground.scenario import ScenarioError, load_scenario, result_to_json, run_scenario

FUNNEL = """
title = "funnel"
[surface]
name = "ravine"
params = { condition = 100 }
start = [-10.0, 1.0]
steps = 600

[[optimizer]]
name = "sgd"
lr = 0.01
label = "plain"

[[optimizer]]
name = "momentum"
lr = 0.01

[[expect]]
optimizer = "momentum"
reaches = 1e-3
within = 200

[[expect]]
first = "momentum"
before = "plain"
loss = 1e-3
"""


def write(tmp_path, text, name="s.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_a_story_runs_and_its_expectations_hold(tmp_path):
    result = run_scenario(load_scenario(write(tmp_path, FUNNEL)))
    assert [t.label for t in result.trajectories] == ["plain", "momentum"]
    assert result.passed, [o.detail for o in result.outcomes]
    plain, momentum = result.trajectories
    assert momentum.steps_to(1e-3) < plain.steps_to(1e-3)


def test_a_failing_expectation_is_reported_with_what_was_seen(tmp_path):
    text = FUNNEL + '\n[[expect]]\noptimizer = "plain"\nreaches = 1e-3\nwithin = 100\n'
    result = run_scenario(load_scenario(write(tmp_path, text)))
    assert not result.passed
    (failure,) = result.failures
    assert failure.expectation.describe() == "plain reaches loss ≤ 0.001 within 100 steps"
    assert "reached at step" in failure.detail


@pytest.mark.parametrize(
    "change, message",
    [
        (('name = "ravine"', 'name = "nope"'), "[surface]: unknown surface 'nope'"),
        (("steps = 600", "steps = 600\ncolour = 1"), "[surface]: unknown key 'colour'"),
        (("lr = 0.01\nlabel", "lr = -1\nlabel"), "[[optimizer]] #1: optimizer 'sgd': Invalid learning rate: -1"),
        (('name = "sgd"', 'name = "sgdd"'), "[[optimizer]] #1: unknown optimizer 'sgdd'"),
        (("lr = 0.01\nlabel", "lr = 0.01\nbetas = [0.9, 0.99]\nlabel"),
         "[[optimizer]] #1: optimizer 'sgd' has no hyperparameter 'betas'"),
        (('lr = 0.01\nlabel', 'lr = "fast"\nlabel'), "lr must be a number"),
        (("within = 200", "within = 2.5"), "[[expect]] #1: within must be a whole number"),
        (('first = "momentum"', 'first = "adam"'), "[[expect]] #2: first 'adam' is not in the race"),
        (("reaches = 1e-3", "reaches = 1e-3\nloss_rises = 2"), "[[expect]] #1: say exactly one of"),
        (('label = "plain"', 'label = "momentum"'), "label 'momentum' is used twice"),
        (("start = [-10.0, 1.0]", "start = [-10.0]"), "[surface]: start must be a list of 2 numbers"),
        (('title = "funnel"', ""), ": missing title"),
        (('params = { condition = 100 }', 'params = { condition = 0.5 }'), "condition must be in"),
    ],
)
def test_invalid_input_names_the_file_and_the_key(tmp_path, change, message):
    path = write(tmp_path, FUNNEL.replace(*change))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path) if "condition" not in message else run_scenario(load_scenario(path))
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_not_toml_and_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(write(tmp_path, "title = \n"))
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "absent.toml")


def test_json_has_one_object_per_scenario_with_runs(tmp_path):
    document = result_to_json(run_scenario(load_scenario(write(tmp_path, FUNNEL))))
    assert document["passed"] is True
    run = document["runs"][1]
    assert run["optimizer"] == "momentum" and run["label"] == "momentum"
    assert run["hyperparameters"]["momentum"] == 0.9
    assert run["path"][0] == [-10.0, 1.0]
    assert len(run["path"]) == len(run["losses"]) == 601
    assert run["diverged_at"] is None
    assert [e["passed"] for e in run["expectations"]] == [True, True]


def test_cli_exit_codes_and_json(tmp_path, capsys):
    good = write(tmp_path, FUNNEL, "good.toml")
    bad = write(tmp_path, FUNNEL + '[[expect]]\noptimizer = "plain"\nreaches = 1e-3\nwithin = 10\n', "bad.toml")
    out = tmp_path / "out.json"
    assert main(["run", str(good), "--json", str(out), "--no-chart"]) == 0
    assert json.loads(out.read_text())["title"] == "funnel"
    assert main(["run", str(good), str(bad), "--json", str(out), "--no-chart"]) == 1
    assert [d["passed"] for d in json.loads(out.read_text())] == [True, False]
    assert "FAILED" in capsys.readouterr().err
    broken = write(tmp_path, FUNNEL.replace("steps = 600", "steps = -1"), "broken.toml")
    out.write_text("kept")
    assert main(["run", str(broken), "--json", str(out)]) == 2
    assert out.read_text() == "kept"  # nothing the user had is lost
    assert "broken.toml [surface]: steps must be between 1" in capsys.readouterr().err


def test_invalid_scenario_exits_2_without_traceback(tmp_path):
    bad = write(tmp_path, FUNNEL.replace('name = "sgd"', 'name = "os.system"'))
    completed = subprocess.run([sys.executable, "-m", "playground", "run", str(bad)],
                               capture_output=True, text=True)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1
    assert str(bad) in completed.stderr


def test_divergence_is_a_result_not_a_crash(tmp_path):
    text = FUNNEL.replace("lr = 0.01\nlabel", "lr = 0.05\nlabel") + (
        '[[expect]]\noptimizer = "plain"\ndiverges = true\nwithin = 200\n')
    result = run_scenario(load_scenario(write(tmp_path, text)))
    plain = result.trajectories[0]
    assert plain.diverged_at is not None and plain.diverged_at < 200
    assert result.outcomes[-1].passed
    assert result_to_json(result)["runs"][0]["final_loss"] is None


def test_sweep_finds_the_theoretical_optimum_on_the_ravine(tmp_path):
    text = FUNNEL + textwrap.dedent("""
        [sweep]
        optimizer = "momentum"
        x = "lr"
        x_range = [1e-3, 0.1]
        x_count = 30
        y = "momentum"
        y_range = [0.0, 0.95]
        y_count = 30
        steps = 300

        [[expect]]
        best_in = { lr = [0.02, 0.05], momentum = [0.5, 0.8] }
        """)
    result = run_scenario(load_scenario(write(tmp_path, text)))
    assert result.sweep.final_loss.shape == (30, 30)
    assert result.passed, [o.detail for o in result.outcomes]


def test_a_training_scenario_without_data_exits_2_with_one_line(tmp_path):
    scenario = write(tmp_path, """
        title = "no data"
        [training]
        dataset = "mnist"
        download = false
        [[optimizer]]
        name = "sgd"
        """)
    completed = subprocess.run(
        [sys.executable, "-m", "playground", "run", str(scenario), "--data-dir", str(tmp_path / "empty")],
        capture_output=True, text=True, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1
    assert "no MNIST files found" in completed.stderr and str(scenario) in completed.stderr
