"""Scenario files: a surface (or training run), entrants, and what they must show."""

from .model import Scenario, load_scenario
from .runner import ScenarioResult, result_to_json, run_scenario
from .tables import ScenarioError

__all__ = ["Scenario", "ScenarioError", "ScenarioResult", "load_scenario", "result_to_json", "run_scenario"]
