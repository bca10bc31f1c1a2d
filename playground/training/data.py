"""Find, read and check the MNIST-family datasets; split a test-only set.

Places are searched in order: ``data_dir`` (the IDX files themselves, or a
torchvision root holding ``<Class>/raw/``), the cache
(``$XDG_CACHE_HOME/playground/datasets``, a torchvision root), and for
Fashion-MNIST Debian's ``/usr/share/datasets/fashion-mnist``. When none holds
the files, torchvision downloads them into the cache; offline, a one-line
``DataError`` says what is missing and how to provide it. Everything here is
numpy: torch is imported only to download.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .idx import DataError, read_idx

DATASETS = {"mnist": "MNIST", "fashion-mnist": "FashionMNIST", "kmnist": "KMNIST"}
"""Our names and torchvision's class (and folder) names."""
TITLES = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST", "kmnist": "Kuzushiji-MNIST"}
DEBIAN_FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")
SPLIT_SEED = 20240607
"""Fixed, apart from the training seed: the held-out part never changes."""
_DOWNLOAD_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class Dataset:
    """Images (N, 28, 28) uint8 and labels (N,) uint8, train and held-out."""

    name: str
    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    source: str
    """The directory the files came from."""
    note: str = ""
    """Said to the user when the data is not the standard split."""

    @property
    def title(self) -> str:
        return TITLES.get(self.name, self.name)


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/playground/datasets`` (``~/.cache/...`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "playground" / "datasets"


def idx_names(split: str, kind: str) -> list[str]:
    """The file names a split's images or labels go by, raw before gzip."""
    rank = 3 if kind == "images" else 1
    stems = [f"{split}-{kind}-idx{rank}-ubyte", f"{split}-{kind}.idx{rank}-ubyte"]
    return [stem + ext for stem in stems for ext in ("", ".gz")]


def find_split(directory: Path, split: str) -> tuple[Path, Path] | None:
    """The images and labels files of ``split`` (train, t10k) in ``directory``."""
    found = []
    for kind in ("images", "labels"):
        paths = [directory / name for name in idx_names(split, kind)]
        path = next((p for p in paths if p.is_file()), None)
        if path is None:
            return None
        found.append(path)
    return found[0], found[1]


def search_places(name: str, data_dir: str | Path | None) -> list[Path]:
    """Every directory that may hold ``name``'s files, in the order tried."""
    folder = DATASETS[name]
    places = []
    if data_dir is not None:
        root = Path(data_dir).expanduser()
        places += [root, root / folder / "raw", root / folder]
    places.append(cache_dir() / folder / "raw")
    if name == "fashion-mnist":
        places.append(DEBIAN_FASHION_MNIST)
    return places


def load_dataset(name: str = "mnist", data_dir: str | Path | None = None, *,
                 download: bool = True, held_out: int = 2000) -> Dataset:
    """Read ``name`` from the first place that has it, downloading if none does.

    A place with only one split (MNIST's test files, say) is split into a
    training part and ``held_out`` held-out digits, and ``Dataset.note`` says so.
    """
    if name not in DATASETS:
        raise DataError(f"unknown dataset {name!r} (known: {', '.join(DATASETS)})")
    places = search_places(name, data_dir)
    for place in places:
        dataset = _load_from(name, place, held_out)
        if dataset is not None:
            return dataset
    reason = "downloading is off"
    if download:
        try:
            _download(name, cache_dir())
        except Exception as error:  # noqa: BLE001 - any failure is "offline" to the user
            reason = f"the download failed ({_one_line(error)})"
        else:
            dataset = _load_from(name, cache_dir() / DATASETS[name] / "raw", held_out)
            if dataset is not None:
                return dataset
            reason = "the download left no files"
    raise DataError(_missing_message(name, places, reason))


def _load_from(name: str, place: Path, held_out: int) -> Dataset | None:
    if not place.is_dir():
        return None
    train, test = find_split(place, "train"), find_split(place, "t10k")
    if train and test:
        return Dataset(name, *_read_pair(*train), *_read_pair(*test), source=str(place))
    if not (train or test):
        return None
    images, labels = _read_pair(*(train or test))
    which = "training" if train else "test"
    return split_held_out(name, images, labels, held_out, str(place),
                          f"only the {which} files of {TITLES[name]} are in {place}")


def _read_pair(images_path: Path, labels_path: Path) -> tuple[np.ndarray, np.ndarray]:
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (28, 28):
        raise DataError(f"{images_path}: expected 28x28 uint8 images, found "
                        f"{images.dtype} of shape {images.shape}")
    if labels.dtype != np.uint8 or labels.ndim != 1:
        raise DataError(f"{labels_path}: expected uint8 labels, found {labels.dtype} "
                        f"of shape {labels.shape}")
    if len(images) != len(labels):
        raise DataError(f"{labels_path}: {len(labels)} labels for the {len(images)} images "
                        f"in {images_path.name}")
    if labels.size and labels.max() > 9:
        raise DataError(f"{labels_path}: label {int(labels.max())} outside 0..9")
    return images, labels


def split_held_out(name: str, images: np.ndarray, labels: np.ndarray, held_out: int,
                   source: str, why: str) -> Dataset:
    """A fixed random ``held_out`` digits for testing, the rest for training."""
    count = len(images)
    if not 0 < held_out < count:
        raise DataError(f"{why}: cannot hold out {held_out} of its {count} images")
    order = np.random.default_rng(SPLIT_SEED).permutation(count)
    train, test = np.sort(order[held_out:]), np.sort(order[:held_out])
    note = (f"{why}: training on {count - held_out:,} of its {count:,} images "
            f"and holding out the other {held_out:,}")
    return Dataset(name, images[train], labels[train], images[test], labels[test], source, note)


def _download(name: str, root: Path) -> None:
    """torchvision's download of the four files into ``root/<Class>/raw``."""
    from torchvision import datasets  # ~4 s: only when nothing is found

    cls = getattr(datasets, DATASETS[name])
    target = cls.__new__(cls)  # the constructor would also load the data
    target.root = str(root)
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(_DOWNLOAD_TIMEOUT_S)  # urllib's default is to wait forever
    try:
        target.download()
    finally:
        socket.setdefaulttimeout(previous)


def _missing_message(name: str, places: list[Path], reason: str) -> str:
    title, cache = TITLES[name], cache_dir() / DATASETS[name] / "raw"
    ways = [f"pass --data-dir DIR (a directory with {idx_names('train', 'images')[1]} "
            "and the other IDX files)", f"put the files in {cache}"]
    if name == "fashion-mnist":
        ways.append("apt-get install dataset-fashion-mnist")
    seen = ", ".join(str(place) for place in places)
    return f"no {title} files found (looked in {seen}) and {reason}; {'; or '.join(ways)}"


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."
