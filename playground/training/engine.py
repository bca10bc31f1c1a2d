"""The MLP as one flat parameter tensor with a hand-written backward.

``Linear(784, H) -> ReLU -> Linear(H, 10)`` and cross-entropy, computed with
a dozen in-place torch calls into buffers allocated once: no autograd graph,
no per-step allocation of anything large, and every parameter a view of one
tensor, so an optimizer updates them all in a handful of ops. Plain SGD is
fused into the backward (``addmm_``/``addr_`` straight into the weights).
The numbers equal an ``nn.Module`` + ``loss.backward()`` loop to float32
rounding (tests/unit/test_training.py checks it). Imported only once a run
starts: ``import torch`` costs ~2 s.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import torch

from .data import Dataset

INPUTS, CLASSES = 28 * 28, 10
_threshold_backward = torch.ops.aten.threshold_backward.grad_input


def pick_device(name: str) -> torch.device:
    """``auto``: CUDA, else MPS, else CPU; otherwise the named device, if present."""
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        return torch.device("mps" if mps and mps.is_available() else "cpu")
    try:
        device = torch.device(name)
    except (RuntimeError, ValueError):
        raise ValueError(f"unknown device {name!r} (auto, cpu, cuda, cuda:1, mps...)") from None
    available = {
        "cpu": lambda: True,
        "cuda": torch.cuda.is_available,
        "mps": lambda: bool(getattr(torch.backends, "mps", None)) and torch.backends.mps.is_available(),
    }.get(device.type, lambda: False)
    if not available():
        raise ValueError(f"device {name!r} is not available here")
    return device


def preprocess(images: np.ndarray, device: torch.device) -> torch.Tensor:
    """uint8 (N, 28, 28) -> float32 (N, 784): ToTensor then Normalize(0.5, 0.5),
    the same float ops, on the device."""
    with warnings.catch_warnings():  # read-only (straight from the file): only read here
        warnings.simplefilter("ignore", UserWarning)
        pixels = torch.from_numpy(np.ascontiguousarray(images).reshape(len(images), INPUTS))
    return pixels.to(device).to(torch.float32).div_(255).sub_(0.5).div_(0.5)


class DeviceData:
    """The whole dataset preloaded on the device: inputs, labels, one-hot labels."""

    def __init__(self, dataset: Dataset, device: torch.device):
        self.device = device
        self.train_x = preprocess(dataset.train_images, device)
        self.train_y = torch.from_numpy(dataset.train_labels.astype(np.int64)).to(device)
        self.train_onehot = torch.nn.functional.one_hot(self.train_y, CLASSES).to(torch.float32)
        self.test_x = preprocess(dataset.test_images, device)
        self.test_y = torch.from_numpy(dataset.test_labels.astype(np.int64)).to(device)


def parameter_count(hidden: int) -> int:
    return hidden * INPUTS + hidden + CLASSES * hidden + CLASSES


def views(flat: torch.Tensor, hidden: int) -> tuple[torch.Tensor, ...]:
    """W1 (H, 784), b1 (H,), W2 (10, H), b2 (10,): nn.Linear's layouts, in one tensor."""
    sizes = (hidden * INPUTS, hidden, CLASSES * hidden, CLASSES)
    w1, b1, w2, b2 = torch.split(flat, sizes)
    return w1.view(hidden, INPUTS), b1, w2.view(CLASSES, hidden), b2


def initial_parameters(seed: int, hidden: int) -> torch.Tensor:
    """The flat parameters ``torch.manual_seed(seed)`` then ``nn.Linear(784, H)``,
    ``nn.Linear(H, 10)`` would hold, bit for bit (CPU float32), leaving the global
    generator alone."""
    generator = torch.Generator().manual_seed(seed)
    flat = torch.empty(parameter_count(hidden))
    w1, b1, w2, b2 = views(flat, hidden)
    for weight, bias in ((w1, b1), (w2, b2)):
        torch.nn.init.kaiming_uniform_(weight, a=math.sqrt(5), generator=generator)
        bound = 1 / math.sqrt(weight.shape[1])
        torch.nn.init.uniform_(bias, -bound, bound, generator=generator)
    return flat


