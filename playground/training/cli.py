"""``playground train``: race optimizers on MNIST from the command line.

A rich progress bar while it runs, then a table per optimizer and a plotext
chart of the loss curves (log scale); ``--json OUT`` keeps the numbers.
Bad input is one line on stderr and exit status 2; Ctrl+C stops, still
shows and writes what was done, and exits with 130.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from ..jsonio import write_json_atomic
from ..optimizers import OptimizerConfig, resolve
from .config import TrainingConfig
from .data import DATASETS
from .events import Diverged, EpochEnd, LrChanged, Progress, Started, TrainingResult
from .loop import train

DEFAULT_OPTIMIZERS = "sgd:lr=0.01,momentum:lr=0.01,adam"
_OPTIMIZERS_HELP = (
    "comma-separated optimizers, each a registry name (sgd, momentum, adagrad, "
    "handwritten_adagrad, rmsprop, adam, adadelta...) or a torch.optim import path, "
    "optionally followed by ':KEY=VALUE' settings, e.g. "
    "'sgd:lr=0.01,momentum:lr=0.01,adam:betas=(0.9,0.99),torch.optim.Rprop' "
    f"(default: {DEFAULT_OPTIMIZERS})"
)
_CHART_POINTS = 400


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``playground train`` (values are checked by ``train_main``)."""
    add = parser.add_argument
    add("--dataset", default="mnist", metavar="NAME", help=f"{', '.join(DATASETS)} (default: mnist)")
    add("--data-dir", metavar="DIR",
        help="directory with the IDX files (.gz or not), or a torchvision root with <Class>/raw/; "
             "otherwise the cache ($XDG_CACHE_HOME/playground/datasets) and, for fashion-mnist, "
             "/usr/share/datasets/fashion-mnist are searched, then a download is tried")
    add("--optimizers", default=DEFAULT_OPTIMIZERS, metavar="SPEC", help=_OPTIMIZERS_HELP)
    add("--lr", metavar="LR",
        help="learning rate for every optimizer (one given in --optimizers still wins)")
    add("--epochs", default="5", metavar="N", help="passes over the training set (default: 5)")
    add("--batch-size", default="64", metavar="B", help="samples per step (default: 64)")
    add("--seed", default="0", metavar="S", help="seeds the initial weights and batch order (default: 0)")
    add("--max-steps", metavar="N", help="at most N steps per epoch, for a brief run")
    add("--sample-every", default="30", metavar="N", help="loss curve keeps every N-th step (default: 30)")
    add("--device", default="auto", help="auto (CUDA, MPS, else CPU), cpu, cuda, mps (default: auto)")
    add("--exact", action="store_true",
        help="torch.optim's default implementations, no fused kernels: the numbers of a plain "
             "autograd loop bit for bit, somewhat slower")
    add("--json", metavar="OUT", help="write hyperparameters, per-epoch results and loss curves here")


def train_main(args: argparse.Namespace) -> int:
    """Run ``playground train``; returns the exit status."""
    from rich.console import Console

    try:
        config = config_from_args(args)
        optimizers = parse_optimizers(args.optimizers, _number(args.lr, "--lr") if args.lr else None)
        json_path = _output_path(args.json)
    except ValueError as error:
        return _fail(error)
    console = Console(highlight=False)
    run = train(config, optimizers)
    interrupted = False
    try:
        _follow(run, console)
    except ValueError as error:  # DataError too
        return _fail(error)
    except KeyboardInterrupt:
        interrupted = True
        console.print("[yellow]stopped: showing and keeping what was done[/]")
    show_result(run.result, console)
    if json_path is not None:
        write_json_atomic(json_path, run.result.to_json())
        console.print(f"wrote {json_path}")
    return 130 if interrupted else 0


def config_from_args(args: argparse.Namespace) -> TrainingConfig:
    return TrainingConfig(
        dataset=args.dataset, data_dir=args.data_dir,
        epochs=_whole(args.epochs, "--epochs"), batch_size=_whole(args.batch_size, "--batch-size"),
        seed=_whole(args.seed, "--seed"),
        max_steps=_whole(args.max_steps, "--max-steps") if args.max_steps is not None else None,
        sample_every=_whole(args.sample_every, "--sample-every"), device=args.device,
        exact=bool(getattr(args, "exact", False)),
    )


def parse_optimizers(spec: str, lr: float | None = None) -> list[OptimizerConfig]:
    """``'sgd:lr=0.01,adam:betas=(0.9,0.99)'`` -> configs; ``lr`` fills every
    optimizer's learning rate that the spec leaves unset."""
    items = [item.strip() for item in _split_outside_brackets(spec, ",")]
    if not any(items):
        raise ValueError("--optimizers names no optimizer")
    configs = []
    for item in items:
        name, *settings = _split_outside_brackets(item, ":")
        values = {}
        for setting in settings:
            key, equals, text = setting.partition("=")
            if not equals or not key.strip():
                raise ValueError(f"--optimizers: {item!r}: expected KEY=VALUE, got {setting!r}")
            values[key.strip()] = parse_value(text.strip())
        if lr is not None and "lr" not in values:
            values["lr"] = lr
        configs.append(resolve(name.strip(), values))
    return configs


