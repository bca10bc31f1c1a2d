"""App timings: cold start to first frame, and key press to redrawn screen.

    python bench/tui.py [--runs 5] [--presses 15]

Cold start runs the real ``playground`` command in a 160×48 pseudo-terminal
until the race's status line is on screen, next to the cost of starting
Python and of ``import torch`` (which the app must not pay). Key latency
drives the app in-process at 160×48: from the key press until the surface,
the paths and the loss panel have all been drawn again. Then the same while
the training screen trains (bs 64, the MNIST files in --data-dir): from a key
press until the screen has handled it. Targets: first frame ≤ 1.0 s, key
press ≤ 50 ms on the race, ≤ 100 ms while training. Medians of several runs
(the machine is shared).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time

from pathlib import Path

from textual import events

from playground.race import Race
from playground.training import TrainingConfig
from playground.ui.app import PlaygroundApp
from playground.ui.terminal_session import TerminalSession, console_script
from playground.ui.widgets.loss_plot import LossPlot
from playground.ui.widgets.surface_view import SurfaceView

SIZE = (160, 48)
KEYS = {
    "l": "raise the selected lr",
    "tab": "select the next optimizer",
    "right": "move the start",
    "right_curly_bracket": "raise the ravine's condition",
    "c": "next surface",
}


def seconds(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - began


def first_frame() -> float:
    session = TerminalSession(console_script(), *SIZE)
    try:
        return session.wait_for("start (-10, 1)")
    finally:
        session.press("q")
        session.close()


async def key_latencies(presses: int) -> dict[str, list[float]]:
    drawn = {}
    for widget, method in ((SurfaceView, "draw"), (LossPlot, "render")):
        original = getattr(widget, method)

        def timed(self, *args, _original=original, _name=widget.__name__):
            result = _original(self, *args)
            drawn[_name] = time.perf_counter()
            return result

        setattr(widget, method, timed)
    results = {key: [] for key in KEYS}
    app = PlaygroundApp(Race.default(), autoplay=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in KEYS:
            for _ in range(presses):
                drawn.clear()
                began = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                if len(drawn) == 2:  # both the surface and the loss panel were redrawn
                    results[key].append(max(drawn.values()) - began)
            if key == "c":  # back to the ravine for the next key
                await pilot.press("C")
    return results


async def training_latencies(data_dir: str, presses: int) -> list[float]:
    """Key press → handled and the screen's panels drawn again, while a run
    trains in its worker thread."""
    from playground.ui.widgets.training_plot import TrainingPlot

    drawn = []
    original = TrainingPlot.render

    def timed(self):
        result = original(self)
        drawn.append(time.perf_counter())
        return result

    TrainingPlot.render = timed
    config = TrainingConfig(data_dir=data_dir, epochs=50, batch_size=64)
    app = PlaygroundApp(Race.default(), autoplay=False, training=config)
    latencies = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "s")
        screen = app.screen
        while not (screen.board.lanes and screen.board.lanes[0].step > 0):
            await asyncio.sleep(0.05)
        for _ in range(presses):
            await asyncio.sleep(0.3)
            selected, began = screen.selected, time.perf_counter()
            drawn.clear()
            app.post_message(events.Key("tab", None))
            while screen.selected == selected or not drawn:
                await asyncio.sleep(0.001)
            latencies.append(drawn[0] - began)
        screen.run.stop()
    TrainingPlot.render = original
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=15)
    parser.add_argument("--data-dir", default=str(Path(__file__).resolve().parents[1].parent / "shared/data/mnist"),
                        help="MNIST-format files for the training part (default: ../shared/data/mnist)")
    args = parser.parse_args()

    python = statistics.median(seconds([sys.executable, "-c", "pass"]) for _ in range(args.runs))
    torch = statistics.median(seconds([sys.executable, "-c", "import torch"]) for _ in range(args.runs))
    frames = [first_frame() for _ in range(args.runs)]
    frame = statistics.median(frames)
    print(f"cold start to first frame at {SIZE[0]}×{SIZE[1]}: median {frame:.3f} s "
          f"(runs: {', '.join(f'{f:.2f}' for f in frames)}; target ≤ 1.0 s)")
    print(f"  python -c pass:      {python:.3f} s")
    print(f"  python -c 'import torch': {torch:.3f} s  → the app starts in {frame / torch:.2f}× "
          "the time of importing torch alone")

    latencies = asyncio.run(key_latencies(args.presses))
    print(f"key press → surface, paths and loss panel redrawn at {SIZE[0]}×{SIZE[1]} "
          f"(median / max of {args.presses}; target ≤ 50 ms):")
    for key, values in latencies.items():
        if values:
            print(f"  {key:<22} {KEYS[key]:<32} {1e3 * statistics.median(values):6.1f} ms "
                  f"/ {1e3 * max(values):6.1f} ms")
    training = asyncio.run(training_latencies(args.data_dir, args.presses))
    print(f"key press while training (bs 64, {len(training)} presses of tab): median "
          f"{1e3 * statistics.median(training):.1f} ms / max {1e3 * max(training):.1f} ms (target ≤ 100 ms)")


if __name__ == "__main__":
    main()
