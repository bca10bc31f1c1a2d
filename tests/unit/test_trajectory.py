"""Running optimizers on a surface: paths, losses, divergence, internal state."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from playground.optimizers import resolve
from playground.surfaces import Minimum, Surface, make_surface
from playground.trajectory import divergence_bound, run, run_one, state_at, walk
from playground.xp import scalar

RAVINE = make_surface("ravine")  # (x² + 100·y²) / 2 from (-10, 1)
ROSENBROCK = make_surface("rosenbrock")


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def assert_consistent(trajectory, surface) -> None:
    """Losses and gradient norms are the surface's own, at every position."""
    n = len(trajectory.path)
    assert trajectory.path.shape == (n, 2)
    assert trajectory.losses.shape == trajectory.grad_norms.shape == (n,)
    x, y = trajectory.path.T
    assert np.allclose(trajectory.losses, surface.value(x, y), rtol=1e-12, atol=0)
    assert np.allclose(trajectory.grad_norms, np.hypot(*surface.gradient(x, y)), rtol=1e-12, atol=0)


def test_sgd_converges_on_the_ravine():
    trajectory = run_one(RAVINE, resolve("sgd", {"lr": 0.01}), RAVINE.start, 1000)
    assert trajectory.diverged_at is None and trajectory.steps == 1000
    assert trajectory.path[0].tolist() == [-10.0, 1.0]
    assert trajectory.path[1].tolist() == [-9.9, 0.0]  # lr = 1/condition: y is done in one step
    assert np.all(np.diff(trajectory.losses) <= 0)
    assert trajectory.final_loss == pytest.approx(0.5 * (10 * 0.99**1000) ** 2, rel=1e-9)
    assert_consistent(trajectory, RAVINE)


def test_momentum_reaches_1e_3_in_far_fewer_steps():
    plain, momentum = run(RAVINE, [resolve("sgd", {"lr": 0.01}), resolve("momentum", {"lr": 0.01})],
                          RAVINE.start, 1000)
    # plain SGD: 50·0.99^(2t) <= 1e-3 first at t = 539
    assert plain.steps_to(1e-3) == math.ceil(math.log(2e-5) / (2 * math.log(0.99)))
    assert momentum.steps_to(1e-3) is not None
    assert momentum.steps_to(1e-3) * 3 < plain.steps_to(1e-3)
    assert [t.label for t in (plain, momentum)] == ["sgd", "momentum"]


def test_run_races_every_optimizer_from_the_same_start():
    names = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "nadam"]
    trajectories = run(RAVINE, [resolve(name, {"lr": 0.01}) for name in names], (3.0, -2.0), 200)
    assert [t.label for t in trajectories] == names
    for trajectory in trajectories:
        assert trajectory.path[0].tolist() == [3.0, -2.0] and trajectory.steps == 200
        assert_consistent(trajectory, RAVINE)


def test_too_fast_sgd_diverges_cleanly():
    # lr·condition = 3: y is multiplied by -2 each step, past the bound at step 25
    trajectory = run_one(RAVINE, resolve("sgd", {"lr": 0.03}), RAVINE.start, 1000)
    bound = divergence_bound(RAVINE)
    assert trajectory.diverged_at == next(t for t in range(100) if 2**t > bound) == 25
    assert trajectory.steps == 24 and len(trajectory.losses) == len(trajectory.grad_norms) == 25
    assert np.all(np.isfinite(trajectory.path))
    assert np.all(np.isfinite(trajectory.losses)) and np.all(np.isfinite(trajectory.grad_norms))
    assert np.abs(trajectory.path).max() <= bound
    assert trajectory.final_loss == math.inf
    assert_consistent(trajectory, RAVINE)


def test_torch_walk_diverges_at_the_same_step():
    ours = run_one(RAVINE, resolve("sgd", {"lr": 0.03}), RAVINE.start, 1000)
    theirs = run_one(RAVINE, resolve("torch.optim.SGD", {"lr": 0.03}), RAVINE.start, 1000)
    assert theirs.diverged_at == ours.diverged_at
    assert np.array_equal(theirs.path, ours.path)


@pytest.mark.parametrize("start", [(1e9, 0.0), (0.0, -1e9), (math.nan, 0.0), (math.inf, 1.0)])
def test_start_outside_the_bound_is_divergence_at_step_0(start):
    trajectory = run_one(RAVINE, resolve("adam"), start, 100)
    assert trajectory.diverged_at == 0
    assert trajectory.path.shape == (0, 2) and trajectory.losses.shape == (0,)
    assert trajectory.final_loss == math.inf and trajectory.steps_to(1e300) is None


def test_a_given_bound_replaces_the_default():
    assert run_one(RAVINE, resolve("sgd"), (5.0, 0.0), 10, bound=1.0).diverged_at == 0
    assert run_one(RAVINE, resolve("sgd"), (5.0, 0.0), 10, bound=5.0).diverged_at is None


def test_zero_steps_is_just_the_start():
    trajectory = run_one(RAVINE, resolve("adam"), RAVINE.start, 0)
    assert trajectory.diverged_at is None and trajectory.path.tolist() == [[-10.0, 1.0]]
    assert trajectory.final_loss == 100.0


def test_walk_yields_position_loss_and_gradient_norm():
    x, y, loss, grad_norm = next(walk(RAVINE, resolve("sgd"), RAVINE.start))
    assert (x, y, loss) == (-10.0, 1.0, 100.0) and grad_norm == math.hypot(10, 100)


