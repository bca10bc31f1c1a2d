"""Param: what one key press does (nudge), type checks (coerce), display (format_value)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.params import Param, format_value

LR = Param("lr", 1e-3, 1e-6, 10.0, log=True)
MOMENTUM = Param("momentum", 0.9, 0.0, 0.999, step=0.05)
RHO = Param("rho", 0.9, 0.0, 1.0)  # no step: 1/20 of the range
DECAY = Param("weight_decay", 0.0, 1e-5, 1.0, log=True, zero=True)
BETAS = Param("betas", (0.9, 0.999), 0.0, 0.9999, kind="pair", step=0.01)
FLAG = Param("nesterov", False, kind="bool")
LAYERS = Param("layers", 2, 1, 5, kind="int")


def presses(param: Param, value, direction: int, count: int, fine: bool = False, index: int = 0):
    seen = []
    for _ in range(count):
        value = param.nudge(value, direction, fine, index)
        seen.append(value)
    return seen


# -- log scale ------------------------------------------------------------------------


def test_log_steps_are_ten_per_decade():
    assert presses(LR, 1e-3, +1, 10) == [0.00126, 0.00158, 0.002, 0.00251, 0.00316, 0.00398,
                                         0.00501, 0.00631, 0.00794, 0.01]
    assert presses(LR, 1e-3, -1, 10)[-1] == 1e-4


def test_fine_log_steps_are_fifty_per_decade():
    up = presses(LR, 1e-3, +1, 50, fine=True)
    assert up[0] == 0.00105 and up[-1] == 0.01
    assert len(set(up)) == 50
    assert presses(LR, 1e-3, -1, 50, fine=True)[-1] == 1e-4


@pytest.mark.parametrize("fine, low, high", [(False, 1.25, 1.27), (True, 1.04, 1.051)])
def test_log_steps_are_even_and_readable_across_the_range(fine, low, high):
    values = [1e-6, *presses(LR, 1e-6, +1, 400, fine)]
    values = values[:values.index(10.0) + 1]
    ratios = [b / a for a, b in zip(values, values[1:])]
    assert low <= min(ratios) and max(ratios) <= high
    assert all(float(f"{v:.3g}") == v for v in values)
    assert presses(LR, 10.0, -1, len(values) - 1, fine)[-1] == 1e-6


def test_log_value_off_the_grid_moves_to_its_neighbours():
    assert LR.nudge(0.0014, +1) == 0.00158
    assert LR.nudge(0.0014, -1) == 0.00126


def test_log_steps_clamp_to_the_range():
    assert LR.nudge(10.0, +1) == 10.0
    assert LR.nudge(8.0, +1) == 10.0
    assert LR.nudge(1e-6, -1) == 1e-6
    assert LR.nudge(50.0, -1) == 10.0
    assert presses(LR, 1e-3, -1, 100)[-1] == 1e-6  # never 0 without ``zero``


def test_zero_capable_log_param_goes_to_zero_below_low_and_back():
    assert DECAY.nudge(0.0, +1) == 1e-5
    assert DECAY.nudge(0.0, +1, fine=True) == 1e-5
    assert DECAY.nudge(1e-5, -1) == 0.0
    assert DECAY.nudge(1e-5, -1, fine=True) == 0.0
    assert DECAY.nudge(0.0, -1) == 0.0
    assert DECAY.nudge(1e-5, +1) == 1.26e-5
    assert DECAY.nudge(5e-6, +1) == 1e-5  # a value below low, from a file
    assert DECAY.nudge(5e-6, -1) == 0.0
    assert presses(DECAY, 1e-3, -1, 21) == [*presses(DECAY, 1e-3, -1, 20), 0.0]


# -- linear scale ---------------------------------------------------------------------


def test_linear_steps_by_step_and_a_tenth_when_fine():
    assert MOMENTUM.nudge(0.9, +1) == 0.95
    assert MOMENTUM.nudge(0.9, -1) == 0.85
    assert MOMENTUM.nudge(0.9, +1, fine=True) == 0.905
    assert presses(MOMENTUM, 0.9, +1, 7, fine=True)[-1] == 0.935
    assert presses(MOMENTUM, 0.0, +1, 5) == [0.05, 0.1, 0.15, 0.2, 0.25]  # no 0.15000000000000002


def test_linear_step_defaults_to_a_twentieth_of_the_range():
    assert RHO.nudge(0.9, +1) == 0.95
    assert RHO.nudge(0.9, -1, fine=True) == 0.895


@pytest.mark.parametrize("value, up, down", [(0.93, 0.95, 0.9), (0.92, 0.95, 0.9),
                                             (0.901, 0.95, 0.9), (0.9, 0.95, 0.85)])
def test_linear_value_off_the_grid_snaps_to_its_neighbours(value, up, down):
    assert MOMENTUM.nudge(value, +1) == up
    assert MOMENTUM.nudge(value, -1) == down


def test_linear_steps_clamp_to_the_range():
    assert MOMENTUM.nudge(0.95, +1) == 0.999
    assert MOMENTUM.nudge(0.999, +1) == 0.999
    assert MOMENTUM.nudge(0.999, -1) == 0.95
    assert MOMENTUM.nudge(0.0, -1) == 0.0
    assert RHO.nudge(1.0, +1) == 1.0


# -- other kinds ----------------------------------------------------------------------


def test_bool_toggles_either_way():
    assert FLAG.nudge(False, +1) is True
    assert FLAG.nudge(False, -1) is True
    assert FLAG.nudge(True, +1, fine=True) is False


def test_pair_nudges_one_component():
    assert BETAS.nudge((0.9, 0.999), +1, index=0) == (0.91, 0.999)
    assert BETAS.nudge((0.9, 0.999), -1, index=0, fine=True) == (0.899, 0.999)
    assert BETAS.nudge((0.9, 0.999), +1, index=1) == (0.9, 0.9999)
    assert BETAS.nudge((0.9, 0.999), -1, index=1) == (0.9, 0.99)
    assert BETAS.nudge([0.0, 0.5], -1, index=0) == (0.0, 0.5)


def test_int_steps_by_one_and_clamps():
    assert LAYERS.nudge(2, +1) == 3 and isinstance(LAYERS.nudge(2, +1), int)
    assert LAYERS.nudge(5, +1) == 5
    assert LAYERS.nudge(1, -1) == 1


@settings(max_examples=300, deadline=None)
@given(param=st.sampled_from([LR, MOMENTUM, RHO, DECAY]), fraction=st.floats(0.0, 1.0),
       fine=st.booleans())
def test_a_press_moves_one_step_the_right_way_and_stays_in_range(param, fraction, fine):
    if param.log:
        value = min(param.low * (param.high / param.low) ** fraction, param.high)
    else:
        value = param.low + fraction * (param.high - param.low)
    up, down = param.nudge(value, +1, fine), param.nudge(value, -1, fine)
    assert param.accepts(up) and param.accepts(down)
    assert down < value < up or value in (param.low, param.high)
    if param.log:  # at most a step and a quarter (a value near a grid point counts as on it)
        most = 10 ** (1.25 / (50 if fine else 10)) * 1.006
        assert up / value <= most and (down == 0 or value / down <= most)
    else:
        most = (param.step or (param.high - param.low) / 20) / (10 if fine else 1) * (1 + 1e-6)
        assert up - value <= most and value - down <= most


# -- accepts / coerce -----------------------------------------------------------------


def test_accepts_the_range_and_zero_only_when_allowed():
    assert DECAY.accepts(0.0) and DECAY.accepts(1e-5) and not DECAY.accepts(2.0)
    assert not LR.accepts(0.0) and LR.accepts(10.0)
    assert not MOMENTUM.accepts(1.0)


def test_coerce_turns_numbers_into_the_kind():
    assert LR.coerce(1, "here") == 1.0 and isinstance(LR.coerce(1, "here"), float)
    assert LAYERS.coerce(3.0, "here") == 3 and isinstance(LAYERS.coerce(3.0, "here"), int)
    assert BETAS.coerce([0, 0.99], "here") == (0.0, 0.99)
    assert FLAG.coerce(True, "here") is True


@pytest.mark.parametrize("param, value, words", [
    (LR, "0.1", "lr must be a number, got '0.1'"),
    (LR, True, "lr must be a number, got True"),
    (LR, None, "lr must be a number, got None"),
    (LR, [0.1], "lr must be a number, got [0.1]"),
    (LAYERS, 2.5, "layers must be a whole number, got 2.5"),
    (LAYERS, False, "layers must be a number, got False"),
    (FLAG, 1, "nesterov must be true or false, got 1"),
    (FLAG, "true", "nesterov must be true or false, got 'true'"),
    (BETAS, 0.9, "betas must be a pair of numbers, got 0.9"),
    (BETAS, (0.9, 0.99, 0.999), "betas must be a pair of numbers, got (0.9, 0.99, 0.999)"),
    (BETAS, ("0.9", 0.999), "betas must be a pair of numbers, got ('0.9', 0.999)"),
    (BETAS, (True, 0.999), "betas must be a pair of numbers, got (True, 0.999)"),
    (BETAS, "ab", "betas must be a pair of numbers, got 'ab'"),
])
def test_coerce_refuses_the_wrong_type_naming_where_and_what(param, value, words):
    with pytest.raises(ValueError) as error:
        param.coerce(value, "race.toml: optimizer 'adam'")
    assert str(error.value) == f"race.toml: optimizer 'adam': {words}"


# -- format_value ---------------------------------------------------------------------


@pytest.mark.parametrize("value, shown", [
    (0.001, "0.001"), (1e-8, "1e-08"), (0.9, "0.9"), (0.123456, "0.1235"), (0.0, "0"),
    (12345.0, "1.234e+04"), (3, "3"), (True, "True"), (False, "False"),
    ((0.9, 0.999), "(0.9, 0.999)"), ((0.9, 1e-5), "(0.9, 1e-05)"), (math.inf, "inf"),
])
def test_format_value(value, shown):
    assert format_value(value) == shown
