"""The training loop as a generator of events, several optimizers side by side.

Fair by construction: every optimizer starts from the same weights (drawn
from the seed as ``nn.Linear`` would) and sees the same batches in the same
order (one permutation per epoch, from the seed and the epoch). Optimizers
take turns, a chunk of steps each, so live curves advance together.

    run = train(config, [resolve("sgd", {"lr": 0.01}), resolve("adam")])
    for event in run:          # Started, Progress, EpochEnd, Diverged, LrChanged, Finished
        ...                    # run.stop() / run.set_lr(1, 3e-4) from any thread
    run.result                 # TrainingResult, also after a stop or Ctrl+C

torch is imported when iteration starts, not before: building a run is free.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

import numpy as np

from ..optimizers import OptimizerConfig
from .config import TrainingConfig
from .data import Dataset, load_dataset
from .events import (Diverged, EpochEnd, Event, Finished, LrChanged, OptimizerResult, Progress,
                     Started, TrainingResult)

_SAMPLES_PER_CHUNK = 2048


def batch_order(count: int, seed: int, epoch: int) -> np.ndarray:
    """The permutation of the training set that every optimizer follows in ``epoch``."""
    return np.random.default_rng((seed, epoch)).permutation(count)


def unique_labels(optimizers: Sequence[OptimizerConfig]) -> list[str]:
    """Each optimizer's label, made distinct with its settings (then a number)."""
    given = [config.label for config in optimizers]
    labels = [f"{config.label} ({config.describe()})" if given.count(config.label) > 1 else config.label
              for config in optimizers]
    unique = []
    for label in labels:
        unique.append(f"{label} #{labels[:len(unique)].count(label) + 1}"
                      if label in labels[:len(unique)] else label)
    return unique


@dataclass
class _Member:
    """One optimizer in the race and its running state."""

    index: int
    result: OptimizerResult
    model: object
    update: object
    losses: object  # a chunk's losses, a torch tensor
    slots: list  # its elements as 0-d views, for the steps to write into
    t: int = 0
    epoch_loss: float = 0.0
    epoch_steps: int = 0
    epoch_seconds: float = 0.0
    active: bool = True


