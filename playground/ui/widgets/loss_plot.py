"""Loss against step for every optimizer, drawn by plotext (log y)."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from ...render.loss_chart import plot_losses


class LossPlot(PlotextPlot):
    """Owns its figure; replots on the UI thread when told what to show."""

    def show(self, trajectories, colors, step: int | None, floor: float | None) -> None:
        self.plt.clear_figure()
        # One point per column is plenty for a braille curve, and plotext's time
        # grows with the points it is given.
        plot_losses(self.plt, trajectories, colors, step, floor, (self.size.width - 10) // 2)
        self.refresh()
