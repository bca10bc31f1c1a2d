"""Every registered surface against autograd, finite differences and its published minima."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.optimizers import resolve
from playground.surfaces import SURFACES, Minimum, Surface, make_surface
from playground.trajectory import run

NAMES = list(SURFACES)
WITH_MINIMA = [name for name in NAMES if SURFACES[name]().minima()]
WITH_PARAMS = [name for name in NAMES if SURFACES[name].params_spec]


def points_in_view(surface: Surface, count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x_min, x_max, y_min, y_max = surface.view
    return rng.uniform(x_min, x_max, count), rng.uniform(y_min, y_max, count)


def autograd(surface: Surface, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The gradient of the same formula, run through torch on float64 tensors."""
    tx = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    ty = torch.tensor(ys, dtype=torch.float64, requires_grad=True)
    surface._value(tx, ty, torch).sum().backward()
    return tx.grad.numpy(), ty.grad.numpy()


def central_differences(surface: Surface, x: float, y: float, h: float = 1e-5) -> tuple[float, float]:
    return ((surface.value(x + h, y) - surface.value(x - h, y)) / (2 * h),
            (surface.value(x, y + h) - surface.value(x, y - h)) / (2 * h))


def hessian_norm(surface: Surface, x: float, y: float, h: float = 1e-5) -> float:
    """The spectral norm of the Hessian, by differences of the analytic gradient."""
    gxp, gyp = surface.gradient(x + h, y)
    gxm, gym = surface.gradient(x - h, y)
    hxp, hyp = surface.gradient(x, y + h)
    hxm, hym = surface.gradient(x, y - h)
    matrix = np.array([[gxp - gxm, gyp - gym], [hxp - hxm, hyp - hym]]) / (2 * h)
    return float(np.linalg.norm((matrix + matrix.T) / 2, 2))


def coordinate_error(minimum: Minimum) -> float:
    """How far the published point may be from the true one (half a last digit, per axis)."""
    return 0.0 if minimum.digits is None else math.sqrt(2) * 0.5 * 10.0 ** -minimum.digits


# --- the catalogue -------------------------------------------------------------


def test_at_least_twelve_surfaces_are_registered_under_their_own_names():
    assert len(SURFACES) >= 12
    assert all(cls.name == name for name, cls in SURFACES.items())
    for required in ("ravine", "rosenbrock", "beale", "booth", "himmelblau", "rastrigin",
                     "ackley", "goldstein_price", "six_hump_camel", "saddle", "double_well",
                     "plateau"):
        assert required in SURFACES


@pytest.mark.parametrize("name", NAMES)
def test_view_start_and_defaults_are_consistent(name):
    surface = make_surface(name)
    x_min, x_max, y_min, y_max = surface.view
    assert x_min < x_max and y_min < y_max
    assert x_min <= surface.start[0] <= x_max and y_min <= surface.start[1] <= y_max
    assert math.isfinite(surface.value(*surface.start))
    assert surface.title and surface.formula
    for spec in surface.params_spec:
        assert spec.accepts(spec.default), spec.name
    for minimum in surface.minima():
        assert x_min <= minimum.x <= x_max and y_min <= minimum.y <= y_max


def test_ravine_and_rosenbrock_keep_their_settings():
    ravine, rosenbrock = make_surface("ravine"), make_surface("rosenbrock")
    assert (ravine.params, ravine.view, ravine.start) == (
        {"condition": 100.0}, (-11.0, 11.0, -4.0, 4.0), (-10.0, 1.0))
    assert (rosenbrock.params, rosenbrock.view, rosenbrock.start) == (
        {"a": 1.0, "b": 100.0}, (-2.0, 2.0, -1.0, 3.0), (-1.5, 2.0))


# --- gradients -----------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_torch_autograd(name):
    surface = make_surface(name)
    xs, ys = points_in_view(surface, 200, seed=1)
    want_x, want_y = autograd(surface, xs, ys)
    got_x, got_y = surface.gradient(xs, ys)
    scale = 1e-9 * max(1.0, np.abs(want_x).max(), np.abs(want_y).max())
    np.testing.assert_allclose(got_x, want_x, rtol=1e-9, atol=scale)
    np.testing.assert_allclose(got_y, want_y, rtol=1e-9, atol=scale)


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_central_differences(name):
    surface = make_surface(name)
    for x, y in zip(*points_in_view(surface, 30, seed=2)):
        x, y = float(x), float(y)
        gradient, estimate = surface.gradient(x, y), central_differences(surface, x, y)
        tolerance = 1e-6 * (1 + math.hypot(*gradient)) + 1e-9 * abs(surface.value(x, y))
        assert math.dist(gradient, estimate) <= tolerance, (x, y, gradient, estimate)


