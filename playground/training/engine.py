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
_threshold_backward = torch.ops.aten.threshold_backward.grad_input  # ReLU's backward, in place
_log_softmax_backward = torch._log_softmax_backward_data  # cross-entropy's, as autograd runs it


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
    """The whole dataset preloaded on the device: inputs, labels, and the
    gradient of the mean loss with respect to log p: -1/B at each label."""

    def __init__(self, dataset: Dataset, device: torch.device, batch_size: int):
        self.device = device
        self.batch_size = batch_size
        self.train_x = preprocess(dataset.train_images, device)
        self.train_y = torch.from_numpy(dataset.train_labels.astype(np.int64)).to(device)
        self.onehot = torch.nn.functional.one_hot(self.train_y, CLASSES).to(torch.float32)
        self.targets = self.onehot * (-1.0 / batch_size)
        self.test_x = preprocess(dataset.test_images, device)
        self.test_y = torch.from_numpy(dataset.test_labels.astype(np.int64)).to(device)
        if batch_size == 1:  # a view per sample, made once: indexing costs ~1 µs a step
            self.rows, self.target_rows = self.train_x.unbind(), self.targets.unbind()


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

    ``step`` takes a batch x (m, 784) with its targets (m, 10), -1/m at each
    label (``DeviceData.targets``): the gradient of the mean loss with respect
    to log p, so that ``log p · targets`` is the loss. ``step_one`` takes a
    single sample (784,) and (10,). Every op is the one autograd runs for
    ``nn.Linear``, ReLU and ``cross_entropy``, on the same operands, so the
    numbers are autograd's. The loss goes to the 0-d ``slot`` (read back once
    a chunk). The gradient goes to ``grad``; or, given ``into`` (views W1, b1,
    W2, b2 of a flat tensor), ``alpha`` times it is added there instead, in the
    matrix product itself: plain SGD is ``into`` = the weights, ``alpha`` = -lr.
    """

    def __init__(self, params: torch.Tensor, hidden: int):
        self.hidden = hidden
        self.params = params
        self.grad = torch.zeros_like(params)
        self.w1, self.b1, self.w2, self.b2 = views(params, hidden)
        self.gw1, self.gb1, self.gw2, self.gb2 = views(self.grad, hidden)
        self._buffers: dict[int, tuple[torch.Tensor, ...]] = {}

    def weights(self) -> dict[str, torch.Tensor]:
        """Copies on the CPU, named as ``nn.Sequential(Linear, ReLU, Linear)`` names them."""
        names = ("0.weight", "0.bias", "2.weight", "2.bias")
        tensors = (self.w1, self.b1, self.w2, self.b2)
        return {name: t.detach().to("cpu", copy=True) for name, t in zip(names, tensors)}

    def buffers(self, m: int) -> tuple[torch.Tensor, ...]:
        """x (m, 784), onehot (m, 10), h (m, H), z (m, 10), dh (m, H); m = 0: one sample."""
        if m not in self._buffers:
            new = lambda *shape: torch.empty(shape, device=self.params.device)  # noqa: E731
            if m == 0:
                self._buffers[m] = (new(self.hidden), new(CLASSES), new(self.hidden))
            else:
                self._buffers[m] = (new(m, INPUTS), new(m, CLASSES), new(m, self.hidden),
                                    new(m, CLASSES), new(m, self.hidden))
        return self._buffers[m]

    def gather(self, data: DeviceData, index: torch.Tensor):
        """The batch at ``index`` copied into this size's buffers: x and targets."""
        m = len(index)
        x, y = self.buffers(m)[:2]
        torch.index_select(data.train_x, 0, index, out=x)
        if m == data.batch_size:
            torch.index_select(data.targets, 0, index, out=y)
        else:  # the epoch's short last batch
            torch.index_select(data.onehot, 0, index, out=y).mul_(-1.0 / m)
        return x, y

    def step(self, x: torch.Tensor, targets: torch.Tensor, slot: torch.Tensor,
             into: tuple[torch.Tensor, ...] | None = None, alpha: float = 1.0) -> None:
        _, _, h, z, dh = self.buffers(len(x))
        w1, b1, w2, b2 = self.w1, self.b1, self.w2, self.b2
        torch.addmm(b1, x, w1.t(), out=h).relu_()
        torch.addmm(b2, h, w2.t(), out=z)
        log_p = torch.log_softmax(z, 1)
        torch.dot(log_p.view(-1), targets.view(-1), out=slot)
        dz = _log_softmax_backward(targets, log_p, 1, log_p.dtype)
        torch.mm(dz, w2, out=dh)
        _threshold_backward(dh, h, 0, grad_input=dh)
        if into is None:
            torch.mm(dz.t(), h, out=self.gw2)
            torch.sum(dz, 0, out=self.gb2)
            torch.mm(dh.t(), x, out=self.gw1)
            torch.sum(dh, 0, out=self.gb1)
        else:
            iw1, ib1, iw2, ib2 = into
            iw2.addmm_(dz.t(), h, alpha=alpha)
            ib2.add_(dz.sum(0), alpha=alpha)
            iw1.addmm_(dh.t(), x, alpha=alpha)
            ib1.add_(dh.sum(0), alpha=alpha)

    def step_one(self, x: torch.Tensor, targets: torch.Tensor, slot: torch.Tensor,
                 into: tuple[torch.Tensor, ...] | None = None, alpha: float = 1.0) -> None:
        h, z, dh = self.buffers(0)
        w1, w2 = self.w1, self.w2
        torch.addmv(self.b1, w1, x, out=h).relu_()
        torch.addmv(self.b2, w2, h, out=z)
        log_p = torch.log_softmax(z, 0)
        torch.dot(log_p, targets, out=slot)
        dz = _log_softmax_backward(targets, log_p, 0, log_p.dtype)
        torch.mv(w2.t(), dz, out=dh)
        _threshold_backward(dh, h, 0, grad_input=dh)
        if into is None:
            torch.outer(dz, h, out=self.gw2)
            self.gb2.copy_(dz)
            torch.outer(dh, x, out=self.gw1)
            self.gb1.copy_(dh)
        else:
            iw1, ib1, iw2, ib2 = into
            iw2.addr_(dz, h, alpha=alpha)
            ib2.add_(dz, alpha=alpha)
            iw1.addr_(dh, x, alpha=alpha)
            ib1.add_(dh, alpha=alpha)

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
