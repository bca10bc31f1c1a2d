"""``playground train``: options, JSON output, errors as one line and exit 2, Ctrl+C."""

from __future__ import annotations

import argparse
import json
import urllib.error
from pathlib import Path

import pytest

from playground.training import cli, data
from playground.training.cli import add_train_arguments, parse_optimizers, train_main

SHARED_MNIST = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mnist"
needs_mnist = pytest.mark.skipif(not SHARED_MNIST.is_dir(), reason="../shared/data/mnist is missing")


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="playground train")
    add_train_arguments(parser)
    return parser.parse_args(argv)


@pytest.fixture
def offline(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def fail(name, root):
        raise urllib.error.URLError("offline")

    monkeypatch.setattr(data, "_download", fail)


def test_optimizer_syntax():
    configs = parse_optimizers("sgd:lr=0.01, adam:betas=(0.9,0.99):amsgrad=true,torch.optim.Rprop")
    assert [c.name for c in configs] == ["sgd", "adam", "torch.optim.Rprop"]
    assert configs[0].hyperparameters["lr"] == 0.01
    assert configs[1].hyperparameters["betas"] == (0.9, 0.99) and configs[1].hyperparameters["amsgrad"]


def test_lr_fills_every_optimizer_unless_given_there():
    configs = parse_optimizers("sgd,adam:lr=0.002,adadelta", lr=0.05)
    assert [c.hyperparameters["lr"] for c in configs] == [0.05, 0.002, 0.05]


@needs_mnist
def test_train_writes_the_json(tmp_path, capsys, offline):
    out = tmp_path / "run.json"
    status = train_main(parse("--data-dir", str(SHARED_MNIST), "--optimizers", "sgd:lr=0.05,adam",
                              "--epochs", "2", "--max-steps", "40", "--json", str(out)))
    assert status == 0
    document = json.loads(out.read_text())
    assert [o["label"] for o in document["optimizers"]] == ["sgd", "adam"]
    sgd = document["optimizers"][0]
    assert sgd["hyperparameters"]["lr"] == 0.05 and len(sgd["epochs"]) == 2
    assert set(sgd["epochs"][1]) == {"epoch", "train_loss", "test_loss", "test_accuracy", "seconds"}
    assert sgd["curve"]["steps"] == [1, 31, 61] and sgd["steps"] == 80
    assert document["config"]["max_steps"] == 40 and not document["stopped"]
    shown = capsys.readouterr().out
    assert "holding out the other 2,000" in shown and "test accuracy" in shown
    assert "training loss" in shown and "\x1b[" not in shown  # the chart, colourless off a terminal
    assert not list(tmp_path.glob(".*tmp"))


@pytest.mark.parametrize("argv, words", [
    (("--optimizers", "sgd,nope"), "unknown optimizer 'nope'"),
    (("--lr", "fast"), "--lr must be a non-negative number, got 'fast'"),
    (("--lr", "-1"), "--lr must be a non-negative number"),
    (("--optimizers", "adam:lr=-1"), "Invalid learning rate"),
    (("--optimizers", "adam:lr"), "expected KEY=VALUE"),
    (("--epochs", "two"), "--epochs must be a whole number"),
    (("--batch-size", "0"), "batch_size must be at least 1"),
    (("--dataset", "cifar"), "dataset must be one of"),
    (("--json", "/no/such/dir/out.json"), "does not exist"),
    (("--device", "gpu-please"), "unknown device"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, words, offline, tmp_path):
    status = train_main(parse("--data-dir", str(SHARED_MNIST), "--max-steps", "1", *argv))
    err = capsys.readouterr().err
    assert status == 2 and words in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_missing_data_is_exit_2_with_the_ways_to_provide_it(capsys, offline, tmp_path):
    status = train_main(parse("--data-dir", str(tmp_path / "empty"), "--dataset", "kmnist"))
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1
    assert "no Kuzushiji-MNIST files found" in err and "--data-dir" in err


@needs_mnist
def test_ctrl_c_still_writes_what_was_done(tmp_path, monkeypatch, offline):
    real_train = cli.train

    class Interrupted:
        def __init__(self, *args):
            self.run = real_train(*args)
            self.result = self.run.result

        def __iter__(self):
            for event in self.run:
                yield event
                if type(event).__name__ == "EpochEnd":
                    raise KeyboardInterrupt

    monkeypatch.setattr(cli, "train", Interrupted)
    out = tmp_path / "partial.json"
    status = train_main(parse("--data-dir", str(SHARED_MNIST), "--optimizers", "adam",
                              "--epochs", "3", "--max-steps", "20", "--json", str(out)))
    document = json.loads(out.read_text())
    assert status == 130 and document["stopped"]
    assert len(document["optimizers"][0]["epochs"]) == 1 and document["optimizers"][0]["stopped"]
