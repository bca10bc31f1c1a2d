"""Pilot tests of the training screen on a tiny dataset the test writes itself."""

from __future__ import annotations

import json

import numpy as np
import pytest

from playground.race import Race
from playground.training import TrainingConfig
from playground.ui.app import PlaygroundApp
from tests.idx_files import write_split

SIZE = (160, 48)


@pytest.fixture
def tiny_data(tmp_path):
    write_split(tmp_path, "train", 512)
    write_split(tmp_path, "t10k", 128)
    return tmp_path


def make_app(data_dir, race: Race | None = None, **settings) -> PlaygroundApp:
    config = TrainingConfig(data_dir=str(data_dir), **{"epochs": 2, "batch_size": 16, **settings})
    return PlaygroundApp(race or Race.default(), autoplay=False, training=config)


async def wait_until(pilot, condition, seconds: float = 30.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the condition never came true")


async def start_training(pilot):
    """Open the training screen, start, and wait for the first steps."""
    await pilot.press("t", "s")
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.board.lanes and screen.board.lanes[0].step > 0)
    return screen


async def test_start_progress_arrives_and_the_run_finishes(tiny_data):
    app = make_app(tiny_data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        screen = app.screen
        assert "press s to train" in str(screen.query_one("#train-status").render())
        await pilot.press("s")
        await wait_until(pilot, lambda: screen.board.finished)
        await pilot.pause()
        assert [len(lane.epochs) for lane in screen.board.lanes] == [2] * 5
        assert all(lane.losses for lane in screen.board.lanes)
        assert "finished" in str(screen.query_one("#train-status").render())
        shown = app.export_screenshot()  # the epoch table is on screen
        assert "held-out" in shown and "%" in shown
        assert screen.query_one("#train-progress").percentage == 1.0


async def test_stop_ends_the_run_early_and_the_app_stays_responsive(tiny_data):
    app = make_app(tiny_data, epochs=10, batch_size=1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_training(pilot)
        await pilot.press("tab")
        assert screen.selected == 1 and "▶ ━━ momentum" in str(screen.query_one("#train-lanes").render())
        await pilot.press("x")
        await wait_until(pilot, lambda: screen.board.finished)
        assert screen.board.stopped
        assert screen.board.done_steps < screen.board.total_steps
        assert "stopped" in str(screen.query_one("#train-status").render())


async def test_a_diverging_optimizer_is_marked_and_the_others_go_on(tiny_data):
    race = Race.default()
    race.entrants = [race.entrants[1]]
    race.add("sgd", {"lr": 1e8})  # far past any sane rate: the loss becomes NaN
    app = make_app(tiny_data, race=race)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "s")
        screen = app.screen
        await wait_until(pilot, lambda: screen.board.finished)
        await pilot.pause()
        momentum, sgd = screen.board.lanes
        assert sgd.diverged_at is not None
        assert momentum.diverged_at is None and len(momentum.epochs) == 2
        assert f"diverged at step {sgd.diverged_at}" in str(screen.query_one("#train-lanes").render())


async def test_changing_lr_while_training_is_marked_on_the_curve(tiny_data):
    app = make_app(tiny_data, epochs=10, batch_size=1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_training(pilot)
        await pilot.press("h")
        await wait_until(pilot, lambda: screen.board.lanes[0].lr_marks)
        (step, lr), = screen.board.lanes[0].lr_marks
        assert lr == pytest.approx(0.00794) and step > 1
        await pilot.press("x")
        await wait_until(pilot, lambda: screen.board.finished)


async def test_pause_holds_the_run(tiny_data):
    app = make_app(tiny_data, epochs=10, batch_size=1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_training(pilot)
        await pilot.press("space")
        await pilot.pause(0.5)
        held = [lane.step for lane in screen.board.lanes]
        await pilot.pause(0.5)
        assert [lane.step for lane in screen.board.lanes] == held
        assert "paused" in str(screen.query_one("#train-status").render())
        await pilot.press("space", "x")
        await wait_until(pilot, lambda: screen.board.finished)


async def test_save_and_reopen_a_run_for_comparison(tiny_data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(tiny_data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "s")
        screen = app.screen
        await wait_until(pilot, lambda: screen.board.finished)
        await pilot.press("w")
        (saved,) = tmp_path.glob("training-*.json")
        document = json.loads(saved.read_text())
        assert [o["label"] for o in document["optimizers"]] == [c.label for c in screen.configs]
        await pilot.press("o")
        for key in str(saved):
            await pilot.press(key if key != "/" else "slash")
        await pilot.press("enter")
        await pilot.pause()
        assert [run["label"] for run in screen.saved] == [c.label for c in screen.configs]
        assert np.allclose(screen.saved[0]["curve"]["losses"], document["optimizers"][0]["curve"]["losses"])


async def test_missing_data_is_explained_not_raised(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    app = make_app(tmp_path / "nowhere", download=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "s")
        await wait_until(pilot, lambda: app.screen.run is None)
        assert any("MNIST" in n.message for n in app._notifications)


async def test_settings_cycle_by_key(tiny_data):
    app = make_app(tiny_data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "d", "b", "e")
        screen = app.screen
        assert (screen.config.dataset, screen.config.batch_size, screen.config.epochs) == ("fashion-mnist", 32, 3)
        await pilot.press("escape")
        assert type(app.screen).__name__ == "RaceScreen"
