"""The fast training loop against the plain autograd loop, and its behaviour:
fairness, divergence, stopping, learning-rate changes, results."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from playground.optimizers import resolve
from playground.training import (Diverged, EpochEnd, Finished, LrChanged, Progress, Started,
                                 TrainingConfig, batch_order, load_dataset, train, train_all)

torch = pytest.importorskip("torch")

from playground.training import engine  # noqa: E402  (after torch is known to be there)
from playground.training.reference import (reference_model, reference_optimizer,  # noqa: E402
                                           reference_steps)

SHARED_MNIST = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mnist"
pytestmark = pytest.mark.skipif(not SHARED_MNIST.is_dir(), reason="../shared/data/mnist is missing")

EQUIVALENCE = [
    ("sgd", {"lr": 1e-2}),
    ("momentum", {"lr": 1e-2}),
    ("adagrad", {"lr": 1e-2}),
    ("handwritten_adagrad", {"lr": 1e-2}),
    ("rmsprop", {"lr": 1e-3, "alpha": 0.9}),
    ("adam", {"lr": 1e-3}),
    ("adadelta", {"rho": 0.9}),
]


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """Two OpenMP threads crawl when other processes hold the cores: tests use one."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def digits():
    return load_dataset("mnist", SHARED_MNIST, download=False)


@pytest.fixture(scope="module")
def tensors(digits):
    x = engine.preprocess(digits.train_images, torch.device("cpu"))
    return x, torch.from_numpy(digits.train_labels.astype(np.int64))


def run_to_end(config, optimizers, data):
    run = train(config, optimizers, data=data)
    events = list(run)
    return run, events


def test_initial_weights_are_nn_linear_from_the_seed():
    for seed in (0, 7):
        model = reference_model(seed)
        flat = engine.initial_parameters(seed, 200)
        assert all(torch.equal(a, b) for a, b in zip(model.parameters(), engine.views(flat, 200)))


def reference_run(optimizer, tensors, batch_size, steps, epochs=2):
    """The plain autograd loop over the batches our run takes: model and losses."""
    x, y = tensors
    batches = [torch.from_numpy(order[k * batch_size:(k + 1) * batch_size])
               for order in (batch_order(len(x), 0, epoch) for epoch in range(1, epochs + 1))
               for k in range(steps)]
    model = reference_model(0)
    return model, reference_steps(model, reference_optimizer(optimizer, model), x, y, batches)


@pytest.mark.parametrize("batch_size, steps", [(64, 125), (1, 300)])
def test_fast_path_equals_the_autograd_loop(digits, tensors, batch_size, steps):
    """Same batches through nn.Module + backward() + torch.optim: same numbers,
    to float32 rounding (fused kernels round differently)."""
    optimizers = [resolve(name, dict(h)) for name, h in EQUIVALENCE]
    if batch_size == 1:  # lr 1e-2 with momentum is chaotic at batch size 1: rounding would grow
        optimizers[1] = resolve("momentum", {"lr": 1e-3})
    config = TrainingConfig(epochs=2, batch_size=batch_size, max_steps=steps, sample_every=1,
                            chunk_steps=45, device="cpu")
    run, _ = run_to_end(config, optimizers, digits)
    for index, (optimizer, result) in enumerate(zip(optimizers, run.result.optimizers)):
        model, losses = reference_run(optimizer, tensors, batch_size, steps)
        assert result.curve_steps == list(range(1, 2 * steps + 1))
        np.testing.assert_allclose(result.curve_losses, losses, rtol=2e-5, atol=2e-6,
                                   err_msg=optimizer.name)
        ours = run.state_dict(index)
        for key, value in model.state_dict().items():
            torch.testing.assert_close(ours[key], value, rtol=1e-4, atol=2e-6,
                                       msg=lambda m: f"{optimizer.name} {key}: {m}")


@pytest.mark.parametrize("batch_size, steps", [(64, 100), (1, 200)])
def test_exact_mode_equals_the_autograd_loop_bit_for_bit(digits, tensors, batch_size, steps):
    optimizers = [resolve(name, dict(h)) for name, h in EQUIVALENCE]
    config = TrainingConfig(epochs=2, batch_size=batch_size, max_steps=steps, sample_every=1,
                            device="cpu", exact=True)
    run, _ = run_to_end(config, optimizers, digits)
    for index, optimizer in enumerate(optimizers):
        model, losses = reference_run(optimizer, tensors, batch_size, steps)
        ours = run.state_dict(index)
        assert all(torch.equal(ours[key], value) for key, value in model.state_dict().items()), \
            optimizer.name
        # the loss is read as a dot product, not nll_loss's mean: rounding may differ
        np.testing.assert_allclose(run.result.optimizers[index].curve_losses, losses, rtol=1e-6)


