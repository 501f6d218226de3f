"""Dataset, fit and evaluate bindings: loading, splits, values, fit summary, evaluation and the
error paths."""

import math

import numpy as np
import pytest

import anb
from conftest import DATA_DIR, REAL_DATA_DIR, REAL_TARBALL, SYNTHETIC_RECORDS, TARGETS, \
    HYPERPARAMETERS


def check_loading_and_fields(dataset, n):
    assert len(dataset) == n
    assert len(dataset.ids) == len(dataset.archs) == n
    assert dataset.ids[0].endswith(".json")
    assert isinstance(dataset.archs[0], anb.Architecture)
    assert set(anb.original_targets()) <= set(dataset.target_names())
    acc = dataset.values("accuracy")
    assert acc.shape == (n,) and np.all(np.isfinite(acc)) and 30 < acc.mean() < 70
    lat = dataset.values("latency_zcu102")
    assert np.isnan(lat).sum() == len(dataset) - len(dataset.with_target("latency_zcu102"))
    assert f"{n} records" in repr(dataset)


def test_dataset_loading_and_fields(dataset):
    check_loading_and_fields(dataset, SYNTHETIC_RECORDS)


@pytest.mark.realdata
def test_real_dataset_loading_and_fields(real_dataset):
    check_loading_and_fields(real_dataset, 4626)


def check_splits_and_subsets(dataset, data, folder):
    train_list = anb.default_split_list(data, "train")
    assert train_list == str(folder / "splits" / "train.txt")
    assert anb.default_split_list(data, "nonexistent") is None
    train = dataset.subset_from_list(train_list)
    val = dataset.subset_from_list(anb.default_split_list(data, "val"))
    assert len(train) > len(val) > 0 and len(train) + len(val) <= len(dataset)
    assert set(train.ids).isdisjoint(val.ids)
    assert dataset.subset(train.ids[:3]).ids == train.ids[:3]
    a, b = dataset.random_split(0.25, 1)
    assert len(a) + len(b) == len(dataset) and abs(len(a) - 0.25 * len(dataset)) <= 1
    assert a.ids == dataset.random_split(0.25, 1)[0].ids
    assert dataset.fingerprint() == dataset.subset(dataset.ids).fingerprint()
    assert len(dataset.deduplicated()) <= len(dataset)


def test_splits_and_subsets(dataset):
    check_splits_and_subsets(dataset, DATA_DIR, DATA_DIR)


@pytest.mark.realdata
def test_real_splits_and_subsets(real_dataset):
    check_splits_and_subsets(real_dataset, REAL_TARBALL, REAL_DATA_DIR)


def test_dataset_errors(tmp_path, dataset):
    with pytest.raises(RuntimeError, match="missing"):
        anb.Dataset.load(tmp_path / "missing")
    with pytest.raises(RuntimeError, match="no_such_record.json"):
        dataset.subset(["no_such_record.json"])
    with pytest.raises(ValueError, match="bogus"):
        dataset.values("bogus")


def test_fit_summary(fitted, splits):
    models_dir, summary = fitted
    train, validation = splits
    assert sorted(t["name"] for t in summary.manifest["targets"]) == sorted(TARGETS)
    assert summary.bytes > 0 and summary.seconds > 0
    by_target = {v.target: v for v in summary.validation}
    assert sorted(by_target) == sorted(TARGETS)
    for t, v in by_target.items():
        assert v.ensemble.n == len(validation.with_target(t))
        assert math.isfinite(v.ensemble.r2) and v.ensemble.kendall_tau > 0.2
    assert (models_dir / "manifest.json").exists()
    transforms = {t["name"]: t["transform"] for t in summary.manifest["targets"]}
    assert transforms == {"accuracy": "log_headroom", "throughput_a100": "log",
                          "latency_zcu102": "none"}
    accuracy = next(t for t in summary.manifest["targets"] if t["name"] == "accuracy")
    assert accuracy["ceiling"] > np.nanmax(train.values("accuracy"))


def test_evaluate_matches_the_fit_summary(fitted, splits):
    models_dir, summary = fitted
    _, validation = splits
    results = anb.evaluate(models_dir, validation)
    expected = {v.target: v for v in summary.validation}
    assert sorted(r.target for r in results) == sorted(expected)
    for r in results:
        e = expected[r.target]
        assert r.ensemble.n == e.ensemble.n
        assert r.ensemble.r2 == pytest.approx(e.ensemble.r2, rel=1e-9)
        assert r.single_mean.kendall_tau == pytest.approx(e.single_mean.kendall_tau, rel=1e-9)
    noise = {t["name"]: "noise" in t for t in summary.manifest["targets"]}
    assert any(noise.values())
    for r in results:  # the noise floor: present exactly for targets with a noise model
        f = r.noise_floor
        assert (f is not None) == noise[r.target], r.target
        if f is not None:
            assert set(f) == {"noise_rms", "excess_rmse", "noise_share", "tau_ceiling"}
            assert f["excess_rmse"] ** 2 + f["noise_rms"] ** 2 == pytest.approx(
                max(r.ensemble.rmse ** 2, f["noise_rms"] ** 2), rel=1e-9)
            assert 0 < f["tau_ceiling"] <= 1
    only = anb.evaluate(models_dir, validation, targets=["accuracy"])
    assert [r.target for r in only] == ["accuracy"]
    assert set(only[0].ensemble.to_dict()) == {"n", "r2", "kendall_tau", "spearman", "mae", "rmse"}
    with pytest.raises(ValueError, match="unknown target 'latency_vck190'"):
        anb.evaluate(models_dir, validation, targets=["latency_vck190"])


