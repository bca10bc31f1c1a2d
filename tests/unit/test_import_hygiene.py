"""The core never imports Textual, and nothing on the app's start-up path imports torch."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["playground.surfaces", "playground.expression", "playground.optimizers", "playground.trajectory",
        "playground.sweep", "playground.scenario", "playground.race", "playground.render",
        "playground.training", "playground.listing", "playground.cli", "playground.params"]


def imported_after(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sys.modules))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return {name.split(".")[0] for name in output.split()}


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module):
    assert "textual" not in imported_after(module)


@pytest.mark.parametrize("module", ["playground.cli", "playground.race", "playground.render",
                                    "playground.training", "playground.scenario", "playground.ui.app",
                                    "playground.ui.screens.training"])
def test_start_up_path_does_not_import_torch(module):
    # import torch alone costs ~2 s: the app must open without it.
    assert not {"torch", "torchvision"} & imported_after(module)
