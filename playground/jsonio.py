"""JSON written atomically, strict: non-finite numbers become null."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path


def finite(value):
    """``value`` with every inf/NaN float (at any depth) replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


def write_json_atomic(path: str | Path, document) -> None:
    """Write to a temporary file beside ``path``, then rename over it, so a
    reader (or a crash) never sees half a file and an old file survives errors."""
    path = Path(path)
    text = json.dumps(finite(document), indent=1, allow_nan=False)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text + "\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
