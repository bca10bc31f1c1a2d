"""Training speed: the seed's pipeline against ours, on the same data, in one run.

    .venv/bin/python bench/train.py [--data-dir DIR] [--dataset NAME] [--table]

* batch size 64, SGD momentum: seconds per epoch of the seed's pipeline
  (torchvision dataset, per-sample ToTensor + Normalize in a DataLoader,
  nn.Module, autograd, torch.optim), of ours, and of the matmul floor (the
  step's matrix products alone);
* batch size 1, plain SGD lr 1e-2: µs per step of the seed's pipeline, of an
  eager autograd loop on preloaded tensors, and of ours;
* ``--table``: the seed note's 8 experiments x 5 epochs, timed with ours.

Medians of ``--repeats`` measurements where cheap. It prints figures; it is
not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.optimizers import resolve  # noqa: E402
from playground.training import TrainingConfig, load_dataset, train_all  # noqa: E402
from playground.training.data import DATASETS  # noqa: E402
from playground.training.engine import preprocess  # noqa: E402
from playground.training.reference import reference_model  # noqa: E402

SEED_TABLE = [  # the seed note's experiments: (label, optimizer, hyperparameters, batch size)
    ("hand-written SGD, bs 1", "sgd", {"lr": 1e-2}, 1),
    ("hand-written SGD", "sgd", {"lr": 1e-2}, 64),
    ("momentum", "momentum", {"lr": 1e-2}, 64),
    ("hand-written Adagrad", "handwritten_adagrad", {"lr": 1e-2, "eps": 1e-10}, 64),
    ("Adagrad", "adagrad", {"lr": 1e-2}, 64),
    ("RMSprop", "rmsprop", {"lr": 1e-3, "alpha": 0.9}, 64),
    ("Adam", "adam", {"lr": 1e-3}, 64),
    ("Adadelta", "adadelta", {"rho": 0.9}, 64),
]


def seed_loader(dataset, batch_size: int, root: Path):
    """The seed's input pipeline: a torchvision dataset read from raw IDX files,
    a per-sample ToTensor + Normalize, a shuffling DataLoader."""
    from torchvision import datasets, transforms

    cls = getattr(datasets, DATASETS[dataset.name])
    raw = root / cls.__name__ / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for stem, array, code in (("train-images-idx3-ubyte", dataset.train_images, 3),
                              ("train-labels-idx1-ubyte", dataset.train_labels, 1),
                              ("t10k-images-idx3-ubyte", dataset.test_images, 3),
                              ("t10k-labels-idx1-ubyte", dataset.test_labels, 1)):
        header = bytes([0, 0, 8, code]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
        (raw / stem).write_bytes(header + np.ascontiguousarray(array).tobytes())
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    train_set = cls(str(root), train=True, transform=transform)
    return torch.utils.data.DataLoader(train_set, batch_size=batch_size, shuffle=True)


def seed_steps(loader, optimizer_factory, limit: int | None = None) -> tuple[float, int]:
    """The seed's loop over one epoch (or ``limit`` steps): seconds and steps."""
    model = reference_model(0)
    optimizer = optimizer_factory(model)
    loss_fn = torch.nn.CrossEntropyLoss()
    steps, total = 0, 0.0
    started = time.perf_counter()
    for images, labels in loader:
        loss = loss_fn(model(images.view(-1, 784)), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
        steps += 1
        if limit is not None and steps == limit:
            break
    return time.perf_counter() - started, steps


def eager_steps(x: torch.Tensor, y: torch.Tensor, count: int, batch_size: int = 1,
                optimizer_factory=None) -> float:
    """An autograd loop on preloaded tensors: seconds for ``count`` steps."""
    model = reference_model(0)
    optimizer = (optimizer_factory or (lambda m: torch.optim.SGD(m.parameters(), lr=1e-2)))(model)
    order = torch.from_numpy(np.random.default_rng(0).permutation(len(x)))
    batches = [order[k * batch_size:(k + 1) * batch_size] for k in range(count)]
    losses = []
    started = time.perf_counter()
    for index in batches:
        loss = torch.nn.functional.cross_entropy(model(x[index]), y[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())
    torch.stack(losses).tolist()
    return time.perf_counter() - started


def matmul_floor(count: int, batch_size: int = 64, hidden: int = 200) -> float:
    """Seconds for ``count`` steps' matrix products alone (forward and backward)."""
    x, dh_t = torch.randn(batch_size, 784), torch.randn(hidden, batch_size)
    w1, w2 = torch.randn(hidden, 784), torch.randn(10, hidden)
    h, z, dz = torch.empty(batch_size, hidden), torch.empty(batch_size, 10), torch.randn(batch_size, 10)
    gw1, gw2, dh_out = torch.empty(hidden, 784), torch.empty(10, hidden), torch.empty(hidden, batch_size)
    started = time.perf_counter()
    for _ in range(count):
        torch.mm(x, w1.t(), out=h)
        torch.mm(h, w2.t(), out=z)
        torch.mm(dz.t(), h, out=gw2)
        torch.mm(w2.t(), dz.t(), out=dh_out)
        torch.mm(dh_t, x, out=gw1)
    return time.perf_counter() - started


def ours(dataset, name: str, hyperparameters: dict, batch_size: int, epochs: int,
         max_steps: int | None = None, exact: bool = False) -> list[float]:
    """Our seconds per epoch (training only), one optimizer."""
    config = TrainingConfig(dataset=dataset.name, epochs=epochs, batch_size=batch_size,
                            max_steps=max_steps, exact=exact)
    result = train_all(config, [resolve(name, hyperparameters)], data=dataset)
    return [epoch["seconds"] for epoch in result.optimizers[0].epochs]


def median(values) -> float:
    return statistics.median(values)


def batch64(dataset, loader, repeats: int) -> None:
    steps = -(-len(dataset.train_images) // 64)
    momentum = lambda model: torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)  # noqa: E731
    x = preprocess(dataset.train_images, torch.device("cpu"))
    y = torch.from_numpy(dataset.train_labels.astype(np.int64))
    seed = median(seed_steps(loader, momentum)[0] for _ in range(max(1, repeats - 1)))
    eager = median(eager_steps(x, y, steps, 64, momentum) for _ in range(repeats))
    fast = median(ours(dataset, "momentum", {"lr": 1e-2}, 64, repeats))
    exact = median(ours(dataset, "momentum", {"lr": 1e-2}, 64, repeats, exact=True))
    floor = median(matmul_floor(steps) for _ in range(repeats))
    print(f"\nbatch size 64, SGD momentum, seconds per epoch ({steps} steps), "
          f"{torch.get_num_threads()} threads (median of {repeats}; the seed's of {max(1, repeats - 1)}):")
    print(f"  seed pipeline   {seed:7.3f} s")
    print(f"  eager autograd  {eager:7.3f} s   (preloaded tensors)")
    print(f"  ours            {fast:7.3f} s   {seed / fast:5.1f}x faster than the seed, "
          f"{eager / fast:4.1f}x than eager")
    print(f"  ours, exact     {exact:7.3f} s   (bit for bit the autograd loop's numbers)")
    print(f"  matmul floor    {floor:7.3f} s   ours is {fast / floor:4.2f}x the floor")


def batch1(dataset, loader, steps: int, repeats: int) -> None:
    """All three on one thread: small ops only lose by threading (ours picks it too)."""
    plain = lambda model: torch.optim.SGD(model.parameters(), lr=1e-2)  # noqa: E731
    x = preprocess(dataset.train_images, torch.device("cpu"))
    y = torch.from_numpy(dataset.train_labels.astype(np.int64))
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        seed = median(seed_steps(loader, plain, steps)[0] for _ in range(repeats)) / steps
        eager = median(eager_steps(x, y, steps) for _ in range(repeats)) / steps
    finally:
        torch.set_num_threads(threads)
    fast = median(ours(dataset, "sgd", {"lr": 1e-2}, 1, repeats, max_steps=steps)) / steps
    print(f"\nbatch size 1, plain SGD lr 1e-2, µs per step, 1 thread "
          f"(median of {repeats} x {steps} steps):")
    print(f"  seed pipeline   {seed * 1e6:7.1f} µs")
    print(f"  eager autograd  {eager * 1e6:7.1f} µs   (preloaded tensors)")
    print(f"  ours            {fast * 1e6:7.1f} µs   {seed / fast:5.1f}x faster than the seed, "
          f"{eager / fast:4.1f}x than eager")


def table(dataset) -> None:
    print(f"\nthe seed's table, {len(SEED_TABLE)} experiments x 5 epochs, ours "
          "(wall time, evaluation included):")
    started = time.perf_counter()
    for label, name, hyperparameters, batch_size in SEED_TABLE:
        began = time.perf_counter()
        config = TrainingConfig(dataset=dataset.name, epochs=5, batch_size=batch_size)
        result = train_all(config, [resolve(name, hyperparameters)], data=dataset)
        last = result.optimizers[0].epochs[-1]
        print(f"  {label:<24} bs {batch_size:<3} train loss {last['train_loss']:.4f}  "
              f"test accuracy {last['test_accuracy']:6.2%}  {time.perf_counter() - began:6.2f} s")
    print(f"  total {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="fashion-mnist", choices=list(DATASETS))
    parser.add_argument("--data-dir", default=None,
                        help="IDX directory (default: searched; Debian's Fashion-MNIST here)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=3000, help="steps timed at batch size 1")
    parser.add_argument("--table", action="store_true", help="also time the seed's whole table")
    args = parser.parse_args()
    dataset = load_dataset(args.dataset, args.data_dir, download=False)
    print(f"{dataset.title}: {len(dataset.train_images):,} training images from {dataset.source}; "
          f"torch {torch.__version__}")
    with tempfile.TemporaryDirectory() as root:
        batch64(dataset, seed_loader(dataset, 64, Path(root)), args.repeats)
        batch1(dataset, seed_loader(dataset, 1, Path(root)), args.steps, args.repeats)
    if args.table:
        table(dataset)


if __name__ == "__main__":
    main()
