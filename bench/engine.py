"""The 2-D engine against torch.optim doing the same work, side by side.

    python bench/engine.py [--repeats 7]

1. A race: 8 optimizers × 1000 steps from one start on the ravine
   (target ≤ 15 ms), ours (Python floats) against torch.optim on a (2,)
   float64 tensor with the same analytic gradient written into ``.grad``.
2. A sweep: lr × momentum, 100 × 100 settings, 500 steps on the ravine
   (target ≤ 150 ms), ours (one numpy run of 10,000 points) against torch.optim
   with one parameter group per setting — measured on a 10 × 10 grid, which is
   already slow in torch, and scaled by 100 (stated as such).
Medians of ``--repeats`` runs; the ratios compare the two in this same run.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import torch

from playground.optimizers import resolve
from playground.surfaces import make_surface
from playground.sweep import hyperparameter_sweep
from playground.trajectory import run

RACE = [("sgd", {"lr": 0.01}), ("momentum", {"lr": 0.01}), ("nesterov", {"lr": 0.01}),
        ("adagrad", {"lr": 0.5}), ("rmsprop", {"lr": 0.05}), ("adam", {"lr": 0.1}),
        ("adamax", {"lr": 0.1}), ("nadam", {"lr": 0.1})]


def median_seconds(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def torch_race(surface, configs, steps: int) -> None:
    for config in configs:
        parameter = torch.tensor(surface.start, dtype=torch.float64)
        optimizer = getattr(torch.optim, config.rule.torch_class)([parameter], **config.hyperparameters)
        for _ in range(steps):
            x, y = parameter.tolist()
            parameter.grad = torch.tensor(surface.gradient(x, y), dtype=torch.float64)
            optimizer.step()


def torch_sweep(surface, lrs, momenta, steps: int) -> None:
    parameters = [torch.tensor(surface.start, dtype=torch.float64) for _ in range(len(lrs) * len(momenta))]
    groups = [{"params": [p], "lr": lr, "momentum": m}
              for p, (lr, m) in zip(parameters, [(lr, m) for m in momenta for lr in lrs])]
    optimizer = torch.optim.SGD(groups)
    for _ in range(steps):
        for parameter in parameters:
            x, y = parameter.tolist()
            parameter.grad = torch.tensor(surface.gradient(x, y), dtype=torch.float64)
        optimizer.step()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    torch.set_num_threads(1)
    surface = make_surface("ravine")
    configs = [resolve(name, values) for name, values in RACE]
    momentum = resolve("momentum", {"lr": 0.01})

    ours = median_seconds(lambda: run(surface, configs, surface.start, 1000), args.repeats)
    theirs = median_seconds(lambda: torch_race(surface, configs, 1000), max(args.repeats // 2, 2))
    print(f"race, 8 optimizers × 1000 steps:   ours {1e3 * ours:8.1f} ms   torch.optim {1e3 * theirs:8.1f} ms"
          f"   torch/ours {theirs / ours:6.1f}×   (target ≤ 15 ms)")

    def sweep(count):
        lrs, momenta = np.geomspace(1e-4, 1.0, count), np.linspace(0.0, 0.99, count)
        return lambda: hyperparameter_sweep(surface, momentum, surface.start, 500, "lr", lrs, "momentum", momenta)

    ours_full = median_seconds(sweep(100), args.repeats)
    ours_small = median_seconds(sweep(10), args.repeats)
    lrs, momenta = np.geomspace(1e-4, 1.0, 10), np.linspace(0.0, 0.99, 10)
    theirs_small = median_seconds(lambda: torch_sweep(surface, lrs, momenta, 500), 2)
    print(f"sweep lr × momentum, 100 × 100, 500 steps: ours {1e3 * ours_full:8.1f} ms   "
          f"torch.optim ≈ {theirs_small * 100:8.1f} s (10 × 10 measured: {theirs_small:.2f} s, × 100)"
          f"   torch/ours ≈ {theirs_small * 100 / ours_full:,.0f}×   (target ≤ 150 ms)")
    print(f"sweep 10 × 10, 500 steps, measured both: ours {1e3 * ours_small:6.1f} ms   "
          f"torch.optim {1e3 * theirs_small:8.1f} ms   torch/ours {theirs_small / ours_small:,.0f}×")


if __name__ == "__main__":
    main()