def test_fit_errors(tmp_path, splits):
    train, _ = splits
    with pytest.raises(ValueError, match="members"):
        anb.fit(train, tmp_path / "m", targets=["accuracy"], members=-1)
    with pytest.raises(ValueError, match="max_deepth"):
        anb.fit(train, tmp_path / "m", targets=["accuracy"],
                hyperparameters={"default": {"max_deepth": 3}})
    with pytest.raises(ValueError, match="latency_tpuv2"):
        anb.fit(train, tmp_path / "m", targets=["latency_tpuv2"],
                hyperparameters={"default": {"num_rounds": 2, "members": 1}})
    with pytest.raises(RuntimeError, match="no_such_config.json"):
        anb.fit(train, tmp_path / "m", hyperparameters=tmp_path / "no_such_config.json")
    assert not (tmp_path / "m").exists()


def test_fit_calibration_folds(tmp_path, splits):
    """calibration_folds chooses which out-of-fold predictions calibrate the intervals (as
    `anb fit --calibration-folds`); the stored members do not depend on it."""
    train, _ = splits
    manifests = {}
    for name in ("members", "measured"):
        out = tmp_path / name
        summary = anb.fit(train, out, targets=["throughput_a100"], seed=5, threads=1,
                          hyperparameters=HYPERPARAMETERS, calibration_folds=name, factor_folds=2)
        manifests[name] = summary.manifest["targets"][0]
    assert manifests["members"]["calibration"] != manifests["measured"]["calibration"]
    assert [m["sha256"] for m in manifests["members"]["members"]] == \
        [m["sha256"] for m in manifests["measured"]["members"]]
    with pytest.raises(ValueError, match="calibration_folds: got 'sometimes'"):
        anb.fit(train, tmp_path / "bad", targets=["throughput_a100"], calibration_folds="sometimes")
    with pytest.raises(ValueError, match="factor_folds"):
        anb.fit(train, tmp_path / "bad", targets=["throughput_a100"], factor_folds=0)
    assert not (tmp_path / "bad").exists()


def test_fit_spread_model(tmp_path, splits):
    """spread_model 'stumps' (default) stores a per-architecture spread model beside the members
    and names it in the manifest; 'binned' stores none; the members do not depend on it."""
    train, _ = splits
    manifests = {}
    for name in ("stumps", "binned"):
        out = tmp_path / name
        summary = anb.fit(train, out, targets=["throughput_a100"], seed=5, threads=1,
                          hyperparameters=HYPERPARAMETERS, spread_model=name)
        manifests[name] = summary.manifest["targets"][0]
        assert (out / "throughput_a100" / "spread.json").exists() == (name == "stumps")
    assert "spread_model" in manifests["stumps"]["calibration"]
    assert "spread_model" not in manifests["binned"]["calibration"]
    assert [m["sha256"] for m in manifests["stumps"]["members"]] == \
        [m["sha256"] for m in manifests["binned"]["members"]]
    with pytest.raises(ValueError, match="spread_model: got 'trees'"):
        anb.fit(train, tmp_path / "bad", targets=["throughput_a100"], spread_model="trees")
    assert not (tmp_path / "bad").exists()


def test_fit_on_train_and_val_says_validation_is_not_held_out(tmp_path, dataset, splits):
    """A final fit on train + val (joined split lists) still reports on val, and says those
    figures are not held out: FitSummary.validation_also_fitted and the manifest's
    "also_fitted"."""
    train, validation = splits
    lists = [tmp_path / "train.txt", tmp_path / "val.txt"]
    for path, part in zip(lists, splits):
        path.write_text("\n".join(part.ids) + "\n")
    both = dataset.subset_from_lists(lists + lists[:1])  # an id named twice is taken once
    assert both.ids == train.ids + validation.ids
    assert validation.shared_ids(both) == len(validation)
    assert validation.shared_ids(train) == 0
    fits = {}
    for name, records in (("final", both), ("held_out", train)):
        fits[name] = anb.fit(records, tmp_path / name, validation=validation,
                             targets=["throughput_a100"], members=1, threads=1,
                             hyperparameters=HYPERPARAMETERS)
    assert fits["final"].validation_also_fitted == len(validation)
    assert fits["final"].manifest["targets"][0]["validation"]["also_fitted"] == len(validation)
    assert fits["held_out"].validation_also_fitted == 0
    assert "also_fitted" not in fits["held_out"].manifest["targets"][0]["validation"]
    with pytest.raises(RuntimeError, match="nope.txt"):
        dataset.subset_from_lists([lists[0], tmp_path / "nope.txt"])