@pytest.mark.parametrize("name", NAMES)
def test_float_path_equals_array_path_and_stays_in_python_floats(name):
    surface = make_surface(name)
    xs, ys = points_in_view(surface, 50, seed=3)
    values, (gxs, gys) = surface.value(xs, ys), surface.gradient(xs, ys)
    assert np.shape(values) == xs.shape
    for i, (x, y) in enumerate(zip(xs.tolist(), ys.tolist())):
        value, (gx, gy) = surface.value(x, y), surface.gradient(x, y)
        for number in (value, gx, gy):
            assert type(number) in (float, int), type(number)  # no numpy on the float path
        scale = 1e-12 * (1 + abs(value))
        assert value == pytest.approx(values[i], rel=1e-12, abs=scale)
        assert gx == pytest.approx(np.broadcast_to(gxs, xs.shape)[i], rel=1e-11, abs=scale)
        assert gy == pytest.approx(np.broadcast_to(gys, xs.shape)[i], rel=1e-11, abs=scale)


@pytest.mark.parametrize("name", NAMES)
def test_value_and_gradient_agrees_with_the_separate_calls(name):
    surface = make_surface(name)
    x, y = surface.start
    assert surface.value_and_gradient(x, y) == (surface.value(x, y), surface.gradient(x, y))


@pytest.mark.parametrize("name", NAMES)
def test_grid_has_one_value_per_cell_with_the_top_row_at_y_max(name):
    surface = make_surface(name)
    grid = surface.grid(7, 5)
    x_min, _, _, y_max = surface.view
    assert grid.shape == (5, 7)
    assert grid[0, 0] == pytest.approx(surface.value(x_min, y_max), rel=1e-12, abs=1e-12)


# --- minima --------------------------------------------------------------------


@pytest.mark.parametrize("name", WITH_MINIMA)
def test_published_minima_have_the_published_value_and_no_slope(name):
    surface = make_surface(name)
    for minimum in surface.minima():
        curvature = hessian_norm(surface, minimum.x, minimum.y)
        offset = coordinate_error(minimum)
        # Rounding the coordinates moves f only to second order, the gradient to first.
        value_tolerance = 0.5 * curvature * offset ** 2 + 1e-12 * (1 + abs(minimum.value))
        slope_tolerance = curvature * offset + 1e-10 * (1 + abs(minimum.value))
        assert abs(surface.value(minimum.x, minimum.y) - minimum.value) <= value_tolerance
        assert math.hypot(*surface.gradient(minimum.x, minimum.y)) <= slope_tolerance


@pytest.mark.parametrize("name", WITH_MINIMA)
def test_published_minima_are_local_minima(name):
    surface = make_surface(name)
    angles = np.linspace(0, 2 * math.pi, 16, endpoint=False)
    for minimum in surface.minima():
        around = surface.value(minimum.x + 1e-3 * np.cos(angles), minimum.y + 1e-3 * np.sin(angles))
        assert np.all(around > minimum.value)


@pytest.mark.parametrize("name", WITH_MINIMA)
def test_no_point_of_the_view_lies_below_the_global_minimum(name):
    surface = make_surface(name)
    lowest = min(minimum.value for minimum in surface.minima())
    grid = surface.grid(401, 401)
    assert grid.min() >= lowest - 1e-9 * (1 + abs(lowest))


def test_the_saddle_has_no_minimum_and_falls_without_bound():
    saddle = make_surface("saddle")
    assert saddle.minima() == ()
    assert saddle.gradient(0.0, 0.0) == (0.0, -0.0)
    assert saddle.value(0.0, 1e3) == -1e6


@pytest.mark.parametrize("a", [-2.0, -0.5, 0.0, 1.5, 2.0])
def test_rosenbrock_minimum_follows_a(a):
    surface = make_surface("rosenbrock", a=a)
    (minimum,) = surface.minima()
    assert (minimum.x, minimum.y, minimum.value) == (a, a * a, 0.0)
    assert surface.value(a, a * a) == 0.0
    assert surface.gradient(a, a * a) == (0.0, 0.0)
    # The lowest grid point sits next to (a, a²): a view wide enough for a = ±2
    # (the default view ends at y = 3) with a step of 0.01.
    grid = surface.grid(501, 601, view=(-2.5, 2.5, -1.0, 5.0))
    row, column = np.unravel_index(np.argmin(grid), grid.shape)
    assert abs(-2.5 + column * 0.01 - a) <= 0.02 and abs(5.0 - row * 0.01 - a * a) <= 0.04


def test_double_well_barrier_sets_the_height_of_the_pass_but_not_the_wells():
    surface = make_surface("double_well", barrier=4.0)
    assert surface.value(0.0, 0.0) == 4.0
    assert [(m.x, m.y, m.value) for m in surface.minima()] == [(0.0, -1.0, 0.0), (0.0, 1.0, 0.0)]


