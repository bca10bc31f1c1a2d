"""The update rules, sorted in order of increasing complexity.

Each rule is a factory taking torch.optim's keyword arguments (same names,
same defaults, same refusals) and returning ``step(p, g, state, t, xp) -> p``:
one update of the parameters ``p`` given the gradient ``g``, at step ``t``
(1 for the first), with ``state`` a dict the rule owns. Every rule here is
coordinate-wise, so ``p`` may be a Python float (one coordinate of one point:
the fastest way to run a single trajectory) or a numpy array of any shape
(thousands of points at once); ``xp`` is the matching namespace
(``playground.xp.scalar`` or ``numpy``). In sweeps a float hyperparameter may
be an array broadcasting against ``p``, so each point runs its own setting;
booleans (nesterov, amsgrad, centered) stay plain.
"""

from __future__ import annotations

import numpy as np

from .checks import check_beta, check_non_negative, check_range


def _nonzero(value) -> bool:
    # An array of settings may hold zeros and non-zeros: take the general path,
    # which equals the special case wherever the setting is zero.
    return isinstance(value, np.ndarray) or value != 0


def _decayed(p, g, lr, weight_decay, decoupled: bool):
    """Weight decay as torch does it: shrink θ itself (decoupled, as AdamW) or add λθ to g."""
    if decoupled:
        return p * (1 - lr * weight_decay), g
    return p, g + weight_decay * p


def _moments(s, g, beta1, beta2):
    """Adam's two running averages of g and g², updated in the state ``s``."""
    m = s.get("exp_avg", 0.0)
    m = s["exp_avg"] = m + (1 - beta1) * (g - m)
    v = s["exp_avg_sq"] = beta2 * s.get("exp_avg_sq", 0.0) + (1 - beta2) * g * g
    return m, v


def _check_adam_family(lr, betas, eps, weight_decay) -> None:
    check_non_negative("learning rate", lr)
    check_non_negative("epsilon value", eps)
    check_beta(0, betas[0])
    check_beta(1, betas[1])
    check_non_negative("weight_decay value", weight_decay)


