"""Read IDX files (the MNIST family's format), gzip or raw, every header checked.

An IDX file is two zero bytes, a type code, the number of dimensions, each
dimension as a big-endian uint32, then the data. numpy reads it in one
``frombuffer`` once the header has been checked against the file's size, so a
corrupt or truncated file is a ``DataError`` naming it, never a hang.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import numpy as np


class DataError(ValueError):
    """Training data is missing or unreadable; the message is one line saying
    what and how to provide it."""


_TYPES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_GZIP_MAGIC = b"\x1f\x8b"


def read_idx(path: str | Path) -> np.ndarray:
    """The array stored in the IDX file at ``path`` (gzip-compressed or not).

    Raises ``DataError`` naming the file when it cannot be read, is not gzip
    although it looks so, has a bad magic number, or holds more or fewer bytes
    than its header promises.
    """
    path = Path(path)
    raw = _read_bytes(path)
    if len(raw) < 4:
        raise DataError(f"{path}: too short for an IDX file ({len(raw)} bytes)")
    zeros, code, ndim = raw[:2], raw[2], raw[3]
    if zeros != b"\0\0" or code not in _TYPES or not 1 <= ndim <= 4:
        raise DataError(f"{path}: not an IDX file (bad magic number 0x{raw[:4].hex()})")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DataError(f"{path}: truncated IDX header")
    dims = tuple(int(d) for d in np.frombuffer(raw, ">u4", ndim, 4))
    dtype = _TYPES[code]
    expected = int(np.prod(dims, dtype=np.int64)) * dtype.itemsize
    found = len(raw) - header
    if found < expected:
        raise DataError(
            f"{path}: truncated: its header promises {'x'.join(map(str, dims))} values "
            f"({expected} bytes) but it holds {found}"
        )
    if found > expected:
        raise DataError(f"{path}: {found - expected} unexpected bytes after the data")
    return np.frombuffer(raw, dtype, expected // dtype.itemsize, header).reshape(dims)


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise DataError(f"{path}: not a regular file")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(f"{path}: cannot read it ({error.strerror or error})") from None
    if raw[:2] != _GZIP_MAGIC:
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as error:
        raise DataError(f"{path}: corrupt or truncated gzip data ({error})") from None