def parse_value(text: str):
    """``true``/``false``, an int, a float, or ``(a,b)`` / ``[a,b]``: a tuple."""
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if text[:1] in "([" and text[-1:] in ")]":
        return tuple(parse_value(part.strip()) for part in text[1:-1].split(",") if part.strip())
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _split_outside_brackets(text: str, separator: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        depth += (char in "([") - (char in ")]")
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    return parts + ["".join(current)]


def _whole(text: str, option: str) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        raise ValueError(f"{option} must be a whole number, got {text!r}") from None


def _number(text: str, option: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{option} must be a non-negative number, got {text!r}")
    return value


def _output_path(text: str | None) -> Path | None:
    if text is None:
        return None
    path = Path(text)
    if not path.parent.is_dir():
        raise ValueError(f"--json: directory {str(path.parent)!r} does not exist")
    return path


def _fail(error: Exception) -> int:
    message = " ".join(str(error).split())
    print(f"playground train: error: {message}", file=sys.stderr)
    return 2


def _follow(run, console) -> None:
    """Iterate ``run`` with a progress bar; epoch lines print above it."""
    from rich.progress import BarColumn, Progress as Bar, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description:<20}"), BarColumn(), TextColumn("{task.fields[info]}"),
               TimeRemainingColumn())
    with Bar(*columns, console=console, transient=True) as bar:
        tasks, steps = [], 1
        for event in run:
            if isinstance(event, Started):
                steps = event.steps_per_epoch
                console.print(f"{event.dataset} from {event.source}: {event.train_size:,} training, "
                              f"{event.test_size:,} held-out images on {event.device}")
                if event.note:
                    console.print(f"[yellow]{event.note}[/]")
                tasks = [bar.add_task(label, total=steps * event.epochs, info="")
                         for label in event.labels]
            elif isinstance(event, Progress):
                bar.update(tasks[event.index], completed=(event.epoch - 1) * steps + event.epoch_step,
                           info=f"epoch {event.epoch}  loss {event.loss:.4f}  "
                                f"{event.samples_per_s:,.0f} samples/s")
            elif isinstance(event, EpochEnd):
                console.print(f"{event.label}: epoch {event.epoch}  train loss {event.train_loss:.4f}  "
                              f"test loss {event.test_loss:.4f}  accuracy {event.test_accuracy:.2%}  "
                              f"{event.seconds:.2f} s")
            elif isinstance(event, Diverged):
                console.print(f"[red]{event.label}: diverged at step {event.step} (loss not finite)[/]")
                bar.update(tasks[event.index], info="[red]diverged[/]")
            elif isinstance(event, LrChanged):
                console.print(f"{event.label}: lr {event.lr:g} from step {event.step}")


def show_result(result: TrainingResult, console, chart: bool = True) -> None:
    """A table per optimizer, then (unless ``chart`` is False) the loss curves on a log scale."""
    from rich.table import Table

    for optimizer in result.optimizers:
        settings = ", ".join(f"{k}={v}" for k, v in optimizer.hyperparameters.items())
        table = Table(title=f"{optimizer.label}  ({settings})", title_justify="left")
        for column in ("epoch", "train loss", "test loss", "test accuracy", "seconds"):
            table.add_column(column, justify="right")
        for row in optimizer.epochs:
            table.add_row(str(row["epoch"]), f"{row['train_loss']:.4f}", f"{row['test_loss']:.4f}",
                          f"{row['test_accuracy']:.2%}", f"{row['seconds']:.2f}")
        if optimizer.diverged_at is not None:
            table.caption = f"diverged at step {optimizer.diverged_at}"
        elif optimizer.stopped:
            table.caption = f"stopped after {optimizer.steps} steps"
        console.print(table)
    drawn = loss_chart(result, width=min(console.width, 110), color=console.is_terminal) if chart else ""
    if drawn:
        console.print(drawn, markup=False, highlight=False, soft_wrap=True)


def loss_chart(result: TrainingResult, width: int = 100, height: int = 22, color: bool = True) -> str:
    """The sampled loss curves as a plotext chart (log y), '' when there are none."""
    import plotext as plt

    from ..render import decade_ticks

    curves = [(o.label, o.curve_steps, o.curve_losses) for o in result.optimizers if o.curve_steps]
    if not curves:
        return ""
    plt.clear_figure()
    for label, steps, losses in curves:
        stride = max(1, math.ceil(len(steps) / _CHART_POINTS))  # plotext is slow on long series
        plt.plot(steps[::stride], losses[::stride], label=label)
    plt.yscale("log")
    plt.yticks(*decade_ticks([v for _, _, losses in curves for v in losses if v is not None]))
    plt.xlabel("step")
    plt.title(f"training loss, every {result.config.sample_every} steps (log scale)")
    plt.plotsize(width, height)
    chart = plt.build()
    return chart if color else plt.uncolorize(chart)
