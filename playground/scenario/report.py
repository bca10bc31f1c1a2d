"""Headless output of a scenario run: a rich table and a plotext loss chart."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .runner import ScenarioResult

CHART_WIDTH, CHART_HEIGHT = 100, 22


def print_result(console: Console, result: ScenarioResult, chart: bool = True) -> None:
    """The scenario's title, a table of its runs, a chart, and the verdicts."""
    scenario = result.scenario
    console.rule(f"[bold]{scenario.title}[/]  [dim]{scenario.path}[/]")
    if result.training is not None:
        from ..training.cli import show_result

        show_result(result.training, console, chart=chart)
    else:
        console.print(race_table(result))
        if result.sweep is not None:
            best = ", ".join(f"{n}={v:.4g}" for n, v in zip((result.sweep.x_name, result.sweep.y_name), result.sweep.best()))
            console.print(f"sweep of {scenario.sweep.optimizer}: best setting {best}")
        if result.basins is not None:
            console.print(f"basins of {scenario.basins.optimizer}: minima reached {sorted(result.basins.reached())}")
        if chart:
            from ..render import race_legend
            from ..render.colors import optimizer_color

            console.print(Text.from_ansi(loss_chart(result)))
            colors = [optimizer_color(i) for i in range(len(result.trajectories))]
            console.print(race_legend(result.trajectories, None, colors, "   "))
    for outcome in result.outcomes:
        mark = "[green]✓[/]" if outcome.passed else "[red]✗[/]"
        console.print(f"{mark} {outcome.expectation.describe()} [dim]({outcome.detail})[/]")


def race_table(result: ScenarioResult) -> Table:
    tolerance_loss = result.tolerance_loss()
    table = Table(title=result.surface.describe(), title_justify="left")
    for column in ("optimizer", "hyperparameters", "final loss", "steps to tolerance", "diverged at"):
        table.add_column(column, justify="left" if column in ("optimizer", "hyperparameters") else "right")
    for trajectory in result.trajectories:
        reached = trajectory.steps_to(tolerance_loss) if tolerance_loss is not None else None
        table.add_row(
            trajectory.label,
            trajectory.optimizer.describe(),
            "—" if trajectory.diverged_at is not None else f"{trajectory.final_loss:.4g}",
            "—" if reached is None else str(reached),
            "" if trajectory.diverged_at is None else f"step {trajectory.diverged_at}",
        )
    return table


def loss_chart(result: ScenarioResult, width: int = CHART_WIDTH, height: int = CHART_HEIGHT) -> str:
    """Loss against step for every run, as text with colours (log y)."""
    import plotext as plt

    from ..render.colors import optimizer_color
    from ..render.loss_chart import plot_losses

    minima = result.surface.minima()
    plt.clear_figure()
    plt.plotsize(width, height)
    plt.theme("clear")
    colors = [optimizer_color(i) for i in range(len(result.trajectories))]
    plot_losses(plt, result.trajectories, colors, None, min((m.value for m in minima), default=None), width)
    return plt.build()
