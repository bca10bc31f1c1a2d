"""The IDX reader and the dataset search: real MNIST digits, and small files
written here (gzip and raw, corrupt, truncated, mismatched)."""

from __future__ import annotations

import gzip
import hashlib
import urllib.error
from pathlib import Path

import numpy as np
import pytest

from playground.training import data
from playground.training.data import cache_dir, load_dataset
from playground.training.idx import DataError, read_idx
from tests.idx_files import idx_bytes, write_idx, write_split

SHARED_MNIST = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mnist"
needs_mnist = pytest.mark.skipif(not (SHARED_MNIST / "t10k-images-idx3-ubyte.gz").is_file(),
                                 reason="../shared/data/mnist is not beside the repository")


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """An empty cache and a download that fails as it does without a network."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST", tmp_path / "no-debian")

    def fail(name, root):
        raise urllib.error.URLError("[Errno -2] Name or service not known")

    monkeypatch.setattr(data, "_download", fail)


@pytest.mark.parametrize("name", ["images.idx", "images.idx.gz"])
def test_reader_round_trips_raw_and_gzip(tmp_path, name):
    array = np.arange(3 * 28 * 28, dtype=np.uint8).reshape(3, 28, 28)
    assert np.array_equal(read_idx(write_idx(tmp_path / name, array)), array)


def test_reader_detects_gzip_by_content_not_name(tmp_path):
    array = np.arange(10, dtype=np.uint8)
    assert np.array_equal(read_idx(write_idx(tmp_path / "labels", array, compress=True)), array)


@pytest.mark.parametrize("raw, words", [
    (b"\x08\x03\x00\x00" + bytes(12), "bad magic number"),
    (b"\0\0\x42\x01" + bytes(8), "bad magic number"),
    (b"\0\0", "too short"),
    (b"\0\0\x08\x03\0\0\0\x02", "truncated IDX header"),
    (idx_bytes(np.zeros((4, 28, 28)))[:-5], "truncated"),
    (idx_bytes(np.zeros(10)) + b"xx", "unexpected bytes"),
])
def test_reader_rejects_bad_files_naming_them(tmp_path, raw, words):
    path = tmp_path / "bad-idx3-ubyte"
    path.write_bytes(raw)
    with pytest.raises(DataError, match=words) as caught:
        read_idx(path)
    assert str(path) in str(caught.value)


def test_reader_rejects_truncated_gzip(tmp_path):
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(idx_bytes(np.zeros((20, 28, 28))))[:-40])
    with pytest.raises(DataError, match="corrupt or truncated gzip") as caught:
        read_idx(path)
    assert str(path) in str(caught.value)


def test_reader_rejects_a_directory(tmp_path):
    with pytest.raises(DataError, match="not a regular file"):
        read_idx(tmp_path)


def test_dataset_with_both_splits_is_used_as_is(tmp_path, offline):
    write_split(tmp_path, "train", 30)
    write_split(tmp_path, "t10k", 12, seed=1, gz=False)
    dataset = load_dataset("mnist", tmp_path)
    assert (len(dataset.train_images), len(dataset.test_images)) == (30, 12)
    assert dataset.note == "" and dataset.source == str(tmp_path)


def test_dotted_names_and_torchvision_root_are_found(tmp_path, offline):
    raw = tmp_path / "KMNIST" / "raw"
    raw.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for split, count in (("train", 20), ("t10k", 5)):
        write_idx(raw / f"{split}-images.idx3-ubyte", rng.integers(0, 256, (count, 28, 28)))
        write_idx(raw / f"{split}-labels.idx1-ubyte", rng.integers(0, 10, count))
    dataset = load_dataset("kmnist", tmp_path)
    assert dataset.source == str(raw) and len(dataset.train_labels) == 20


def test_the_cache_is_searched(tmp_path, offline):
    raw = cache_dir() / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    write_split(raw, "train", 10)
    write_split(raw, "t10k", 4)
    assert str(cache_dir()).startswith(str(tmp_path / "cache"))
    assert load_dataset("fashion-mnist").source == str(raw)


def test_mismatched_counts_name_the_labels_file(tmp_path, offline):
    write_idx(tmp_path / "t10k-images-idx3-ubyte.gz", np.zeros((5, 28, 28)))
    write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", np.zeros(4))
    with pytest.raises(DataError, match="4 labels for the 5 images") as caught:
        load_dataset("mnist", tmp_path)
    assert "t10k-labels-idx1-ubyte.gz" in str(caught.value)


def test_wrong_image_size_and_labels_out_of_range(tmp_path, offline):
    write_idx(tmp_path / "t10k-images-idx3-ubyte", np.zeros((5, 14, 14)))
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.zeros(5))
    with pytest.raises(DataError, match="expected 28x28"):
        load_dataset("mnist", tmp_path)
    write_idx(tmp_path / "t10k-images-idx3-ubyte", np.zeros((5, 28, 28)))
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.full(5, 12))
    with pytest.raises(DataError, match="label 12 outside"):
        load_dataset("mnist", tmp_path)


def test_test_only_directory_is_split_and_says_so(tmp_path, offline):
    write_split(tmp_path, "t10k", 50)
    first = load_dataset("mnist", tmp_path, held_out=10)
    again = load_dataset("mnist", tmp_path, held_out=10)
    assert (len(first.train_images), len(first.test_images)) == (40, 10)
    assert "only the test files" in first.note and "holding out the other 10" in first.note
    assert np.array_equal(first.test_images, again.test_images)  # deterministic
    everything = read_idx(tmp_path / "t10k-images-idx3-ubyte.gz")
    parts = np.concatenate([first.train_images, first.test_images])
    assert sorted(map(bytes, parts)) == sorted(map(bytes, everything))  # a partition of the 50


def test_missing_data_offline_says_what_and_how(tmp_path, offline):
    with pytest.raises(DataError) as caught:
        load_dataset("mnist", tmp_path / "nowhere")
    message = str(caught.value)
    assert "\n" not in message
    assert "no MNIST files found" in message and "download failed" in message
    assert "--data-dir" in message and str(cache_dir() / "MNIST" / "raw") in message
    assert "apt-get" not in message


def test_missing_fashion_mnist_suggests_the_debian_package(offline):
    with pytest.raises(DataError, match="apt-get install dataset-fashion-mnist"):
        load_dataset("fashion-mnist")


def test_download_off_is_said(tmp_path, offline):
    with pytest.raises(DataError, match="downloading is off"):
        load_dataset("kmnist", tmp_path, download=False)


def test_unknown_dataset():
    with pytest.raises(DataError, match="unknown dataset 'cifar'"):
        load_dataset("cifar")


@needs_mnist
def test_real_mnist_test_set_reads_exactly():
    images = read_idx(SHARED_MNIST / "t10k-images-idx3-ubyte.gz")
    labels = read_idx(SHARED_MNIST / "t10k-labels-idx1-ubyte.gz")
    assert images.shape == (10_000, 28, 28) and labels.shape == (10_000,)
    raw = gzip.decompress((SHARED_MNIST / "t10k-images-idx3-ubyte.gz").read_bytes())
    assert hashlib.md5(raw).hexdigest() == "2646ac647ad5339dbf082846283269ea"
    assert hashlib.md5(raw[:16] + images.tobytes()).hexdigest() == "2646ac647ad5339dbf082846283269ea"
    assert np.bincount(labels).tolist()[:2] == [980, 1135]


@needs_mnist
def test_real_mnist_split_is_8000_and_2000(offline):
    dataset = load_dataset("mnist", SHARED_MNIST)
    assert (len(dataset.train_images), len(dataset.test_images)) == (8000, 2000)
    labels = read_idx(SHARED_MNIST / "t10k-labels-idx1-ubyte.gz")
    together = np.bincount(np.concatenate([dataset.train_labels, dataset.test_labels]))
    assert np.array_equal(together, np.bincount(labels))
    assert "8,000 of its 10,000" in dataset.note


def test_preprocessing_is_totensor_then_normalize():
    torch = pytest.importorskip("torch")
    from playground.training.engine import preprocess

    images = np.arange(256 * 4, dtype=np.int64).astype(np.uint8)[:784].reshape(1, 28, 28)
    images = np.concatenate([images, np.arange(256, dtype=np.uint8).repeat(4)[:784].reshape(1, 28, 28)])
    x = preprocess(images, torch.device("cpu"))
    assert x.shape == (2, 784) and x.dtype == torch.float32
    expected = torch.from_numpy(images.reshape(2, 784)).float().div(255)
    expected = (expected - torch.tensor([0.5])) / torch.tensor([0.5])
    assert torch.equal(x, expected)
    assert float(x.min()) == -1.0 and float(x.max()) == 1.0
    assert float(x[1, 0]) == -1.0 and float(x[1, -1]) == pytest.approx(2 * 195 / 255 - 1)