def test_a_short_last_batch_matches_too(digits, tensors):
    optimizers = [resolve("adam"), resolve("sgd", {"lr": 0.05})]
    config = TrainingConfig(epochs=1, batch_size=96, device="cpu")  # 8000 = 83 * 96 + 32
    run, _ = run_to_end(config, optimizers, digits)
    for index, optimizer in enumerate(optimizers):
        model, losses = reference_run(optimizer, tensors, 96, 84, epochs=1)
        assert run.result.optimizers[index].epochs[0]["train_loss"] == pytest.approx(
            np.mean(losses), rel=1e-5)
        torch.testing.assert_close(run.state_dict(index)["0.weight"], model[0].weight.detach(),
                                   rtol=1e-4, atol=2e-6)


def test_optimizers_start_equal_and_see_the_same_batches(digits):
    optimizers = [resolve("sgd", {"lr": 0.01}), resolve("adam"), resolve("sgd", {"lr": 0.01})]
    config = TrainingConfig(epochs=2, max_steps=40, chunk_steps=7, sample_every=1)
    run, events = run_to_end(config, optimizers, digits)
    first, adam, twin = run.result.optimizers
    assert first.curve_losses[0] == adam.curve_losses[0] == twin.curve_losses[0]
    assert first.curve_losses == twin.curve_losses  # same start, same batches, same rule
    assert [first.label, twin.label] == ["sgd (lr=0.01)", "sgd (lr=0.01) #2"]
    progress = [e.index for e in events if isinstance(e, Progress)]
    assert progress[:6] == [0, 1, 2, 0, 1, 2]  # turns, so curves advance together
    assert not np.array_equal(batch_order(100, 0, 1), batch_order(100, 0, 2))
    assert np.array_equal(batch_order(100, 3, 1), batch_order(100, 3, 1))


def test_divergence_stops_one_optimizer_and_not_the_others(digits):
    optimizers = [resolve("sgd", {"lr": 1e8}), resolve("adam")]
    config = TrainingConfig(epochs=2, max_steps=30)
    run, events = run_to_end(config, optimizers, digits)
    blown, fine = run.result.optimizers
    diverged = [e for e in events if isinstance(e, Diverged)]
    assert len(diverged) == 1 and diverged[0].index == 0 and diverged[0].step == blown.diverged_at
    assert blown.diverged_at is not None and blown.steps == blown.diverged_at - 1
    assert blown.epochs == [] and all(np.isfinite(blown.curve_losses))
    assert fine.diverged_at is None and len(fine.epochs) == 2 and fine.steps == 60
    assert isinstance(events[-1], Finished) and not events[-1].stopped
    assert json.dumps(run.result.to_json(), allow_nan=False)


def test_stop_between_steps(digits):
    config = TrainingConfig(epochs=3, max_steps=100, chunk_steps=10)
    run = train(config, [resolve("sgd", {"lr": 0.01}), resolve("adam")], data=digits)
    events = []
    for event in run:
        events.append(event)
        if isinstance(event, Progress) and event.index == 1:
            run.stop()
    assert isinstance(events[-1], Finished) and events[-1].stopped
    assert run.result.stopped and all(o.stopped for o in run.result.optimizers)
    assert [o.steps for o in run.result.optimizers] == [10, 10]


def test_stop_from_another_thread_and_should_stop(digits):
    """As the app does it: the run iterates in a worker, stop() comes from outside."""
    config = TrainingConfig(epochs=50, batch_size=1, chunk_steps=100_000)
    run = train(config, [resolve("sgd", {"lr": 0.01})], data=digits)
    events, started = [], threading.Event()

    def work():
        for event in run:
            events.append(event)
            started.set()

    worker = threading.Thread(target=work)
    worker.start()
    assert started.wait(60)
    run.stop()
    worker.join(60)
    assert not worker.is_alive() and events[-1].stopped
    assert run.result.optimizers[0].steps < 8000  # within the epoch's one chunk, between steps
    calls = []
    result = train_all(TrainingConfig(epochs=5, max_steps=5), [resolve("adam")], data=digits,
                       on_event=calls.append, should_stop=lambda: len(calls) >= 3)
    assert result.stopped and result.optimizers[0].steps == 5
    assert isinstance(calls[-1], Finished)


