"""The race screen: surface, paths, loss curves, the entrants and their rule."""

from __future__ import annotations

import numpy as np
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Static
from textual.worker import get_current_worker

from ...animation import Animation
from ...race import Race
from ...render import race_legend, tick_line, x_ticks
from ...render.colors import optimizer_color
from ...render.panels import optimizer_panel, rule_panel
from ...sweep import basin_sweep, current_setting, hyperparameter_sweep, map_axes
from ...trajectory import state_at
from ..widgets.loss_plot import LossPlot
from ..widgets.map_view import CELL_WIDTH, MapView
from ..widgets.surface_view import Arrow, SurfaceView

MIN_SIZE = (60, 20)
VIEWS = ("surface", "sweep", "basins")
ARROW_COLORS = {"gradient": (0, 229, 255), "state": (255, 214, 10)}
# Internal state worth drawing as an arrow: the direction the rule moves along.
_VELOCITY_STATE = ("momentum_buffer", "exp_avg")


class RaceScreen(Screen):
    """Every key changes the race (a plain ``Race``), re-simulates, redraws."""

    BINDINGS = [
        Binding("space", "play_pause", "Play/pause"),
        Binding("full_stop", "single_step", "Step"),
        Binding("r", "restart", "Restart"),
        Binding("right_square_bracket", "speed(1)", "Faster"),
        Binding("left_square_bracket", "speed(-1)", "Slower", show=False),
        Binding("tab", "select(1)", "Next optimizer", priority=True),
        Binding("shift+tab", "select(-1)", "Previous optimizer", show=False, priority=True),
        Binding("j", "row(1)", "Next setting", show=False),
        Binding("k", "row(-1)", "Previous setting", show=False),
        Binding("l,plus,equals_sign", "nudge(1)", "Increase"),
        Binding("h,minus", "nudge(-1)", "Decrease"),
        Binding("L", "nudge(1, True)", "Increase (fine)", show=False),
        Binding("H", "nudge(-1, True)", "Decrease (fine)", show=False),
        Binding("0", "reset_value", "Reset value", show=False),
        Binding("a", "add", "Add"),
        Binding("x", "remove", "Remove"),
        Binding("up", "move_start(0, 1)", "Start ↑", show=False),
        Binding("down", "move_start(0, -1)", "Start ↓", show=False),
        Binding("left", "move_start(-1, 0)", "Start ←", show=False),
        Binding("right", "move_start(1, 0)", "Start →", show=False),
        Binding("shift+up", "move_start(0, 5)", "Start ↑↑", show=False),
        Binding("shift+down", "move_start(0, -5)", "Start ↓↓", show=False),
        Binding("shift+left", "move_start(-5, 0)", "Start ←←", show=False),
        Binding("shift+right", "move_start(5, 0)", "Start →→", show=False),
        Binding("c", "surface(1)", "Surface"),
        Binding("C", "surface(-1)", "Previous surface", show=False),
        Binding("p", "surface_param", "Surface parameter", show=False),
        Binding("right_curly_bracket", "nudge_surface(1)", "Surface parameter +", show=False),
        Binding("left_curly_bracket", "nudge_surface(-1)", "Surface parameter −", show=False),
        Binding("f", "formula", "Formula", show=False),
        Binding("n", "steps", "Steps", show=False),
        Binding("m", "view", "Maps"),
        Binding("v", "arrows", "Arrows", show=False),
        Binding("e", "export", "Export"),
        Binding("ctrl+s", "screenshot", "Screenshot", show=False),
        Binding("t", "app.training", "Train"),
        Binding("question_mark", "app.help", "Help"),
    ]

    def __init__(self, race: Race, autoplay: bool = True) -> None:
        super().__init__()
        self.race = race
        self.trajectories: list = []
        self.animation = Animation(race.steps)
        if not autoplay:
            self.animation.step, self.animation.playing = race.steps, False
        self.view = "surface"
        self.show_arrows = True
        self._map_key = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Static(id="status")
                with ContentSwitcher(initial="surface", id="views"):
                    yield SurfaceView(id="surface")
                    with Vertical(id="map-pane"):
                        yield Static(id="map-title")
                        yield MapView(id="map")
                        yield Static(id="map-ticks")
                yield Static(id="legend")
                yield LossPlot(id="loss")
            with Vertical(id="right"):
                with VerticalScroll(id="optimizers-scroll"):
                    yield Static(id="optimizers")
                yield Static(id="rule")
        yield Static("The terminal is too small for the playground:\nmake it at least 60 × 20.",
                     id="too-small")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(1 / 15, self._tick)
        self.simulate()

    def on_screen_suspend(self) -> None:
        # Hidden behind the training screen or help: no frames to draw for nobody.
        self.animation.playing = False

    def on_resize(self) -> None:
        width, height = self.size
        self.set_class(width < MIN_SIZE[0] or height < MIN_SIZE[1], "too-small")
        self.call_after_refresh(self._refresh_map)

    # -- simulation and drawing ---------------------------------------------
    def simulate(self) -> None:
        """Re-run the whole race (a few ms) and redraw everything."""
        self.trajectories = self.race.simulate()
        self.animation.total = self.race.steps
        self.update_views()
        self._refresh_map()

    def path_colors(self) -> list:
        return [optimizer_color(i) for i in range(len(self.race.entrants))]

    def update_views(self) -> None:
        step, race, colors = self.animation.step, self.race, self.path_colors()
        surface = race.surface
        point, state = self._selected_state(step)
        self.query_one(SurfaceView).show(surface, self.trajectories, colors, step, race.start,
                                         self._arrows(point, state))
        minima = surface.minima()
        floor = min(m.value for m in minima) if minima else None
        self.query_one(LossPlot).show(self.trajectories, colors, step, floor)
        self.query_one("#legend", Static).update(race_legend(self.trajectories, step, colors, "    "))
        self.query_one("#optimizers", Static).update(optimizer_panel(race, self.trajectories, step, colors))
        gradient = surface.gradient(*point) if point is not None else None
        self.query_one("#rule", Static).update(rule_panel(race.current, state, gradient))
        self.query_one("#status", Static).update(self._status_text())

    def _status_text(self) -> str:
        race, surface = self.race, self.race.surface
        params = "  ".join(f"{k}={v:g}" for k, v in surface.params.items())
        state = "▶" if self.animation.playing else "‖"
        return (f"{state} step {self.animation.step}/{race.steps} ×{self.animation.speed} │ "
                f"[b]{surface.title}[/b]  {surface.formula}  {params} │ "
                f"start ({race.start[0]:.3g}, {race.start[1]:.3g})")

    def _selected_state(self, step: int):
        """Where the selected optimizer is at ``step`` and its rule's state there."""
        index, config = self.race.selected, self.race.current
        if config is None or index >= len(self.trajectories) or not len(self.trajectories[index].path):
            return None, {}
        path = self.trajectories[index].path
        shown = min(step, len(path) - 1)
        return tuple(path[shown]), state_at(self.race.surface, config, self.race.start, shown)

    def _arrows(self, point, state) -> list[Arrow]:
        """−∇f and the rule's velocity at the selected optimizer's point."""
        if not self.show_arrows or point is None:
            return []
        gx, gy = self.race.surface.gradient(*point)
        arrows = [Arrow(point, (-gx, -gy), ARROW_COLORS["gradient"])]
        for name in _VELOCITY_STATE:
            if name in state:
                arrows.append(Arrow(point, tuple(-v for v in state[name]), ARROW_COLORS["state"]))
        return arrows

    def _tick(self) -> None:
        if self.animation.advance():
            self.update_views()

    # -- maps ----------------------------------------------------------------
    def _refresh_map(self) -> None:
        if self.view == "surface" or self.race.current is None:
            return
        config = self.race.current
        if config.runs_in_torch:
            self.query_one("#map-title", Static).update("maps need a registry optimizer, not a torch class")
            return
        columns, rows = self.query_one(MapView).grid_size()
        key = (self.view, config, self.race.surface.name, tuple(self.race.surface.params.items()),
               self.race.start, columns, rows, self.race.steps)
        if key != self._map_key:
            self._map_key = key
            self.query_one("#map-title", Static).update("computing…")
            self.compute_map(self.view, config, columns, rows)

    @work(thread=True, exclusive=True, group="map")
    def compute_map(self, view: str, config, columns: int, rows: int) -> None:
        race = self.race
        steps = min(race.steps, 500)
        if view == "sweep":
            x_name, xs, y_name, ys = map_axes(config, columns, rows)
            result = hyperparameter_sweep(race.surface, config, race.start, steps, x_name, xs, y_name, ys)
            current = (current_setting(config, x_name), current_setting(config, y_name))
            title = (f"final loss after {steps} steps of {config.label}: {x_name} {xs[0]:.0e}…{xs[-1]:.0e} (log) →, "
                     f"{y_name} {ys[0]:.3g}…{ys[-1]:.3g} ↑   ● = now   red = diverged")
            axis = xs
            summary = f"best: {x_name} {result.best()[0]:.3g}, {y_name} {result.best()[1]:.3g}"
        else:
            result = basin_sweep(race.surface, config, steps, columns, rows)
            current = race.start
            title = (f"basins of {config.label} after {steps} steps: colour = which minimum a start reaches, "
                     f"red = none/diverged   ● = start")
            axis = np.linspace(race.surface.view[0], race.surface.view[1], columns)
            summary = f"minima reached: {sorted(result.reached()) or 'none'} of {len(race.surface.minima())}"
        ticks = tick_line(x_ticks(axis, CELL_WIDTH, count=6), len(axis) * CELL_WIDTH) + "\n" + summary
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_map, view, result, current, title, ticks)

    def _show_map(self, view, result, current, title, ticks) -> None:
        self.query_one(MapView).show(view, result, current)
        self.query_one("#map-title", Static).update(title)
        self.query_one("#map-ticks", Static).update(ticks)

    # -- actions -------------------------------------------------------------
    def _change(self, action, *args) -> None:
        """Apply a change to the race; a refusal (torch's words) is shown, not raised."""
        try:
            action(*args)
        except ValueError as error:
            self.notify(str(error), severity="warning", timeout=4)
            return
        self.simulate()

    def action_play_pause(self) -> None:
        self.animation.toggle()
        self.update_views()

    def action_single_step(self) -> None:
        self.animation.single_step()
        self.update_views()

    def action_restart(self) -> None:
        self.animation.restart()
        self.update_views()

    def action_speed(self, direction: int) -> None:
        self.animation.change_speed(direction)
        self.query_one("#status", Static).update(self._status_text())

    def action_select(self, delta: int) -> None:
        self.race.select(delta)
        self.update_views()
        self._refresh_map()

    def action_row(self, delta: int) -> None:
        self.race.move_row(delta)
        self.update_views()

    def action_nudge(self, direction: int, fine: bool = False) -> None:
        self._change(self.race.nudge, direction, fine)

    def action_reset_value(self) -> None:
        self._change(self.race.reset_value)

    def action_add(self) -> None:
        from .pickers import OptimizerPicker

        self.app.push_screen(OptimizerPicker(), lambda name: name and self._change(self.race.add, name))

    def action_remove(self) -> None:
        self._change(self.race.remove_selected)

    def action_move_start(self, dx: int, dy: int) -> None:
        self._change(self.race.move_start, dx / 100, dy / 100)

    @on(SurfaceView.StartPicked)
    def start_picked(self, message: SurfaceView.StartPicked) -> None:
        self._change(self.race.set_start, message.x, message.y)

    def action_surface(self, delta: int) -> None:
        self._change(self.race.cycle_surface, delta)

    def action_surface_param(self) -> None:
        self.race.next_surface_param()
        specs = self.race.surface.params_spec
        if specs:
            spec = specs[self.race.surface_param % len(specs)]
            self.notify(f"{{ and }} now change {spec.name} ({spec.help})", timeout=3)
        else:
            self.notify(f"{self.race.surface.title} has no parameters", timeout=3)

    def action_nudge_surface(self, direction: int) -> None:
        self._change(self.race.nudge_surface, direction)

    def action_formula(self) -> None:
        from .pickers import FormulaPrompt

        self.app.push_screen(FormulaPrompt(), lambda surface: surface and self._change(self.race.set_surface, surface))

    def action_steps(self) -> None:
        self._change(self.race.cycle_steps)

    def action_view(self) -> None:
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        self.query_one(ContentSwitcher).current = "surface" if self.view == "surface" else "map-pane"
        self._map_key = None
        self.call_after_refresh(self._refresh_map)

    def action_arrows(self) -> None:
        self.show_arrows = not self.show_arrows
        self.update_views()

    def action_export(self) -> None:
        path = self.race.export()
        self.notify(f"wrote {path}: run it with  playground run {path}", timeout=6)

    def action_screenshot(self) -> None:
        path = self.app.save_screenshot()
        self.notify(f"saved {path}", timeout=4)