def sgd(lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    r"""Stochastic gradient descent, optionally with (Nesterov) momentum.

    .. math::
        g_t = \nabla f(\theta_{t-1}) + \lambda \theta_{t-1} \\
        b_t = g_t \text{ if } t = 1 \text{ else } \mu b_{t-1} + (1 - \tau) g_t \\
        g_t = g_t + \mu b_t \text{ if nesterov else } b_t \\
        \theta_t = \theta_{t-1} - \gamma g_t

    Args: lr (γ, 1e-3), momentum (μ, 0), dampening (τ, 0), weight_decay (λ, 0),
    nesterov (False). The momentum buffer starts as the first gradient, as in
    torch.optim.SGD.
    """
    check_non_negative("learning rate", lr)
    check_non_negative("momentum value", momentum)
    check_non_negative("weight_decay value", weight_decay)
    if nesterov and (np.any(np.asarray(momentum) <= 0) or np.any(np.asarray(dampening) != 0)):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")
    use_momentum, use_decay = _nonzero(momentum), _nonzero(weight_decay)

    def step(p, g, s, t, xp):
        if use_decay:
            g = g + weight_decay * p
        if use_momentum:
            b = s["momentum_buffer"] = g if t == 1 else momentum * s["momentum_buffer"] + (1 - dampening) * g
            g = g + momentum * b if nesterov else b
        return p - lr * g

    return step


def adagrad(lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10):
    r"""Adagrad: a per-coordinate rate that only ever shrinks.

    .. math::
        \tilde\gamma = \gamma / (1 + (t - 1) \eta) \\
        g_t = \nabla f(\theta_{t-1}) + \lambda \theta_{t-1} \\
        s_t = s_{t-1} + g_t^2 \\
        \theta_t = \theta_{t-1} - \tilde\gamma \, g_t / (\sqrt{s_t} + \epsilon)

    Args: lr (γ, 1e-2), lr_decay (η, 0), weight_decay (λ, 0),
    initial_accumulator_value (s₀, 0), eps (ε, 1e-10; outside the root, as torch).
    """
    check_non_negative("learning rate", lr)
    check_non_negative("lr_decay value", lr_decay)
    check_non_negative("weight_decay value", weight_decay)
    check_non_negative("initial_accumulator_value value", initial_accumulator_value)
    check_non_negative("epsilon value", eps)
    use_decay = _nonzero(weight_decay)

    def step(p, g, s, t, xp):
        if use_decay:
            g = g + weight_decay * p
        total = s["sum"] = s.get("sum", initial_accumulator_value) + g * g
        return p - lr / (1 + (t - 1) * lr_decay) * g / (xp.sqrt(total) + eps)

    return step


def handwritten_adagrad(lr=1e-2, eps=1e-10):
    r"""The seed note's hand-written Adagrad: ε inside the square root.

    .. math::
        s_t = s_{t-1} + g_t^2, \quad \theta_t = \theta_{t-1} - \gamma \, g_t / \sqrt{s_t + \epsilon}

    Args: lr (γ, 1e-2), eps (ε, 1e-10).
    """
    check_non_negative("learning rate", lr)
    check_non_negative("epsilon value", eps)

    def step(p, g, s, t, xp):
        total = s["sum"] = s.get("sum", 0.0) + g * g
        return p - lr * g / xp.sqrt(total + eps)

    return step


def rmsprop(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
    r"""RMSprop: Adagrad with a moving average, so the rate can recover.

    .. math::
        g_t = \nabla f(\theta_{t-1}) + \lambda \theta_{t-1} \\
        v_t = \alpha v_{t-1} + (1 - \alpha) g_t^2 \\
        \bar g_t = \alpha \bar g_{t-1} + (1 - \alpha) g_t, \;
        \tilde v_t = v_t - \bar g_t^2 \text{ if centered else } v_t \\
        b_t = \mu b_{t-1} + g_t / (\sqrt{\tilde v_t} + \epsilon), \;
        \theta_t = \theta_{t-1} - \gamma b_t

    Args: lr (γ, 1e-2), alpha (α, 0.99), eps (ε, 1e-8), weight_decay (λ, 0),
    momentum (μ, 0; without it the step is γ g_t / (√ṽ_t + ε)), centered (False).
    """
    check_non_negative("learning rate", lr)
    check_non_negative("epsilon value", eps)
    check_non_negative("momentum value", momentum)
    check_non_negative("weight_decay value", weight_decay)
    check_non_negative("alpha value", alpha)
    use_momentum, use_decay = _nonzero(momentum), _nonzero(weight_decay)

    def step(p, g, s, t, xp):
        if use_decay:
            g = g + weight_decay * p
        v = s["square_avg"] = alpha * s.get("square_avg", 0.0) + (1 - alpha) * g * g
        if centered:
            mean = s.get("grad_avg", 0.0)
            mean = s["grad_avg"] = mean + (1 - alpha) * (g - mean)
            v = v - mean * mean
        scaled = g / (xp.sqrt(v) + eps)
        if use_momentum:
            scaled = s["momentum_buffer"] = momentum * s.get("momentum_buffer", 0.0) + scaled
        return p - lr * scaled

    return step


def adadelta(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0):
    r"""Adadelta: the step's own running size replaces the learning rate.

    .. math::
        v_t = \rho v_{t-1} + (1 - \rho) g_t^2 \\
        \Delta_t = \sqrt{u_{t-1} + \epsilon} / \sqrt{v_t + \epsilon} \; g_t \\
        u_t = \rho u_{t-1} + (1 - \rho) \Delta_t^2, \;
        \theta_t = \theta_{t-1} - \gamma \Delta_t

    Args: lr (γ, 1.0: PyTorch keeps a scale), rho (ρ, 0.9), eps (ε, 1e-6),
    weight_decay (λ, 0; added to g_t).
    """
    check_non_negative("learning rate", lr)
    check_range("rho value", rho, 0.0, 1.0)
    check_non_negative("epsilon value", eps)
    check_non_negative("weight_decay value", weight_decay)
    use_decay = _nonzero(weight_decay)

    def step(p, g, s, t, xp):
        if use_decay:
            g = g + weight_decay * p
        v = s["square_avg"] = rho * s.get("square_avg", 0.0) + (1 - rho) * g * g
        u = s.get("acc_delta", 0.0)
        delta = xp.sqrt(u + eps) / xp.sqrt(v + eps) * g
        s["acc_delta"] = rho * u + (1 - rho) * delta * delta
        return p - lr * delta

    return step


def adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False,
         decoupled_weight_decay=False):
    r"""Adam: momentum on the gradient, RMSprop on its square, both bias-corrected.

    .. math::
        g_t = \nabla f(\theta_{t-1}) + \lambda \theta_{t-1}
            \;(\text{or } \theta_{t-1} \leftarrow \theta_{t-1}(1 - \gamma\lambda) \text{ if decoupled}) \\
        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \;
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \hat v_t = \max(\hat v_{t-1}, v_t) \text{ if amsgrad else } v_t \\
        \theta_t = \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t} \,
            m_t / (\sqrt{\hat v_t} / \sqrt{1 - \beta_2^t} + \epsilon)

    Args: lr (γ, 1e-3), betas ((β₁, β₂), (0.9, 0.999)), eps (ε, 1e-8),
    weight_decay (λ, 0), amsgrad (False), decoupled_weight_decay (False: AdamW
    when True).
    """
    beta1, beta2 = betas
    _check_adam_family(lr, betas, eps, weight_decay)
    use_decay = _nonzero(weight_decay)

    def step(p, g, s, t, xp):
        if use_decay:
            p, g = _decayed(p, g, lr, weight_decay, decoupled_weight_decay)
        m, v = _moments(s, g, beta1, beta2)
        if amsgrad:
            v = s["max_exp_avg_sq"] = xp.maximum(s.get("max_exp_avg_sq", 0.0), v)
        denom = xp.sqrt(v) / (1 - beta2**t) ** 0.5 + eps
        return p - lr / (1 - beta1**t) * m / denom

    return step


def adamw(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False):
    r"""AdamW: Adam with decoupled weight decay, θ ← θ(1 − γλ) before the step.

    Args: as Adam, but weight_decay (λ) defaults to 1e-2.
    """
    return adam(lr, betas, eps, weight_decay, amsgrad, decoupled_weight_decay=True)


def adamax(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    r"""Adamax: Adam with the infinity norm in place of the root mean square.

    .. math::
        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \;
        u_t = \max(\beta_2 u_{t-1}, |g_t| + \epsilon) \\
        \theta_t = \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t} m_t / u_t

    Args: lr (γ, 2e-3), betas ((0.9, 0.999)), eps (ε, 1e-8), weight_decay (λ, 0).
    """
    beta1, beta2 = betas
    _check_adam_family(lr, betas, eps, weight_decay)
    use_decay = _nonzero(weight_decay)

    def step(p, g, s, t, xp):
        if use_decay:
            g = g + weight_decay * p
        m = s.get("exp_avg", 0.0)
        m = s["exp_avg"] = m + (1 - beta1) * (g - m)
        u = s["exp_inf"] = xp.maximum(beta2 * s.get("exp_inf", 0.0), abs(g) + eps)
        return p - lr / (1 - beta1**t) * m / u

    return step


def nadam(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3,
          decoupled_weight_decay=False):
    r"""NAdam: Adam with Nesterov momentum and a warming momentum schedule.

    .. math::
        \mu_t = \beta_1 (1 - \tfrac12 \, 0.96^{t \psi}), \;
        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \;
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \theta_t = \theta_{t-1}
            - \gamma \frac{1 - \mu_t}{1 - \prod_{i \le t} \mu_i} \frac{g_t}{d_t}
            - \gamma \frac{\mu_{t+1}}{1 - \prod_{i \le t+1} \mu_i} \frac{m_t}{d_t},
        \quad d_t = \sqrt{v_t / (1 - \beta_2^t)} + \epsilon

    Args: lr (γ, 2e-3), betas ((0.9, 0.999)), eps (ε, 1e-8), weight_decay (λ, 0),
    momentum_decay (ψ, 4e-3), decoupled_weight_decay (False).
    """
    beta1, beta2 = betas
    _check_adam_family(lr, betas, eps, weight_decay)
    check_non_negative("momentum_decay value", momentum_decay)
    use_decay = _nonzero(weight_decay)

    def step(p, g, s, t, xp):
        if use_decay:
            p, g = _decayed(p, g, lr, weight_decay, decoupled_weight_decay)
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * momentum_decay))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
        product = s["mu_product"] = s.get("mu_product", 1.0) * mu
        m, v = _moments(s, g, beta1, beta2)
        denom = xp.sqrt(v / (1 - beta2**t)) + eps
        p = p - lr * (1 - mu) / (1 - product) * g / denom
        return p - lr * mu_next / (1 - product * mu_next) * m / denom

    return step


