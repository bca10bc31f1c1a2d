"""Live training loss curves (smoothed, log y), lr changes marked, a saved run beside."""

from __future__ import annotations

import numpy as np
from textual_plotext import PlotextPlot

from ...render import decade_ticks, downsample

SAVED_COLOR = (140, 140, 140)


class TrainingPlot(PlotextPlot):
    def show(self, lanes, colors, saved: list[dict] = ()) -> None:
        """``lanes``: the board's; ``saved``: runs of a reopened result (dim grey),
        each with its smoothed curve under ``"smooth"``."""
        plt = self.plt
        plt.clear_figure()
        width = max((self.size.width - 10) // 2, 10)
        series = [(lane.steps, lane.smooth, color, lane.lr_marks) for lane, color in zip(lanes, colors)]
        series += [(run["curve"]["steps"], run["smooth"], SAVED_COLOR, []) for run in saved]
        shown = []
        for steps, values, color, marks in series:
            values = np.asarray(values, dtype=float)
            keep = np.isfinite(values) & (values > 0)
            if keep.sum() < 1:
                continue
            xs, ys = downsample(np.asarray(steps)[keep], values[keep], width)
            plt.plot(xs.tolist(), ys.tolist(), color=tuple(int(c) for c in color), marker="braille")
            shown.append(ys)
            for step, _ in marks:  # where the learning rate was changed
                plt.vline(step, tuple(int(c) for c in color))
        if shown:
            plt.yscale("log")
            plt.yticks(*decade_ticks(np.concatenate(shown)))
        plt.title("training loss (smoothed)" + ("   grey: saved run" if saved else ""))
        plt.xlabel("step")
        self.refresh()
