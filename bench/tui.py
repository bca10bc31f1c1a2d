"""App timings: cold start to first frame, and key press to redrawn screen.

    python bench/tui.py [--runs 5] [--presses 15]

Cold start runs the real ``playground`` command in a 160×48 pseudo-terminal
until the race's status line is on screen, next to the cost of starting
Python and of ``import torch`` (which the app must not pay). Key latency
drives the app in-process at 160×48: from the key press until the surface,
the paths and the loss panel have all been drawn again. Targets: first frame
≤ 1.0 s, key press ≤ 50 ms. Medians of several runs (the machine is shared).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time

from playground.race import Race
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=15)
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


if __name__ == "__main__":
    main()