def test_leaving_the_loop_marks_the_result_stopped(digits):
    run = train(TrainingConfig(epochs=2, max_steps=20), [resolve("adam")], data=digits)
    for event in run:
        if isinstance(event, EpochEnd):
            break
    assert run.result.stopped and run.result.optimizers[0].stopped
    assert len(run.result.optimizers[0].epochs) == 1


def test_set_lr_takes_effect_at_the_next_step_and_is_recorded(digits):
    config = TrainingConfig(epochs=1, max_steps=40, chunk_steps=10, sample_every=1)
    run = train(config, [resolve("sgd", {"lr": 0.05}), resolve("adam")], data=digits)
    before = None
    changes = []
    for event in run:
        if isinstance(event, Progress) and event.index == 0 and event.step == 20:
            run.set_lr(0, 0.0)
            run.set_lr(1, 3e-4)
            before = run.state_dict(0)
        changes += [event] if isinstance(event, LrChanged) else []
    # adam had taken 10 steps when sgd reached 20: each changes at its own next step
    assert [(c.index, c.step, c.lr) for c in changes] == [(1, 11, 3e-4), (0, 21, 0.0)]
    after = run.state_dict(0)
    assert all(torch.equal(before[k], after[k]) for k in before)  # lr 0: frozen from step 21
    sgd, adam = run.result.optimizers
    assert sgd.lr_changes == [{"step": 21, "lr": 0.0}] and adam.lr_changes == [{"step": 11, "lr": 3e-4}]
    with pytest.raises(ValueError, match="Invalid learning rate"):
        run.set_lr(0, -1.0)
    with pytest.raises(IndexError):
        run.set_lr(5, 0.1)


def test_batch_size_one_learns(digits):
    config = TrainingConfig(epochs=1, batch_size=1, max_steps=3000, device="cpu")
    result = train_all(config, [resolve("sgd", {"lr": 0.01}), resolve("handwritten_adagrad")],
                       data=digits)
    for optimizer in result.optimizers:
        assert optimizer.steps == 3000 and optimizer.epochs[0]["test_accuracy"] > 0.8
        assert optimizer.curve_steps[:3] == [1, 31, 61]


def test_devices():
    assert engine.pick_device("cpu") == torch.device("cpu")
    expected = "cuda" if torch.cuda.is_available() else None
    assert engine.pick_device("auto").type in {expected, "mps", "cpu"} - {None}
    with pytest.raises(ValueError, match="unknown device"):
        engine.pick_device("gpu-please")
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="not available"):
            engine.pick_device("cuda")


def test_result_and_json_shape(digits):
    config = TrainingConfig(epochs=2, max_steps=31, device="cpu")
    run, events = run_to_end(config, [resolve("momentum", {"lr": 0.01}),
                                      resolve("torch.optim.Rprop")], data=digits)
    assert isinstance(events[0], Started) and events[0].note and events[0].device == "cpu"
    assert events[0].labels == ("momentum", "Rprop") and events[0].steps_per_epoch == 31
    document = json.loads(json.dumps(run.result.to_json(), allow_nan=False))
    assert document["device"] == "cpu" and document["dataset"]["train_size"] == 8000
    first = document["optimizers"][0]
    assert first["hyperparameters"]["momentum"] == 0.9 and first["name"] == "momentum"
    assert [e["epoch"] for e in first["epochs"]] == [1, 2]
    assert set(first["epochs"][0]) == {"epoch", "train_loss", "test_loss", "test_accuracy", "seconds"}
    assert first["curve"]["steps"] == [1, 31, 61] and len(first["curve"]["losses"]) == 3
    assert first["diverged_at"] is None and first["stopped"] is False
    assert document["optimizers"][1]["hyperparameters"]["etas"] == [0.5, 1.2]


def test_training_modules_do_not_import_torch_or_textual():
    code = ("import sys, playground.training, playground.training.cli; "
            "print('torch' in sys.modules, 'torchvision' in sys.modules, 'textual' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.split() == ["False", "False", "False"]
