"""Snapshots of the main views at a fixed size: the race, its maps, help, a tiny terminal.

Regenerate after an intended change with ``pytest tests/ui --snapshot-update``.
"""

from __future__ import annotations

from playground.race import Race
from playground.ui.app import PlaygroundApp

SIZE = (160, 48)


def app() -> PlaygroundApp:
    # Deterministic: the default race, finished and paused (no animation timer drift).
    return PlaygroundApp(Race.default(), autoplay=False)


def press_then_wait_for_maps(*keys):
    # snap_compare runs run_before before its own key presses: press here so
    # the map worker started by "m" is awaited before the snapshot is taken.
    async def run_before(pilot) -> None:
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def test_race_on_the_ravine(snap_compare):
    assert snap_compare(app(), terminal_size=SIZE)


def test_race_on_rosenbrock_with_momentum_selected(snap_compare):
    assert snap_compare(app(), terminal_size=SIZE, press=["c", "tab"])


def test_convergence_map(snap_compare):
    assert snap_compare(app(), terminal_size=SIZE, run_before=press_then_wait_for_maps("tab", "m"))


def test_basin_map_on_himmelblau(snap_compare):
    race = Race.default("himmelblau")
    assert snap_compare(PlaygroundApp(race, autoplay=False), terminal_size=SIZE,
                        run_before=press_then_wait_for_maps("m", "m"))


def test_help_screen(snap_compare):
    assert snap_compare(app(), terminal_size=SIZE, press=["question_mark"])


def test_tiny_terminal(snap_compare):
    assert snap_compare(app(), terminal_size=(40, 12))
