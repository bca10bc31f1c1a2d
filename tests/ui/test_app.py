"""Pilot tests: press the real keys, check the race and what is on screen."""

from __future__ import annotations

import numpy as np
import pytest

from playground.optimizers import RULES
from playground.race import Race
from playground.scenario import load_scenario, run_scenario
from playground.ui.app import PlaygroundApp
from playground.ui.screens.race import RaceScreen
from playground.ui.widgets.map_view import MapView

SIZE = (160, 48)


def make_app(autoplay: bool = False) -> PlaygroundApp:
    return PlaygroundApp(Race.default(), autoplay=autoplay)


def panel(app, widget_id: str) -> str:
    return str(app.screen.query_one(f"#{widget_id}").render())


async def test_raising_lr_changes_the_displayed_value_and_the_path():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen: RaceScreen = app.screen
        before = screen.trajectories[0].path.copy()
        assert "0.01" in panel(app, "optimizers")
        await pilot.press("l")
        assert screen.race.entrants[0].hyperparameters["lr"] == pytest.approx(0.0126)
        assert "0.0126" in panel(app, "optimizers")
        after = screen.trajectories[0].path
        assert not np.array_equal(before[:50], after[:50])
        await pilot.press("0")
        assert screen.race.entrants[0].hyperparameters["lr"] == 1e-3  # torch's default


async def test_pause_stops_the_step_counter_and_single_step_moves_one():
    app = make_app(autoplay=True)
    async with app.run_test(size=SIZE) as pilot:
        screen: RaceScreen = app.screen
        await pilot.pause(0.3)
        await pilot.press("space")
        paused_at = screen.animation.step
        assert 0 < paused_at < screen.race.steps
        await pilot.pause(0.4)
        assert screen.animation.step == paused_at
        assert f"step {paused_at}/" in panel(app, "status")
        await pilot.press("full_stop")
        assert screen.animation.step == paused_at + 1
        await pilot.press("space")
        await pilot.pause(0.3)
        assert screen.animation.step > paused_at + 1


async def test_adding_an_optimizer_adds_a_legend_entry_and_a_path():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen: RaceScreen = app.screen
        count = len(screen.trajectories)
        await pilot.press("a")
        for _ in range(list(RULES).index("nadam")):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert len(screen.trajectories) == count + 1
        assert screen.race.current.name == "nadam"
        assert "nadam" in panel(app, "legend")
        await pilot.press("x")
        assert len(screen.trajectories) == count
        assert "nadam" not in panel(app, "legend")


async def test_export_writes_a_scenario_that_run_reproduces(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "tab", "j", "h", "right", "right")
        await pilot.press("e")
        screen: RaceScreen = app.screen
        expected = {t.label: t.losses[-1] for t in screen.trajectories}
    (exported,) = tmp_path.glob("race-*.toml")
    result = run_scenario(load_scenario(exported))
    assert {t.label: t.losses[-1] for t in result.trajectories} == expected


async def test_a_setting_torch_refuses_is_a_warning_not_a_crash():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen: RaceScreen = app.screen
        rows = [row.title for row in screen.race.rows()]
        for _ in range(rows.index("nesterov")):
            await pilot.press("j")
        await pilot.press("l")  # plain SGD has no momentum: torch refuses Nesterov
        assert screen.race.current.hyperparameters["nesterov"] is False
        assert any("Nesterov momentum requires a momentum" in n.message for n in app._notifications)


async def test_extreme_settings_show_divergence_instead_of_raising():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(60):
            await pilot.press("l")
        screen: RaceScreen = app.screen
        assert screen.race.current.hyperparameters["lr"] == 10.0
        assert screen.trajectories[0].diverged_at is not None
        assert "diverged at step" in panel(app, "optimizers")


async def test_arrows_move_the_start_and_a_click_sets_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen: RaceScreen = app.screen
        x, y = screen.race.start
        await pilot.press("right", "up")
        assert screen.race.start == pytest.approx((x + 0.22, y + 0.08))
        assert screen.trajectories[0].path[0] == pytest.approx(screen.race.start)
        await pilot.click("#surface", offset=(10, 5))
        clicked = screen.query_one("#surface").to_point(10, 5)
        assert screen.race.start == pytest.approx(clicked)


async def test_surfaces_cycle_and_the_ravine_condition_changes():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen: RaceScreen = app.screen
        await pilot.press("right_curly_bracket")
        assert screen.race.surface.params["condition"] == pytest.approx(126)
        assert "condition=126" in panel(app, "status")
        await pilot.press("c")
        assert screen.race.surface.name == "rosenbrock"
        assert screen.race.start == screen.race.surface.start
        assert "Rosenbrock" in panel(app, "status")


async def test_a_typed_formula_becomes_the_surface_and_a_bad_one_is_explained():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen: RaceScreen = app.screen
        await pilot.press("f")
        for key in "x**2 + foo(y)":
            await pilot.press(key if key != " " else "space")
        await pilot.press("enter")
        assert "unknown function 'foo'" in str(app.screen.query_one("#formula-error").render())
        await pilot.press(*["backspace"] * 6, "y", "*", "*", "2", "enter")
        await pilot.pause()
        assert screen.race.surface.name == "expression"
        assert screen.race.surface.formula == "x**2 + y**2"


async def test_maps_compute_in_a_worker_and_mark_the_current_setting():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen: RaceScreen = app.screen
        await pilot.press("tab")  # momentum: lr × momentum
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = screen.query_one(MapView)
        assert view.kind == "sweep"
        assert view.current == (0.01, 0.9)
        assert view.result.final_loss.shape[1] == view.grid_size()[0]
        assert "final loss" in panel(app, "map-title")
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.kind == "basins"
        assert "minima reached" in panel(app, "map-ticks")


async def test_help_screen_opens_and_closes():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert isinstance(app.screen, RaceScreen)


async def test_a_tiny_terminal_gets_a_readable_message():
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("too-small")
        assert app.screen.query_one("#too-small").display
        await pilot.press("l")  # keys still work and nothing breaks
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert not app.screen.has_class("too-small")


async def test_the_command_palette_offers_the_race_commands():
    app = make_app()
    async with app.run_test(size=SIZE):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Add optimizer", "Export scenario", "Cycle view"} <= set(titles)
