"""Shared fixtures: the dataset and one tiny model directory fitted once per test session.

The model directory is fitted through the binding (anb.fit) on a small random subset with few
boosting rounds, so the whole suite runs in seconds. Paths come from the environment CTest sets
(ANB_TEST_DATA_DIR, ANB_EXE), with the repository layout as fallback.
"""

import os
import pathlib

import pytest

import anb

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA_DIR = pathlib.Path(os.environ.get("ANB_TEST_DATA_DIR", ROOT.parent / "shared/data/accel-nasbench"))
TARBALL = DATA_DIR / "anb_dataset_trainval.tar.gz"

# Targets of the tiny models: accuracy under log_headroom (as in the defaults), a log-transformed
# throughput, and a raw, minimised latency with best-first (lossguide) trees.
TARGETS = ["accuracy", "throughput_a100", "latency_zcu102"]
HYPERPARAMETERS = {
    "default": {"num_rounds": 40, "early_stopping_rounds": 10, "members": 3, "max_depth": 3},
    "targets": {"accuracy": {"transform": "log_headroom"},
                "throughput_a100": {"transform": "log"},
                "latency_zcu102": {"grow_policy": "lossguide", "max_depth": 4, "max_leaves": 5}},
}


@pytest.fixture(scope="session")
def dataset():
    if not TARBALL.exists():
        raise FileNotFoundError(f"dataset {TARBALL} not found: set ANB_TEST_DATA_DIR")
    return anb.Dataset.load(TARBALL)


@pytest.fixture(scope="session")
def splits(dataset):
    """(train, validation): about 460 and 200 records."""
    train, rest = dataset.random_split(0.1, 11)
    validation, _ = rest.random_split(0.05, 12)
    return train, validation


@pytest.fixture(scope="session")
def fitted(tmp_path_factory, splits):
    """(model directory, FitSummary) of the tiny models."""
    train, validation = splits
    out = tmp_path_factory.mktemp("models") / "tiny"
    summary = anb.fit(train, out, validation=validation, targets=TARGETS, seed=5, threads=1,
                      hyperparameters=HYPERPARAMETERS)
    return out, summary


@pytest.fixture(scope="session")
def models_dir(fitted):
    return fitted[0]


@pytest.fixture(scope="session")
def bench(models_dir):
    return anb.Benchmark(models_dir)


@pytest.fixture(scope="session")
def archs():
    return anb.SearchSpace.sample(500, seed=7)
