"""Text panels of a training run: the optimizers' lanes and the epoch table."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from .colors import rgb_to_hex


def lanes_panel(board, configs, lrs, selected: int, colors) -> Text:
    """Each optimizer: swatch, label, current lr, step, speed, or divergence."""
    text = Text()
    lanes = board.lanes if board.lanes else [None] * len(configs)
    for index, (config, lane, lr, color) in enumerate(zip(configs, lanes, lrs, colors)):
        text.append("▶ " if index == selected else "  ", style="bold")
        text.append("━━ ", style=rgb_to_hex(color))
        text.append(f"{config.label}", style="bold" if index == selected else "")
        text.append(f"  lr {lr:.3g}\n", style="reverse" if index == selected else "")
        if lane is None:
            text.append(f"     {config.describe()}\n", style="dim")
        elif lane.diverged_at is not None:
            text.append(f"     diverged at step {lane.diverged_at} (NaN/inf loss)\n", style="bold red")
        else:
            loss = f"loss {lane.losses[-1]:.4g}  " if lane.losses else ""
            text.append(f"     step {lane.step}  {loss}{lane.samples_per_s:,.0f} samples/s\n", style="dim")
    return text


def epochs_panel(board) -> Table:
    """Per optimizer and epoch: training loss, held-out loss and accuracy, time."""
    table = Table(box=None, pad_edge=False, expand=True)
    for column in ("optimizer", "ep", "train", "held-out", "acc", "s"):
        table.add_column(column, justify="left" if column == "optimizer" else "right", no_wrap=True)
    for lane in board.lanes:
        for epoch in lane.epochs:
            table.add_row(lane.label, str(epoch.epoch), f"{epoch.train_loss:.4f}", f"{epoch.test_loss:.4f}",
                          f"{epoch.test_accuracy:.2%}", f"{epoch.seconds:.1f}")
    return table
