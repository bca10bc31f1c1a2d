"""The training board: events folded into what the training screen draws."""

from __future__ import annotations

import math

import numpy as np

from playground.training.board import Board, Smoother, smoothed
from playground.training.events import Diverged, EpochEnd, Finished, LrChanged, Progress, Started


def test_smoothing_in_chunks_equals_smoothing_the_whole_curve():
    values = [2.0, 1.5, float("nan"), 1.0, 0.8, 0.9, 0.5]
    smoother = Smoother()
    chunked = smoother.push(values[:3]) + smoother.push(values[3:])
    assert np.allclose(chunked, smoothed(values))
    assert chunked[0] == 2.0  # bias-corrected: the first point is itself
    assert math.isnan(Smoother().push([float("inf")])[0])


def test_board_folds_progress_epochs_divergence_and_lr_marks():
    board = Board()
    board.apply(Started("mnist", "here", "", "cpu", 100, 20, 10, 2, ("a", "b")))
    assert board.total_steps == 40
    board.apply(Progress(0, "a", 1, 5, 5, 10, 1.0, 500.0, (1,), (2.0,)))
    board.apply(LrChanged(0, "a", 6, 0.1))
    board.apply(Progress(0, "a", 1, 10, 10, 10, 0.5, 500.0, (6,), (1.0,)))
    board.apply(EpochEnd(0, "a", 1, 1.5, 1.2, 0.6, 0.1))
    board.apply(Diverged(1, "b", 1, 3))
    a, b = board.lanes
    assert (a.steps, a.losses, a.lr_marks, a.step) == ([1, 6], [2.0, 1.0], [(6, 0.1)], 10)
    assert np.allclose(a.smooth, smoothed([2.0, 1.0]))
    assert a.epochs[0].test_accuracy == 0.6 and b.diverged_at == 3
    assert board.done_steps == 10 + 20  # a diverged lane counts as done
    board.apply(Finished(True, None))
    assert board.finished and board.stopped and board.eta_seconds() is None
