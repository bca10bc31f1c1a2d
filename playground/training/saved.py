"""Reopen a saved training result (``TrainingResult.to_json()``) for comparison."""

from __future__ import annotations

import json
from pathlib import Path


def load_saved_run(path: str | Path) -> list[dict]:
    """The saved run's per-optimizer records; ``ValueError`` naming the file if it
    is missing, not JSON, or not a training result."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a readable JSON file ({error})") from None
    # A training result (the app's save, `playground train --json`) lists
    # "optimizers"; a training scenario's JSON lists "runs".
    runs = (document.get("optimizers") or document.get("runs")) if isinstance(document, dict) else None
    if not isinstance(runs, list) or not all(
            isinstance(r, dict) and isinstance(r.get("label"), str) and isinstance(r.get("curve"), dict)
            and isinstance(r["curve"].get("steps"), list) and isinstance(r["curve"].get("losses"), list)
            for r in runs):
        raise ValueError(f"{path}: not a saved training run (expected runs with a label and a curve)")
    return [{**run, "curve": {"steps": run["curve"]["steps"],
                              "losses": [float("nan") if v is None else v for v in run["curve"]["losses"]]}}
            for run in runs]
