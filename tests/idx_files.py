"""Small IDX files (MNIST's format) written by the tests themselves."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np


def idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def write_idx(path: Path, array: np.ndarray, compress: bool | None = None) -> Path:
    raw = idx_bytes(array)
    compress = path.suffix == ".gz" if compress is None else compress
    path.write_bytes(gzip.compress(raw) if compress else raw)
    return path


def write_split(directory: Path, split: str, count: int, seed: int = 0, gz: bool = True) -> None:
    """``{split}-images-idx3-ubyte`` and labels: random digits, random labels."""
    rng = np.random.default_rng(seed)
    ext = ".gz" if gz else ""
    write_idx(directory / f"{split}-images-idx3-ubyte{ext}", rng.integers(0, 256, (count, 28, 28), dtype=np.uint8))
    write_idx(directory / f"{split}-labels-idx1-ubyte{ext}", rng.integers(0, 10, count, dtype=np.uint8))
