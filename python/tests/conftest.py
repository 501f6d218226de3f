"""Shared fixtures: the synthetic dataset and one tiny model directory fitted once per test session.

The dataset is the synthetic one of the C++ CLI tests (tests/cpp/synthetic_data.h, written by
`anb_cli_fixtures` into $ANB_TEST_FIXTURES/data; CTest builds it before this suite), so the suite
needs no shared data. The model directory is fitted through the binding (anb.fit) on a random
part of it with few boosting rounds, so the whole suite runs in seconds.

Tests marked `realdata` check facts of the shared Accel-NASBench records
($ANB_TEST_DATA_DIR, else $ANB_TEST_DATA_DIR_DEFAULT that CTest sets, else ../shared beside the
checkout) and are skipped, saying why, when those are absent. CTest runs them as
python_realdata_tests (`pytest -m realdata`), the rest as python_tests (`-m "not realdata"`).

`run_anb` runs the built `anb` ($ANB_EXE) without inherited ANB_* variables, like the C++ CLI
tests' run_anb.h.
"""

import os
import pathlib
import subprocess

import pytest

import anb

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"

REAL_DATA_DIR = pathlib.Path(os.environ.get("ANB_TEST_DATA_DIR")
                             or os.environ.get("ANB_TEST_DATA_DIR_DEFAULT")
                             or ROOT.parent / "shared/data/accel-nasbench")
REAL_TARBALL = REAL_DATA_DIR / "anb_dataset_trainval.tar.gz"

FIXTURES = pathlib.Path(os.environ.get("ANB_TEST_FIXTURES") or BUILD / "test-fixtures")
DATA_DIR = FIXTURES / "data"  # the synthetic dataset: record files plus splits/{train,val}.txt
SYNTHETIC_RECORDS = 800  # tests/cpp/synthetic_data.h: kSyntheticRecords

# Targets of the tiny models: accuracy under log_headroom (as in the defaults), a log-transformed
# throughput, and a raw, minimised latency with best-first (lossguide) trees.
TARGETS = ["accuracy", "throughput_a100", "latency_zcu102"]
HYPERPARAMETERS = {
    "default": {"num_rounds": 40, "early_stopping_rounds": 10, "members": 3, "max_depth": 3},
    "targets": {"accuracy": {"transform": "log_headroom"},
                "throughput_a100": {"transform": "log"},
                "latency_zcu102": {"grow_policy": "lossguide", "max_depth": 4, "max_leaves": 5}},
}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "realdata: checks on the shared Accel-NASBench records; skipped without them")


def anb_exe():
    """The built `anb` binary, or None."""
    exe = os.environ.get("ANB_EXE") or str(BUILD / "anb")
    return exe if os.path.exists(exe) else None


def clean_environment(**extra):
    """This process's environment without ANB_* variables, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANB_")}
    env["OMP_WAIT_POLICY"] = "PASSIVE"
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_anb(*args, env=None, check=True):
    """Runs `anb ARGS` in the clean environment (plus `env`); returns the CompletedProcess."""
    exe = anb_exe()
    if exe is None:
        pytest.skip("ANB_EXE (the anb binary) not given")
    return subprocess.run([exe, *map(str, args)], env=clean_environment(**(env or {})),
                          capture_output=True, text=True, check=check, timeout=300)


def synthetic_data_dir():
    """The synthetic dataset, built by `anb_cli_fixtures` when CTest has not built it yet."""
    if not (DATA_DIR / "splits" / "val.txt").exists():
        tool = BUILD / "tests" / "cpp" / "anb_cli_fixtures"
        if not tool.exists():
            raise FileNotFoundError(
                f"synthetic dataset {DATA_DIR} not found: run the suite through ctest, or build "
                f"the anb_cli_fixtures target and run it (or set ANB_TEST_FIXTURES)")
        subprocess.run([str(tool)], check=True, capture_output=True,
                       env=dict(os.environ, ANB_TEST_FIXTURES=str(FIXTURES)))
    return DATA_DIR


@pytest.fixture(scope="session")
def dataset():
    return anb.Dataset.load(synthetic_data_dir())


@pytest.fixture(scope="session")
def real_dataset():
    """The shared train+val records (for tests marked realdata)."""
    if not REAL_TARBALL.exists():
        pytest.skip(f"real data {REAL_TARBALL} not found: realdata tests run only with the shared "
                    f"Accel-NASBench data (set ANB_TEST_DATA_DIR)")
    return anb.Dataset.load(REAL_TARBALL)


@pytest.fixture(scope="session")
def splits(dataset):
    """(train, validation): about 480 and 190 records."""
    train, rest = dataset.random_split(0.6, 11)
    validation, _ = rest.random_split(0.6, 12)
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
