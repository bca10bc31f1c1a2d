"""Text panels of the race: the entrants with their settings, the selected rule."""

from __future__ import annotations

import math

from rich.text import Text

from ..params import format_value
from .colors import rgb_to_hex


def _status(trajectory, step: int) -> tuple[str, str]:
    """(text, style) for where a trajectory stands at ``step``."""
    if trajectory.diverged_at is not None and step >= trajectory.diverged_at:
        return f"diverged at step {trajectory.diverged_at}", "bold red"
    shown = min(step, len(trajectory.losses) - 1)
    if shown < 0:
        return "diverged at step 0", "bold red"
    loss, grad = trajectory.losses[shown], trajectory.grad_norms[shown]
    return f"step {shown}  loss {loss:.4g}  |∇f| {grad:.3g}", ""


def optimizer_panel(race, trajectories, step: int, colors) -> Text:
    """Every entrant: swatch, label, its settings (the selected one expanded,
    its selected row highlighted), and where it is at ``step``."""
    text = Text()
    rows = race.rows()
    for index, (config, trajectory, color) in enumerate(zip(race.entrants, trajectories, colors)):
        selected = index == race.selected
        text.append("▶ " if selected else "  ", style="bold")
        text.append("━━ ", style=rgb_to_hex(color))
        text.append(config.label, style="bold" if selected else "")
        if config.name != config.label:
            text.append(f" ({config.name})", style="dim")
        status, style = _status(trajectory, step)
        text.append(f"\n     {status}\n", style=style or "dim")
        if not selected:
            text.append(f"     {config.describe()}\n", style="dim")
            continue
        if config.runs_in_torch:
            text.append(f"     {config.describe()}  (torch class: shown, not tweaked)\n", style="dim")
        for number, row in enumerate(rows):
            value = config.hyperparameters[row.param.name]
            shown = value[row.index] if row.index is not None else value
            marker = "›" if number == race.row else " "
            line = f"   {marker} {row.title:<25} {format_value(shown):>11}"
            text.append(line + "\n", style="reverse" if number == race.row else "")
    return text


def rule_panel(config, state: dict, gradient=None) -> Text:
    """The selected optimizer's update rule, written out, and its state now."""
    text = Text()
    if config is None:
        return text
    title = config.rule.title if config.rule else config.name
    text.append(f"{title}\n", style="bold")
    if config.rule is None:
        text.append("a torch.optim class, run through torch\n", style="dim")
        return text
    text.append(config.rule.text + "\n\n")
    if gradient is not None:
        text.append(f"∇f = ({gradient[0]:.3g}, {gradient[1]:.3g})\n", style="cyan")
    for name, (x, y) in state.items():
        if all(math.isfinite(v) for v in (x, y)):
            text.append(f"{name} = ({x:.3g}, {y:.3g})\n", style="yellow")
    return text
