"""Open the app, on a scenario file if one is given (checked like `playground run`)."""

from __future__ import annotations

import sys


def launch(scenario_path: str | None = None, data_dir: str | None = None) -> int:
    race = None
    if scenario_path is not None:
        from ..race import Race
        from ..scenario import ScenarioError, load_scenario

        try:
            scenario = load_scenario(scenario_path)
            if scenario.surface is None:
                raise ScenarioError(f"{scenario_path}: a training scenario: run it with `playground run`")
            race = Race.from_scenario(scenario)
        except ScenarioError as error:
            print(f"playground: error: {error}", file=sys.stderr)
            return 2
    from ..training import TrainingConfig
    from .app import PlaygroundApp

    PlaygroundApp(race, training=TrainingConfig(data_dir=data_dir)).run()
    return 0