def radam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled_weight_decay=False):
    r"""RAdam: Adam whose adaptive step is switched on only once the variance
    estimate is trustworthy (ρ_t > 5), and rectified by r_t.

    .. math::
        \rho_\infty = \frac{2}{1 - \beta_2} - 1, \;
        \rho_t = \rho_\infty - \frac{2 t \beta_2^t}{1 - \beta_2^t} \\
        \hat m_t = m_t / (1 - \beta_1^t) \\
        \theta_t = \theta_{t-1} - \gamma \hat m_t \, r_t \frac{\sqrt{1 - \beta_2^t}}{\sqrt{v_t} + \epsilon}
            \text{ if } \rho_t > 5 \text{ else } \theta_{t-1} - \gamma \hat m_t, \\
        r_t = \sqrt{\frac{(\rho_t - 4)(\rho_t - 2)\rho_\infty}{(\rho_\infty - 4)(\rho_\infty - 2)\rho_t}}

    Args: lr (γ, 1e-3), betas ((0.9, 0.999)), eps (ε, 1e-8), weight_decay (λ, 0),
    decoupled_weight_decay (False).
    """
    beta1, beta2 = betas
    _check_adam_family(lr, betas, eps, weight_decay)
    use_decay = _nonzero(weight_decay)
    rho_inf = 2 / (1 - beta2) - 1

    def rectified(v, t, rho_t, xp):
        rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
        return rect * (1 - beta2**t) ** 0.5 / (xp.sqrt(v) + eps)

    def step(p, g, s, t, xp):
        if use_decay:
            p, g = _decayed(p, g, lr, weight_decay, decoupled_weight_decay)
        m, v = _moments(s, g, beta1, beta2)
        rho_t = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
        if isinstance(rho_t, np.ndarray):  # per-point β₂: each point decides for itself
            with np.errstate(all="ignore"):  # (the discarded side may be NaN or inf)
                factor = np.where(rho_t > 5.0, rectified(v, t, rho_t, xp), 1.0)
        else:  # only here: below 5 the rectifier is complex, or divides by zero
            factor = rectified(v, t, rho_t, xp) if rho_t > 5.0 else 1.0
        return p - m / (1 - beta1**t) * lr * factor

    return step
