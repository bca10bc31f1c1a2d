"""Training the seed's MLP on MNIST-like data, several optimizers side by side.

Nothing here imports torch until a run starts (``import torch`` costs ~2 s):
the app can import this package on its start-up path.
"""

from .config import TrainingConfig
from .data import Dataset, load_dataset
from .events import (Diverged, EpochEnd, Event, Finished, LrChanged, OptimizerResult, Progress,
                     Started, TrainingResult)
from .idx import DataError, read_idx
from .loop import TrainingRun, batch_order, train, train_all

__all__ = [
    "DataError", "Dataset", "Diverged", "EpochEnd", "Event", "Finished", "LrChanged",
    "OptimizerResult", "Progress", "Started", "TrainingConfig", "TrainingResult", "TrainingRun",
    "batch_order", "load_dataset", "read_idx", "train", "train_all",
]
