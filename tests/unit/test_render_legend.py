"""Legend lines and statuses; downsampling loss curves for plotting."""

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.render.legend import SWATCH, downsample, legend_line, race_legend, trajectory_status


def trajectory(label, losses, diverged_at=None):
    return SimpleNamespace(label=label, losses=np.asarray(losses, dtype=float),
                           diverged_at=diverged_at)


def test_legend_line_has_a_coloured_swatch_label_and_status():
    line = legend_line("adam", "#ff4040", "diverged at 37")
    assert line.plain == f"{SWATCH} adam  diverged at 37"
    swatch_style = line.spans[0].style
    assert swatch_style.color.triplet == (255, 64, 64)


def test_statuses_follow_the_step():
    blew_up = trajectory("sgd", [4.0, 9.0, 81.0], diverged_at=3)
    assert trajectory_status(blew_up) == "diverged at 3"
    assert trajectory_status(blew_up, step=1) == "loss 9"
    assert trajectory_status(trajectory("adam", [1.0, 1.234e-5])) == "loss 1.23e-05"
    assert trajectory_status(trajectory("adam", [1.0, 0.5]), step=99) == "loss 0.5"


def test_race_legend_lines_up_the_statuses():
    legend = race_legend([trajectory("sgd", [1.0]), trajectory("momentum", [2.0], diverged_at=1)])
    first, second = legend.plain.split("\n")
    assert first.index("loss") == second.index("diverged")


def test_downsample_keeps_endpoints_and_extremes():
    ys = np.sin(np.linspace(0, 12, 1000))
    ys[137], ys[600] = 5.0, -5.0  # spikes that a stride would skip
    xs, out = downsample(None, ys, 40)
    assert len(out) <= 80
    assert xs[0] == 0 and xs[-1] == 999 and out[-1] == ys[-1]
    assert 5.0 in out and -5.0 in out
    assert (np.diff(xs) > 0).all()


def test_downsample_drops_non_finite_and_keeps_the_last_finite_point():
    ys = np.r_[np.linspace(1, 0, 500), np.nan, np.linspace(0, 1, 498), np.inf]
    xs, out = downsample(np.arange(1000) * 10.0, ys, 20)
    assert np.isfinite(out).all() and xs[-1] == 9980.0 and out[-1] == 1.0


def test_short_curves_come_back_whole():
    xs, ys = downsample([0, 1, 2], [3.0, 2.0, 1.0], 80)
    assert xs.tolist() == [0, 1, 2] and ys.tolist() == [3.0, 2.0, 1.0]
    assert downsample([], [], 10)[1].size == 0
    with pytest.raises(ValueError, match="width"):
        downsample(None, [1.0], 0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), max_size=300),
       st.integers(1, 50))
def test_downsample_is_a_bounded_ordered_subset(values, width):
    ys = np.array(values, dtype=float)
    xs, out = downsample(None, ys, width)
    finite = np.isfinite(ys)
    n = int(finite.sum())
    assert len(out) == n if n <= 2 * width else len(out) <= 2 * width
    assert (np.diff(xs) > 0).all()
    assert np.array_equal(ys[xs.astype(int)], out)
    if n:
        kept = ys[finite]
        assert out[0] == kept[0] and out[-1] == kept[-1]
        if width >= 2:  # one column has room for the endpoints only
            assert out.min() == kept.min() and out.max() == kept.max()