def test_plateau_width_scales_the_well():
    for width in (0.5, 1.0, 2.0):
        assert make_surface("plateau", width=width).value(width, 0.0) == pytest.approx(1 - math.exp(-1))


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_minima_and_gradients_follow_any_parameter_setting(data):
    name = data.draw(st.sampled_from(WITH_PARAMS))
    cls = SURFACES[name]
    params = {spec.name: data.draw(st.floats(spec.low, spec.high), label=spec.name)
              for spec in cls.params_spec}
    surface = cls(**params)
    for minimum in surface.minima():
        assert abs(surface.value(minimum.x, minimum.y) - minimum.value) <= 1e-12
        assert math.hypot(*surface.gradient(minimum.x, minimum.y)) <= 1e-9
    xs, ys = points_in_view(surface, 20, seed=4)
    want_x, want_y = autograd(surface, xs, ys)
    got_x, got_y = surface.gradient(xs, ys)
    scale = 1e-9 * max(1.0, np.abs(want_x).max(), np.abs(want_y).max())
    np.testing.assert_allclose(got_x, want_x, rtol=1e-9, atol=scale)
    np.testing.assert_allclose(got_y, want_y, rtol=1e-9, atol=scale)


# --- parameters ----------------------------------------------------------------


def test_unknown_parameter_is_named_in_the_error():
    with pytest.raises(ValueError, match=r"surface 'rastrigin' has no parameter 'B' \(it has A\)"):
        make_surface("rastrigin", B=1.0)
    with pytest.raises(ValueError, match=r"surface 'beale' has no parameter 'a' \(it has none\)"):
        make_surface("beale", a=1.0)


@pytest.mark.parametrize("name", WITH_PARAMS)
def test_out_of_range_parameters_are_refused_with_their_name_and_range(name):
    for spec in SURFACES[name].params_spec:
        for outside in (spec.high + 1.0, spec.low - 1.0):
            if spec.accepts(outside):
                continue
            with pytest.raises(ValueError, match=rf"surface {name}: {spec.name} must be in \["):
                make_surface(name, **{spec.name: outside})


def test_non_numbers_and_unknown_surfaces_are_refused():
    with pytest.raises(ValueError, match="rosenbrock: a must be a number"):
        make_surface("rosenbrock", a="1")
    with pytest.raises(ValueError, match=r"unknown surface 'x\*\*2' \(known: ravine, rosenbrock"):
        make_surface("x**2")


def test_with_params_changes_only_what_it_is_given():
    surface = make_surface("ackley", a=10.0).with_params(b=0.5)
    assert surface.params == {"a": 10.0, "b": 0.5}


# --- the stories the starts tell ----------------------------------------------------


def sgd(lr: float, momentum: float = 0.0):
    return resolve("sgd", {"lr": lr, "momentum": momentum})


STORIES = [
    # surface, optimizer, where it ends after 1000 steps (None: it diverges)
    ("matyas", sgd(1e-2), (-4.692, -4.692)),
    ("beale", sgd(1e-2), (2.982, 0.496)),
    ("beale", resolve("adam", {"lr": 1e-2}), (2.609, 0.380)),
    ("saddle", sgd(1e-2), None),
    ("double_well", sgd(1e-2), (0.0, 1.0)),
    ("himmelblau", sgd(1e-2), (3.584428, -1.848126)),
    ("himmelblau", resolve("adam", {"lr": 1e-1}), (-3.779310, -3.283186)),
    ("himmelblau", sgd(1e-2, 0.9), (3.0, 2.0)),
    ("ackley", sgd(1e-2), (-3.983, -3.983)),
    ("ackley", sgd(1e-2, 0.9), (0.021, 0.021)),
    ("six_hump_camel", sgd(1e-2), (-1.7036, 0.7961)),
    ("six_hump_camel", resolve("adam", {"lr": 1e-2}), (-0.0898, 0.7127)),
    ("three_hump_camel", sgd(1e-2), (-1.7476, 0.8738)),
    ("three_hump_camel", sgd(1e-3, 0.9), (0.0, 0.0)),
    ("goldstein_price", resolve("rmsprop", {"lr": 1e-2}), (-0.6, -0.4)),
    ("goldstein_price", resolve("adam", {"lr": 1e-1}), (0.0, -1.0)),
    ("styblinski_tang", sgd(1e-2), (-2.9035, -2.9035)),
    ("styblinski_tang", sgd(1e-2, 0.9), (2.7468, -2.9035)),
    ("mccormick", sgd(1e-2), (0.5 + 2 * math.pi / 3, -0.5 + 2 * math.pi / 3)),
    ("plateau", resolve("adam", {"lr": 1e-2}), (0.0, 0.0)),
    ("plateau", sgd(1e-2), (3.0, 1.2)),
]


@pytest.mark.parametrize("name, optimizer, end", STORIES,
                         ids=[f"{s[0]}-{s[1].name}-{s[1].hyperparameters['lr']}" for s in STORIES])
def test_the_start_tells_the_story_the_docstring_promises(name, optimizer, end):
    surface = make_surface(name)
    (trajectory,) = run(surface, [optimizer], surface.start, 1000)
    if end is None:
        assert trajectory.diverged_at is not None or abs(trajectory.path[-1, 1]) > 1e3
    else:
        np.testing.assert_allclose(trajectory.path[-1], end, atol=5e-3)