class TrainingRun:
    """One training session; iterate it once for its events.

    ``stop()`` and ``set_lr()`` may be called from any thread; both act
    between two steps. Leaving the loop early (``break``, Ctrl+C) also ends it:
    ``result`` always holds what was done.
    """

    def __init__(self, config: TrainingConfig, optimizers: Sequence[OptimizerConfig],
                 data: Dataset | None = None):
        if not optimizers:
            raise ValueError("no optimizers to train")
        self.config = config
        self.optimizers = list(optimizers)
        labels = unique_labels(self.optimizers)
        self.result = TrainingResult(config, [
            OptimizerResult(label, opt.name, dict(opt.hyperparameters))
            for label, opt in zip(labels, self.optimizers)
        ])
        self._data = data
        self._lock = threading.Lock()
        self._pending_lr: dict[int, float] = {}
        self._stop = threading.Event()
        self._attention = False  # read every step: stop or lr change waiting
        self._started = False
        self._count = 0
        self._finished = False
        self._members: list[_Member] = []

    @property
    def labels(self) -> list[str]:
        return [result.label for result in self.result.optimizers]

    def stop(self) -> None:
        """End the run after the current step; a ``Finished(stopped=True)`` follows."""
        with self._lock:
            self._stop.set()
            self._attention = True

    def set_lr(self, index: int, lr: float) -> None:
        """Give optimizer ``index`` learning rate ``lr`` from its next step on
        (announced by ``LrChanged``, kept in ``result``); a diverged one stays stopped."""
        if not 0 <= index < len(self.optimizers):
            raise IndexError(f"no optimizer {index} (there are {len(self.optimizers)})")
        if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr >= 0):
            raise ValueError(f"Invalid learning rate: {lr}")
        if self.result.optimizers[index].diverged_at is not None:
            return
        with self._lock:
            self._pending_lr[index] = float(lr)
            self._attention = True

    def state_dict(self, index: int) -> dict:
        """Optimizer ``index``'s current weights as ``nn.Sequential(Linear, ReLU,
        Linear).state_dict()`` would name them (copies, on the CPU)."""
        if not self._members:
            raise RuntimeError("the run has not started: no weights yet")
        return self._members[index].model.weights()

    def __iter__(self) -> Iterator[Event]:
        if self._started:
            raise RuntimeError("a TrainingRun can be iterated only once")
        self._started = True
        return self._events()

    def _events(self) -> Iterator[Event]:
        import torch

        threads = torch.get_num_threads()
        wanted = self.config.threads or (1 if self.config.batch_size < 16 else threads)
        torch.set_num_threads(wanted)
        try:
            yield from self._train(torch)
        finally:  # also on Ctrl+C inside a step, or a consumer that stopped iterating
            torch.set_num_threads(threads)
            if not self._finished:
                self._mark_stopped()

    def _train(self, torch) -> Iterator[Event]:
        from . import engine
        from .updates import make_update

        config = self.config
        device = engine.pick_device(config.device)
        dataset = self._data or load_dataset(config.dataset, config.data_dir,
                                             download=config.download, held_out=config.held_out)
        data = engine.DeviceData(dataset, device, config.batch_size)
        count = self._count = len(data.train_x)
        steps = math.ceil(count / config.batch_size)
        if config.max_steps is not None:
            steps = min(steps, config.max_steps)
        chunk = config.chunk_steps or max(1, _SAMPLES_PER_CHUNK // config.batch_size)
        self.result.device = str(device)
        self.result.dataset = {"name": dataset.name, "source": dataset.source, "note": dataset.note,
                               "train_size": count, "test_size": len(data.test_x)}
        initial = engine.initial_parameters(config.seed, config.hidden)
        members = self._members
        for i, (optimizer, result) in enumerate(zip(self.optimizers, self.result.optimizers)):
            model = engine.FlatMLP(initial.to(device, copy=True), config.hidden)
            update = make_update(optimizer, model, config.exact)
            losses = torch.empty(chunk, device=device)
            members.append(_Member(i, result, model, update, losses, list(losses.unbind())))
        yield Started(dataset.name, dataset.source, dataset.note, str(device), count,
                      len(data.test_x), steps, config.epochs, tuple(self.labels))
        for epoch in range(1, config.epochs + 1):
            order = torch.from_numpy(batch_order(count, config.seed, epoch)).to(device)
            order_list = order.tolist() if config.batch_size == 1 else None
            for member in members:
                member.epoch_loss, member.epoch_steps, member.epoch_seconds = 0.0, 0, 0.0
            for first in range(0, steps, chunk):
                for member in members:
                    if member.active:
                        yield from self._chunk(member, data, epoch, order, order_list, first,
                                               min(chunk, steps - first), steps)
                    if self._stop.is_set():
                        yield from self._finish(members, stopped=True)
                        return
            for member in members:
                if member.active:
                    yield self._end_epoch(member, data, epoch)
            if not any(member.active for member in members):
                break  # all diverged
        yield from self._finish(members, stopped=False)

    def _chunk(self, member: _Member, data, epoch: int, order, order_list, first: int,
               count: int, steps: int) -> Iterator[Event]:
        """``count`` steps of one optimizer from the epoch's step ``first``."""
        done, seconds = 0, 0.0
        while done < count and not self._stop.is_set():
            yield from self._apply_pending(member)
            started = time.perf_counter()
            done += self._steps(member, data, order, order_list, first + done, count - done, done)
            seconds += time.perf_counter() - started
        if done:
            started = time.perf_counter()
            values = member.losses[:done].tolist()  # waits for the device: part of the time
            seconds += time.perf_counter() - started
            yield from self._record(member, epoch, values, first, seconds, steps)

    def _steps(self, member: _Member, data, order, order_list, first: int, count: int,
               offset: int) -> int:
        """Run up to ``count`` steps; stop early when ``stop``/``set_lr`` need attention."""
        model, update, slots = member.model, member.update, member.slots
        size = self.config.batch_size
        for k in range(count):
            if self._attention and (self._stop.is_set() or member.index in self._pending_lr):
                return k
            if order_list is not None:  # one sample: rows as prepared views, no indexing op
                i = order_list[first + k]
                x, targets, forward = data.rows[i], data.target_rows[i], model.step_one
            else:
                start = (first + k) * size
                x, targets = model.gather(data, order[start:start + size])
                forward = model.step
            if update.needs_closure:
                update.step(_closure(forward, x, targets, slots[offset + k]))
            else:
                forward(x, targets, slots[offset + k], update.into, update.alpha)
                update.step()
        return count

    def _apply_pending(self, member: _Member) -> Iterator[Event]:
        with self._lock:
            lr = self._pending_lr.pop(member.index, None)
            self._attention = bool(self._pending_lr) or self._stop.is_set()
        if lr is not None and member.active:
            member.update.set_lr(lr)
            member.result.lr_changes.append({"step": member.t + 1, "lr": lr})
            yield LrChanged(member.index, member.result.label, member.t + 1, lr)

    def _record(self, member: _Member, epoch: int, values: list[float], first: int,
                seconds: float, steps: int) -> Iterator[Event]:
        """Turn a chunk's loss slots into curve points, progress and divergence."""
        result, size, every = member.result, self.config.batch_size, self.config.sample_every
        before, losses, samples = len(result.curve_steps), [], 0
        for k, loss in enumerate(values):
            if not math.isfinite(loss):
                member.active = False
                result.diverged_at = member.t + 1
                break
            member.t += 1
            losses.append(loss)
            samples += min(size, self._count - (first + k) * size)  # the last batch may be short
            if (member.t - 1) % every == 0:
                result.curve_steps.append(member.t)
                result.curve_losses.append(loss)
        result.steps = member.t
        member.epoch_loss += sum(losses)
        member.epoch_steps += len(losses)
        member.epoch_seconds += seconds
        if losses:
            yield Progress(member.index, result.label, epoch, member.t, first + len(losses), steps,
                           sum(losses) / len(losses), samples / max(seconds, 1e-9),
                           tuple(result.curve_steps[before:]), tuple(result.curve_losses[before:]))
        if not member.active:
            yield Diverged(member.index, result.label, epoch, result.diverged_at)

    def _end_epoch(self, member: _Member, data, epoch: int) -> EpochEnd:
        test_loss, accuracy = member.model.evaluate(data.test_x, data.test_y)
        train_loss = member.epoch_loss / max(member.epoch_steps, 1)
        member.result.epochs.append({
            "epoch": epoch, "train_loss": train_loss, "test_loss": test_loss,
            "test_accuracy": accuracy, "seconds": member.epoch_seconds,
        })
        return EpochEnd(member.index, member.result.label, epoch, train_loss, test_loss, accuracy,
                        member.epoch_seconds)

    def _finish(self, members: list[_Member], stopped: bool) -> Iterator[Event]:
        self._finished = True
        if stopped:
            self._mark_stopped()
        yield Finished(stopped, self.result)

    def _mark_stopped(self) -> None:
        for member in self._members:
            member.result.stopped = member.active
        self.result.stopped = True


def _closure(forward, x, targets, slot):
    """For optimizers that re-evaluate the loss (LBFGS): the batch's mean loss."""
    def closure():
        forward(x, targets, slot)
        return slot
    return closure


def train(config: TrainingConfig, optimizers: Sequence[OptimizerConfig], *,
          data: Dataset | None = None) -> TrainingRun:
    """A run of ``optimizers`` side by side; iterate it for events (see module doc).

    ``data`` reuses an already loaded ``Dataset`` instead of reading
    ``config.dataset``. Nothing is loaded or imported until iteration starts;
    a missing dataset is then a ``DataError``.
    """
    return TrainingRun(config, optimizers, data)


def train_all(config: TrainingConfig, optimizers: Sequence[OptimizerConfig],
              on_event: Callable[[Event], None] | None = None,
              should_stop: Callable[[], bool] | None = None, *,
              data: Dataset | None = None) -> TrainingResult:
    """Run to the end, or until ``should_stop()`` (asked after every event)
    says so; ``on_event`` sees every event. Returns the ``TrainingResult``."""
    run = train(config, optimizers, data=data)
    for event in run:
        if on_event is not None:
            on_event(event)
        if should_stop is not None and not isinstance(event, Finished) and should_stop():
            run.stop()
    return run.result