class FlatMLP:
    """Forward and backward of the MLP on flat ``params``; gradients go to ``grad``.

    ``step`` takes a batch (m, 784) with its one-hot labels (m, 10);
    ``step_one`` a single sample (784,) and (10,). Both write ``-Σ log p(label)``
    (the batch loss times -m, read back once a chunk) into the 0-d ``slot``.
    With ``lr`` given they apply plain SGD in the backward and write no
    gradient.
    """

    def __init__(self, params: torch.Tensor, hidden: int):
        self.hidden = hidden
        self.params = params
        self.grad = torch.zeros_like(params)
        self.w1, self.b1, self.w2, self.b2 = views(params, hidden)
        self.gw1, self.gb1, self.gw2, self.gb2 = views(self.grad, hidden)
        self._buffers: dict[int, tuple[torch.Tensor, ...]] = {}

    def buffers(self, m: int) -> tuple[torch.Tensor, ...]:
        """x (m, 784), onehot (m, 10), h (m, H), z (m, 10), dhT (H, m); m = 0: one sample."""
        if m not in self._buffers:
            new = lambda *shape: torch.empty(shape, device=self.params.device)  # noqa: E731
            if m == 0:
                self._buffers[m] = (new(self.hidden), new(CLASSES), new(self.hidden))
            else:
                self._buffers[m] = (new(m, INPUTS), new(m, CLASSES), new(m, self.hidden),
                                    new(m, CLASSES), new(self.hidden, m))
        return self._buffers[m]

    def gather(self, inputs: torch.Tensor, onehot: torch.Tensor, index: torch.Tensor):
        """The batch at ``index`` copied into this size's buffers."""
        x, y = self.buffers(len(index))[:2]
        torch.index_select(inputs, 0, index, out=x)
        torch.index_select(onehot, 0, index, out=y)
        return x, y

    def step(self, x: torch.Tensor, onehot: torch.Tensor, slot: torch.Tensor,
             lr: float | None = None) -> None:
        m = len(x)
        _, _, h, z, dh_t = self.buffers(m)
        w1, b1, w2, b2 = self.w1, self.b1, self.w2, self.b2
        torch.addmm(b1, x, w1.t(), out=h).relu_()
        torch.addmm(b2, h, w2.t(), out=z)
        log_p = torch.log_softmax(z, 1)
        torch.dot(log_p.view(-1), onehot.view(-1), out=slot)
        dz = log_p.exp_().sub_(onehot).mul_(1.0 / m)  # d(mean loss)/dz
        torch.mm(w2.t(), dz.t(), out=dh_t)  # transposed: its product with x is faster
        _threshold_backward(dh_t, h.t(), 0, grad_input=dh_t)
        if lr is None:
            torch.mm(dz.t(), h, out=self.gw2)
            torch.sum(dz, 0, out=self.gb2)
            torch.mm(dh_t, x, out=self.gw1)
            torch.sum(dh_t, 1, out=self.gb1)
        else:
            w2.addmm_(dz.t(), h, alpha=-lr)
            b2.add_(dz.sum(0), alpha=-lr)
            w1.addmm_(dh_t, x, alpha=-lr)
            b1.add_(dh_t.sum(1), alpha=-lr)

    def step_one(self, x: torch.Tensor, onehot: torch.Tensor, slot: torch.Tensor,
                 lr: float | None = None) -> None:
        h, z, dh = self.buffers(0)
        w1, w2 = self.w1, self.w2
        torch.addmv(self.b1, w1, x, out=h).relu_()
        torch.addmv(self.b2, w2, h, out=z)
        log_p = torch.log_softmax(z, 0)
        torch.dot(log_p, onehot, out=slot)
        dz = log_p.exp_().sub_(onehot)
        torch.mv(w2.t(), dz, out=dh)
        _threshold_backward(dh, h, 0, grad_input=dh)
        if lr is None:
            torch.outer(dz, h, out=self.gw2)
            self.gb2.copy_(dz)
            torch.outer(dh, x, out=self.gw1)
            self.gb1.copy_(dh)
        else:
            w2.addr_(dz, h, alpha=-lr)
            self.b2.add_(dz, alpha=-lr)
            w1.addr_(dh, x, alpha=-lr)
            self.b1.add_(dh, alpha=-lr)

    def evaluate(self, inputs: torch.Tensor, labels: torch.Tensor,
                 batch: int = 10_000) -> tuple[float, float]:
        """Mean cross-entropy and accuracy over a whole (held-out) set."""
        loss, correct = 0.0, 0
        for start in range(0, len(inputs), batch):
            x, y = inputs[start:start + batch], labels[start:start + batch]
            h = torch.addmm(self.b1, x, self.w1.t()).relu_()
            z = torch.addmm(self.b2, h, self.w2.t())
            loss += float(torch.nn.functional.cross_entropy(z, y, reduction="sum"))
            correct += int((z.argmax(1) == y).sum())
        return loss / len(inputs), correct / len(inputs)
