"""Timing of the pure renderers: ``python bench/render.py`` prints milliseconds per frame."""

from __future__ import annotations

import time

import numpy as np

from playground.render.heatmap import render_surface
from playground.render.paths import draw_race

BUDGET_MS = 10.0
"""Eight paths of a thousand points on a 160 x 44 canvas, per frame."""


def best_ms(action, repeats: int = 30) -> float:
    """The fastest of ``repeats`` runs, in milliseconds (least disturbed by noise)."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return 1000 * min(times)


def races(view, rng: np.random.Generator) -> dict[str, list[np.ndarray]]:
    """Eight 1000-point paths: realistic spirals into the minimum, and a worst
    case of random jumps across the whole view (long segments, most pixels)."""
    x_min, x_max, y_min, y_max = view
    t = np.linspace(0, 1, 1001)[:, None]
    spirals = []
    for k in range(8):
        radius = (1 - t) ** 2
        angle = 40 * t + k
        spirals.append(np.hstack([radius * np.cos(angle) * x_max, radius * np.sin(angle) * y_max]))
    jumps = [np.column_stack([rng.uniform(x_min, x_max, 1001), rng.uniform(y_min, y_max, 1001)])
             for _ in range(8)]
    return {"spirals": spirals, "random jumps": jumps}


def main() -> None:
    from playground.surfaces import Rosenbrock

    surface = Rosenbrock()  # its curved valley makes the most colour runs per row
    width, height = 160, 44
    canvas = render_surface(surface, width, height)
    print(f"heatmap 160x44:                  {best_ms(lambda: render_surface(surface, width, height)):6.2f} ms")
    print(f"to_segments 160x44:              {best_ms(canvas.to_segments):6.2f} ms")
    print(f"to_rich_lines 160x44:            {best_ms(canvas.to_rich_lines):6.2f} ms")
    for name, paths in races(surface.view, np.random.default_rng(0)).items():
        ms = best_ms(lambda: draw_race(canvas, surface.view, paths, start=surface.start,
                                       minima=surface.minima()))
        verdict = "ok" if ms <= BUDGET_MS else "OVER BUDGET"
        print(f"draw_race 8 x 1000 {name:<13} {ms:6.2f} ms  (budget {BUDGET_MS:g} ms: {verdict})")


if __name__ == "__main__":
    main()
