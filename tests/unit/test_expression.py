"""Typed formulas: safe parsing, symbolic derivatives against torch, float and array paths."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.expression import (DEFAULT_VIEW, FUNCTIONS, MAX_LENGTH, ExpressionSurface,
                                   expression_surface)
from playground.optimizers import resolve
from playground.surfaces import Surface, make_surface
from playground.trajectory import run

FLOAT_ERRORS = (ValueError, OverflowError, ZeroDivisionError)


class TorchNamespace:
    """torch under the numpy names the generated code calls."""

    power = staticmethod(torch.pow)

    def __getattr__(self, name):
        return getattr(torch, name)


def autograd(surface: Surface, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    tx = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    ty = torch.tensor(ys, dtype=torch.float64, requires_grad=True)
    # The zero terms give constant formulas a tensor and every input a gradient.
    (surface._value(tx, ty, TorchNamespace()) + 0 * tx + 0 * ty).sum().backward()
    return tx.grad.numpy(), ty.grad.numpy()


def assert_gradient_is_autograd(surface: Surface, xs: np.ndarray, ys: np.ndarray) -> None:
    want_x, want_y = autograd(surface, xs, ys)
    got_x, got_y = surface.gradient(xs, ys)
    scale = 1e-9 * max(1.0, np.abs(want_x).max(), np.abs(want_y).max())
    np.testing.assert_allclose(got_x, want_x, rtol=1e-9, atol=scale)
    np.testing.assert_allclose(got_y, want_y, rtol=1e-9, atol=scale)


# Formulas and a box where each is smooth and defined.
FORMULAS = [
    ("x**2 + 10*sin(y)", (-3, 3, -3, 3)),
    ("(1 - x)**2 + 100*(y - x**2)**2", (-2, 2, -1, 3)),
    ("x*y/(1 + x**2 + y**2)", (-3, 3, -3, 3)),
    ("exp(-x**2 - y**2) * cos(pi*x)", (-2, 2, -2, 2)),
    ("log(x) + sqrt(y) - x**y", (0.2, 3, 0.2, 3)),
    ("tan(x/2) + atan(x*y) + tanh(y) * cosh(x) - sinh(y/3)", (-2, 2, -2, 2)),
    ("abs(x - 1) + abs(y) ** 1.5 + e ** (x/4)", (-3, 3, -3, 3)),
    ("-x**-2 + +y / --2 + 2**x", (0.5, 3, -3, 3)),
    ("x ** 0.5 * y ** (1/3)", (0.1, 3, 0.1, 3)),
    ("sin(x)**3 / (2 + cos(y))", (-3, 3, -3, 3)),
]


def random_points(view, count=100, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(view[0], view[1], count), rng.uniform(view[2], view[3], count)


@pytest.mark.parametrize("formula, view", FORMULAS)
def test_derivative_matches_torch_autograd(formula, view):
    surface = expression_surface(formula)
    assert_gradient_is_autograd(surface, *random_points(view))


@pytest.mark.parametrize("formula, view", FORMULAS)
def test_derivative_matches_central_differences(formula, view):
    surface, h = expression_surface(formula), 1e-6
    for x, y in zip(*(v.tolist() for v in random_points(view, 20, seed=1))):
        gx, gy = surface.gradient(x, y)
        estimate_x = (surface.value(x + h, y) - surface.value(x - h, y)) / (2 * h)
        estimate_y = (surface.value(x, y + h) - surface.value(x, y - h)) / (2 * h)
        tolerance = 1e-5 * (1 + abs(gx) + abs(gy) + abs(surface.value(x, y)))
        assert abs(gx - estimate_x) <= tolerance and abs(gy - estimate_y) <= tolerance, (x, y)


@pytest.mark.parametrize("formula, view", FORMULAS)
def test_floats_and_arrays_agree(formula, view):
    surface = expression_surface(formula)
    xs, ys = random_points(view, 30, seed=2)
    values, (gxs, gys) = surface.value(xs, ys), surface.gradient(xs, ys)
    both = surface.value_and_gradient(xs, ys)
    for i, (x, y) in enumerate(zip(xs.tolist(), ys.tolist())):
        value, (gx, gy) = surface.value(x, y), surface.gradient(x, y)
        assert type(value) is float and type(gx) is float and type(gy) is float
        assert value == pytest.approx(values[i], rel=1e-12, abs=1e-12)
        assert (gx, gy) == pytest.approx((gxs[i], gys[i]), rel=1e-11, abs=1e-12)
        assert surface.value_and_gradient(x, y) == (value, (gx, gy))
        assert both[0][i] == values[i] and both[1][0][i] == gxs[i]


def test_known_derivatives_are_exact():
    surface = expression_surface("x**2 + 10*sin(y)")
    assert surface.value(1.0, 2.0) == 1.0 + 10 * math.sin(2.0)
    assert surface.gradient(1.0, 2.0) == (2.0, 10 * math.cos(2.0))
    assert expression_surface("3*x - y/4 + pi").gradient(5.0, 7.0) == (3.0, -0.25)
    assert expression_surface("7").gradient(1.0, 1.0) == (0.0, 0.0)


def leaves():
    return st.sampled_from(["x", "y", "0.5", "2", "pi"])


def combine(children):
    unary = st.sampled_from(["sin({})", "cos({})", "tanh({})", "atan({})", "exp(sin({}))",
                             "sqrt(1 + ({})**2)", "log(2 + cos({}))", "({})**3", "-({})"])
    binary = st.sampled_from(["({}) + ({})", "({}) - ({})", "({}) * ({})",
                              "({}) / (1.5 + sin({}))"])
    return st.one_of(
        st.tuples(unary, children).map(lambda t: t[0].format(t[1])),
        st.tuples(binary, children, children).map(lambda t: t[0].format(t[1], t[2])),
    )


@settings(max_examples=40, deadline=None)
@given(formula=st.recursive(leaves(), combine, max_leaves=8),
       x=st.floats(-2, 2), y=st.floats(-2, 2))
def test_random_formulas_differentiate_like_autograd(formula, x, y):
    surface = expression_surface(formula)
    want = autograd(surface, np.array([x]), np.array([y]))
    got = surface.gradient(x, y)
    scale = 1e-9 * max(1.0, abs(want[0][0]), abs(want[1][0]))
    assert got == pytest.approx((want[0][0], want[1][0]), rel=1e-9, abs=scale)


# --- rejection -------------------------------------------------------------------

REJECTED = [
    ('__import__("os")', "unknown function '__import__' (allowed: sin, cos, tan,"),
    ('__import__("os").system("true")', "attribute access ('.system') is not allowed"),
    ("x.real", "attribute access ('.real') is not allowed"),
    ("().__class__", "attribute access ('.__class__') is not allowed"),
    ("z + 1", "unknown name 'z' (allowed: x, y, pi, e)"),
    ("lambda: 1", "lambda is not allowed"),
    ("x[0]", "indexing is not allowed"),
    ('"a"', "strings are not allowed"),
    ("x +", "syntax error at column"),
    ("", "the formula is empty"),
    ("   ", "the formula is empty"),
    ("x ^ 2", "operator '^' is not allowed (write ** for powers)"),
    ("x % 2", "operator '%' is not allowed"),
    ("sin(x, y)", "sin takes one argument, got 2"),
    ("sin()", "sin takes one argument, got 0"),
    ("exp(x=1)", "keyword arguments are not allowed (in exp)"),
    ("math.sin(x)", "attribute access ('.sin') is not allowed"),
    ("(x)(y)", "unknown function 'x'"),
    ("sin(x)(y)", "only plain function names can be called"),
    ("sin", "'sin' is a function: call it, as in sin(x)"),
    ("x if y else 1", "if/else is not allowed"),
    ("x < y", "comparisons are not allowed"),
    ("x and y", "and/or is not allowed"),
    ("not x", "operator 'not' is not allowed"),
    ("[x, y]", "lists are not allowed"),
    ("(x, y)", "tuples are not allowed"),
    ("2j * x", "complex numbers are not allowed"),
    ("True + x", "True is not allowed"),
    ("1e999 * x", "the number inf is too large"),
    ("(y := 2)", "assignment (:=) is not allowed"),
    ("f'{x}'", "f-strings are not allowed"),
    ("[i for i in x]", "comprehensions are not allowed"),
]


@pytest.mark.parametrize("formula, message", REJECTED)
def test_invalid_or_unsafe_formulas_are_rejected_with_a_one_line_reason(formula, message):
    with pytest.raises(ValueError) as error:
        expression_surface(formula)
    text = str(error.value)
    assert text.startswith(f'formula "{formula.strip()}": ')
    assert message in text
    assert "\n" not in text


def test_the_unknown_function_message_lists_every_allowed_function():
    with pytest.raises(ValueError) as error:
        expression_surface("x**2 + foo(y)")
    assert str(error.value) == (
        "formula \"x**2 + foo(y)\": unknown function 'foo' (allowed: "
        "sin, cos, tan, exp, log, sqrt, abs, tanh, cosh, sinh, atan)")
    assert list(FUNCTIONS) == ["sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh",
                               "cosh", "sinh", "atan"]


def test_long_formulas_are_refused_and_shortened_in_the_message():
    formula = "x" + " + x" * MAX_LENGTH
    with pytest.raises(ValueError) as error:
        expression_surface(formula)
    assert str(error.value) == f'formula "{formula[:77]}...": too long ({len(formula)} characters, at most 500)'


def test_deep_nesting_is_refused_not_crashed():
    with pytest.raises(ValueError, match="formula"):
        expression_surface("(" * 240 + "x" + ")" * 240)


def test_make_surface_does_not_take_formulas():
    with pytest.raises(ValueError, match="unknown surface"):
        make_surface("x**2 + y**2")


# --- domain problems ----------------------------------------------------------------

DOMAIN_ERRORS = [
    ("log(x)", (-1.0, 0.0)),
    ("log(x)", (0.0, 0.0)),
    ("sqrt(x)", (-1.0, 0.0)),
    ("1/x", (0.0, 1.0)),
    ("x**-1", (0.0, 1.0)),
    ("exp(x)", (1000.0, 0.0)),
    ("cosh(x) + y", (1000.0, 0.0)),
    ("x**0.5", (-4.0, 0.0)),
    ("x**y", (-2.0, 0.5)),
    ("(-8)**(1/3) + x", (0.0, 0.0)),
    ("x**2", (1e200, 0.0)),
]


@pytest.mark.parametrize("formula, point", DOMAIN_ERRORS)
def test_float_path_fails_only_with_errors_the_trajectory_catches(formula, point):
    surface = expression_surface(formula)
    for evaluate in (surface.value, surface.gradient):
        try:
            result = evaluate(*point)
        except FLOAT_ERRORS:
            continue
        numbers = result if isinstance(result, tuple) else (result,)
        assert all(isinstance(n, float) for n in numbers)  # never complex


@pytest.mark.parametrize("formula, point", DOMAIN_ERRORS)
def test_array_path_gives_nan_or_inf_silently(formula, point):
    surface = expression_surface(formula)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = surface.value(np.array([point[0]]), np.array([point[1]]))
        gradient = surface.gradient(np.array([point[0]]), np.array([point[1]]))
    assert value.dtype == float and all(g.dtype == float for g in gradient)
    assert not (np.isfinite(value).all() and all(np.isfinite(g).all() for g in gradient))


def test_a_run_into_undefined_territory_ends_instead_of_crashing():
    surface = expression_surface("log(x) + y**2", start=(0.5, 1.0))
    (trajectory,) = run(surface, [resolve("sgd", {"lr": 1.0})], surface.start, 100)
    assert trajectory.diverged_at is not None and trajectory.steps < 5


# --- the surface -------------------------------------------------------------------


def test_the_surface_describes_itself():
    surface = expression_surface("  x**2 + y**2 ")
    assert isinstance(surface, ExpressionSurface) and isinstance(surface, Surface)
    assert surface.name == "expression"
    assert surface.title == surface.formula == surface.describe() == "x**2 + y**2"
    assert surface.view == DEFAULT_VIEW == (-3.0, 3.0, -3.0, 3.0)
    assert surface.minima() == () and surface.params == {}
    assert surface.with_params() is surface
    with pytest.raises(ValueError, match="has no parameter 'a'"):
        surface.with_params(a=1.0)


def test_view_and_start_can_be_given_and_are_checked():
    surface = expression_surface("x*y", view=(0, 1, -2, 2), start=(0.5, 1))
    assert surface.view == (0.0, 1.0, -2.0, 2.0) and surface.start == (0.5, 1.0)
    with pytest.raises(ValueError, match="view must be"):
        expression_surface("x", view=(1, 0, 0, 1))
    with pytest.raises(ValueError, match="view must be 4 finite numbers"):
        expression_surface("x", view=(0, 1, 0))
    with pytest.raises(ValueError, match="start must be 2 finite numbers"):
        expression_surface("x", start=(0, math.nan))


def test_the_default_start_is_a_point_where_the_formula_is_defined():
    assert expression_surface("x**2 + y**2").start == (-2.0, 2.5)
    start = expression_surface("log(x) + log(-y)").start
    assert start[0] > 0 and start[1] < 0


def test_constant_parts_still_fill_the_grid_and_the_gradient():
    surface = expression_surface("x**2 + 1")
    assert surface.grid(4, 3).shape == (3, 4)
    gx, gy = surface.gradient(np.zeros((2, 1)), np.ones((1, 5)))
    assert gx.shape == gy.shape == (2, 5) and not gy.any()
