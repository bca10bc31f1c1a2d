"""TrainingConfig: defaults, validation, and reading a scenario's TOML table."""

from __future__ import annotations

import dataclasses
import tomllib

import pytest

from playground.training import TrainingConfig


def test_defaults_are_the_seed_experiment():
    config = TrainingConfig()
    assert (config.dataset, config.epochs, config.batch_size, config.seed) == ("mnist", 5, 64, 0)
    assert (config.sample_every, config.device, config.max_steps) == (30, "auto", None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.epochs = 3


def test_every_field_has_a_docstring():
    import inspect

    source = inspect.getsource(TrainingConfig)
    for field in dataclasses.fields(TrainingConfig):
        after = source.split(f"\n    {field.name}:", 1)[1].split("\n", 2)[1]
        assert after.strip().startswith('"""'), field.name


def test_from_table_reads_toml():
    table = tomllib.loads('dataset = "fashion-mnist"\nepochs = 2\nbatch_size = 1\nmax_steps = 100\n')
    config = TrainingConfig.from_table(table, "scenarios/x.toml [training]")
    assert (config.dataset, config.epochs, config.batch_size, config.max_steps) == (
        "fashion-mnist", 2, 1, 100)


@pytest.mark.parametrize("table, words", [
    ({"epoch": 3}, "unknown key 'epoch'"),
    ({"epochs": "3"}, "epochs must be a whole number"),
    ({"epochs": 2.0}, "epochs must be a whole number"),
    ({"batch_size": True}, "batch_size must be a whole number"),
    ({"batch_size": 0}, "batch_size must be at least 1"),
    ({"seed": -1}, "seed must be at least 0"),
    ({"dataset": "cifar"}, "dataset must be one of mnist, fashion-mnist, kmnist"),
    ({"data_dir": 3}, "data_dir must be a non-empty string"),
    ({"download": "yes"}, "download must be true or false"),
])
def test_from_table_errors_name_where_and_key(table, words):
    with pytest.raises(ValueError) as caught:
        TrainingConfig.from_table(table, "demo.toml [training]")
    message = str(caught.value)
    assert message.startswith("demo.toml [training]: ") and words in message and "\n" not in message


def test_direct_construction_is_validated_too():
    with pytest.raises(ValueError, match="sample_every must be at least 1"):
        TrainingConfig(sample_every=0)