def test_steps_to():
    trajectory = run_one(RAVINE, resolve("sgd", {"lr": 0.01}), RAVINE.start, 1000)
    losses = trajectory.losses
    assert trajectory.steps_to(100.0) == 0  # the start
    assert trajectory.steps_to(losses[1]) == 1
    assert trajectory.steps_to(losses[500]) == 500  # the losses only fall
    assert trajectory.steps_to(losses[500] * (1 - 1e-12)) == 501
    assert trajectory.steps_to(0.0) is None
    assert trajectory.steps_to(1e-3) <= trajectory.steps_to(1e-4)


def test_state_at_is_the_momentum_buffer():
    config = resolve("momentum", {"lr": 0.01})
    assert state_at(RAVINE, config, RAVINE.start, 1) == {"momentum_buffer": (-10.0, 100.0)}
    # step 2: the gradient at (-9.9, 0) enters: b = 0.9·(-10, 100) + (-9.9, 0)
    buffer = state_at(RAVINE, config, RAVINE.start, 2)["momentum_buffer"]
    assert buffer == pytest.approx((-18.9, 90.0), rel=1e-12)


def test_state_at_is_adagrads_sum_of_squares():
    config = resolve("adagrad", {"lr": 0.5, "initial_accumulator_value": 0.25})
    path = run_one(RAVINE, config, RAVINE.start, 3).path
    gx, gy = RAVINE.gradient(path[:3, 0], path[:3, 1])
    total = state_at(RAVINE, config, RAVINE.start, 3)["sum"]
    assert total == pytest.approx((0.25 + np.sum(gx**2), 0.25 + np.sum(gy**2)), rel=1e-12)


def test_state_at_shows_nothing_without_state():
    assert state_at(RAVINE, resolve("sgd"), RAVINE.start, 10) == {}
    assert state_at(RAVINE, resolve("adam"), RAVINE.start, 0) == {}
    assert state_at(RAVINE, resolve("torch.optim.Adam"), RAVINE.start, 10) == {}


def test_state_at_names_every_piece_of_adams_state():
    state = state_at(RAVINE, resolve("adam", {"amsgrad": True}), RAVINE.start, 5)
    assert set(state) == {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
    assert all(isinstance(v, float) for pair in state.values() for v in pair)


# -- float errors end the walk as divergence -------------------------------------------


def test_overflow_in_a_power_ends_the_walk():
    # No bound: x grows until Rosenbrock's (y - x²)**2 overflows a Python float.
    config = resolve("sgd", {"lr": 0.01})
    trajectory = run_one(ROSENBROCK, config, ROSENBROCK.start, 1000, bound=math.inf)
    assert trajectory.diverged_at is not None and trajectory.diverged_at < 20
    assert np.all(np.isfinite(trajectory.path)) and np.all(np.isfinite(trajectory.losses))
    x, y = map(float, trajectory.path[-1])
    gx, gy = ROSENBROCK.gradient(x, y)
    with pytest.raises(OverflowError):  # what the next step met
        ROSENBROCK.value(x - 0.01 * gx, y - 0.01 * gy)
    assert state_at(ROSENBROCK, config, ROSENBROCK.start, 100) == {}


class Steps(Surface):
    """A gradient of 1.3 right of 0 and 0.3 left of it: centered RMSprop with
    alpha = 0 then averages the gradient to 1.3 + (0.3 - 1.3) =
    0.30000000000000004 against a mean square of 0.09, so its variance rounds
    below zero. (torch's lerp lands on 0.3 exactly: variance 0, a step of
    lr·g/eps. Either way alpha = 0 leaves no variance to divide by.)"""

    name = "steps"
    title = "Steps"
    formula = "1.3·x if x > 0 else 0.3·x"
    view = (-10.0, 10.0, -10.0, 10.0)
    start = (1.0, 0.0)

    def _value(self, x, y, xp):
        return xp.where(x > 0, 1.3 * x, 0.3 * x) + 0 * y

    def _gradient(self, x, y, xp):
        return xp.where(x > 0, 1.3, 0.3), 0 * y

    def minima(self):
        return (Minimum(-10.0, 0.0, -3.0),)


def test_square_root_of_a_negative_ends_the_walk():
    config = resolve("rmsprop", {"alpha": 0.0, "centered": True, "lr": 1e-8})
    step, state = config.make_step(), {}
    step(1.0, 1.3, state, 1, scalar)
    with pytest.raises(ValueError, match="math domain error"):  # what the walk meets
        step(-0.3, 0.3, state, 2, scalar)

    trajectory = run_one(Steps(), config, Steps.start, 100)
    assert trajectory.diverged_at == 2
    assert trajectory.path[1, 0] == pytest.approx(1.0 - 1.3)  # 1e-8·1.3/(0 + 1e-8)
    assert state_at(Steps(), config, Steps.start, 5) == {}


def test_zero_over_zero_ends_the_walk_as_torch_makes_nan():
    # eps = 0 at the minimum: 0 / (√0 + 0); torch steps to NaN, which is divergence too.
    ours = run_one(RAVINE, resolve("rmsprop", {"eps": 0.0}), (0.0, 0.0), 10)
    theirs = run_one(RAVINE, resolve("torch.optim.RMSprop", {"eps": 0.0}), (0.0, 0.0), 10)
    assert ours.diverged_at == theirs.diverged_at == 1
