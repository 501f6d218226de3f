"""Benchmark bindings: query shapes and input forms, agreement with per-item queries, noise,
members, manifest, target names, thread safety and the error paths."""

import shutil
import threading

import numpy as np
import pytest

import anb
from conftest import TARGETS


def test_targets_and_manifest(bench, models_dir):
    assert sorted(bench.targets) == sorted(TARGETS) and bench.targets[0] == "accuracy"
    assert all(bench.has_target(t) for t in TARGETS) and not bench.has_target("latency_vck190")
    m = bench.manifest
    assert [t["name"] for t in m["targets"]] == bench.targets
    assert all(len(t["members"]) == 3 for t in m["targets"])
    assert bench.directory == str(models_dir)
    assert "3 targets" in repr(bench)


def test_batch_query_shapes_and_agreement_with_single_queries(bench, archs):
    mean, std = bench.query(archs)
    assert mean.shape == std.shape == (len(archs), len(bench.targets))
    assert mean.dtype == np.float64 and np.all(np.isfinite(mean)) and np.all(std >= 0)
    for i in (0, 17, len(archs) - 1):
        m1, s1 = bench.query(archs[i])
        assert m1.shape == (len(bench.targets),)
        np.testing.assert_array_equal(m1, mean[i])
        np.testing.assert_array_equal(s1, std[i])
        for j, t in enumerate(bench.targets):
            m, s = bench.query(archs[i], t)
            assert isinstance(m, float) and m == mean[i, j] and s == std[i, j]


def test_input_forms_give_identical_results(bench, archs):
    mean, std = bench.query(archs)
    for form in ([str(a) for a in archs], anb.SearchSpace.encode(archs),
                 anb.SearchSpace.encode(archs).astype(np.int8), tuple(archs)):
        m, s = bench.query(form)
        np.testing.assert_array_equal(m, mean)
        np.testing.assert_array_equal(s, std)


def test_target_selection_and_order(bench, archs):
    mean, std = bench.query(archs)
    m, s = bench.query(archs, targets=["latency_zcu102", "accuracy"])
    np.testing.assert_array_equal(m, mean[:, [bench.targets.index("latency_zcu102"), 0]])
    m1, s1 = bench.query(archs, targets="throughput_a100")
    j = bench.targets.index("throughput_a100")
    assert m1.shape == (len(archs),)
    np.testing.assert_array_equal(m1, mean[:, j])
    np.testing.assert_array_equal(s1, std[:, j])


def test_empty_batch(bench):
    m, s = bench.query([])
    assert m.shape == (0, len(bench.targets))


def test_members_agree_with_mean_and_population_std(bench, archs):
    for a in archs[:20]:
        for t in bench.targets:
            members = bench.query_members(a, t)
            assert members.shape == (3,)
            m, s = bench.query(a, t)
            assert m == pytest.approx(members.mean(), rel=1e-12)
            assert s == pytest.approx(members.std(ddof=0), rel=1e-9, abs=1e-12)


def test_noise_draws_in_row_major_order_from_the_seed(bench, archs):
    mean, std = bench.query(archs[:50])
    noisy, nstd = bench.query(archs[:50], noise=True, seed=42)
    np.testing.assert_array_equal(nstd, std)
    again, _ = bench.query(archs[:50], noise=True, seed=42)
    np.testing.assert_array_equal(noisy, again)
    rng = anb.Rng(42)
    expected = [[rng.normal(mean[i, j], std[i, j]) for j in range(mean.shape[1])]
                for i in range(mean.shape[0])]
    np.testing.assert_array_equal(noisy, np.array(expected))
    assert not np.array_equal(noisy, bench.query(archs[:50], noise=True, seed=43)[0])
    # seed without noise is ignored: the means come back
    np.testing.assert_array_equal(bench.query(archs[:50], seed=42)[0], mean)


def test_query_errors(bench, archs):
    with pytest.raises(ValueError, match=r"unknown target 'latency_vck190'.*accuracy"):
        bench.query(archs, targets=["accuracy", "latency_vck190"])
    with pytest.raises(ValueError, match="unknown target 'nope'"):
        bench.query(archs[0], "nope")
    with pytest.raises(ValueError, match="explicit seed"):
        bench.query(archs, noise=True)
    with pytest.raises(ValueError, match="empty list"):
        bench.query(archs, targets=[])
    with pytest.raises(ValueError, match=r"archs\[2\]"):
        bench.query([archs[0], archs[1], "e9"])
    with pytest.raises(ValueError, match=r"shape \(3, 5\)"):
        bench.query(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="unknown target"):
        bench.query_members(archs[0], "nope")


def test_loading_errors_are_runtime_errors_naming_the_path(tmp_path, models_dir):
    with pytest.raises(RuntimeError, match=str(tmp_path / "missing")):
        anb.Benchmark(tmp_path / "missing")
    broken = tmp_path / "broken"
    shutil.copytree(models_dir, broken)
    member = next((broken / "accuracy").glob("member_*.json"))
    member.write_text(member.read_text().replace("1", "2", 1))
    with pytest.raises(RuntimeError, match=member.name):
        anb.Benchmark(broken)


def test_queries_from_threads_agree(bench, archs):
    expected = bench.query(archs)[0]
    results = [None] * 4

    def work(k):
        results[k] = bench.query(archs)[0]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        np.testing.assert_array_equal(r, expected)


def test_target_names():
    assert anb.original_targets()[0] == "accuracy" and len(anb.original_targets()) == 9
    info = anb.target_info("latency_zcu102")
    assert info == {"name": "latency_zcu102", "metric": "latency", "device": "zcu102",
                    "unit": "ms", "direction": "min"}
    assert anb.target_info("throughput_a100")["direction"] == "max"
    with pytest.raises(ValueError, match="bogus"):
        anb.target_info("bogus")


def test_cpp_timing_helpers_run(bench, archs):
    assert anb._core._time_cpp_query_batch(bench, archs[:10], repeats=2) > 0
    assert anb._core._time_cpp_query_single(bench, archs[0], calls=10) > 0


def test_intervals_beside_mean_and_std(bench, archs):
    mean, std, lower, upper = bench.query(archs[:30], interval=0.9)
    m, s = bench.query(archs[:30])
    np.testing.assert_array_equal(mean, m)
    np.testing.assert_array_equal(std, s)
    assert (lower < mean).all() and (mean < upper).all()
    _, _, lo80, up80 = bench.query(archs[:30], interval=0.8)
    # Nested across levels (calibration.h): never wider, and narrower for most architectures
    # (the width exponents of the calibration can give equal widths in a stretch).
    assert ((up80 - lo80) <= (upper - lower)).all()
    assert ((up80 - lo80) < (upper - lower)).mean() > 0.5
    one = bench.query(archs[0], "accuracy", interval=0.9)
    assert len(one) == 4 and one[2] == lower[0, 0] and one[3] == upper[0, 0]
    assert all(bench.has_interval(t) for t in bench.targets)
    for level in (0.0, 1.0, 1.5, -0.1):
        with pytest.raises(ValueError, match=r"must be in \(0, 1\)"):
            bench.query(archs[0], interval=level)


def test_intervals_of_a_directory_fitted_before_them(models_dir, tmp_path, archs):
    import json
    import shutil
    old = tmp_path / "old"
    shutil.copytree(models_dir, old)
    manifest = json.loads((old / "manifest.json").read_text())
    for t in manifest["targets"]:
        t.pop("calibration")
    (old / "manifest.json").write_text(json.dumps(manifest))
    b = anb.Benchmark(old)
    assert not b.has_interval("accuracy")
    assert b.query(archs[0], "accuracy")[0] > 0  # means still answer
    with pytest.raises(ValueError, match="refit"):
        b.query(archs[0], "accuracy", interval=0.9)


def test_measurement_noise(bench, archs):
    # The tiny models were fitted without the seed ablation: accuracy has no noise model, the
    # A100 throughput learnt one from the records' throughput_std.
    assert not bench.has_noise_model("accuracy")
    assert bench.has_noise_model("throughput_a100")
    with pytest.raises(ValueError, match="no noise model"):
        bench.query(archs[:5], "accuracy", noise="measurement", seed=1)
    a, _ = bench.query(archs[:5], "throughput_a100", noise="measurement", seed=1)
    b, _ = bench.query(archs[:5], "throughput_a100", noise="measurement", seed=1)
    m, _ = bench.query(archs[:5], "throughput_a100")
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, m)
    with pytest.raises(ValueError, match="noise source"):
        bench.query(archs[:5], "throughput_a100", noise="gauss", seed=1)


def test_one_path_batch_equals_single_calls_with_intervals_and_draws(bench, archs):
    some = archs[:40]
    mean, std, lower, upper = bench.query(some, interval=0.9)
    for i in (0, 13, 39):
        m, s, lo, up = bench.query(some[i], interval=0.9)
        np.testing.assert_array_equal(m, mean[i])
        np.testing.assert_array_equal(lo, lower[i])
        np.testing.assert_array_equal(up, upper[i])
    # Draws are taken row-major from Rng(seed): the first architecture alone gets the batch's
    # first row of draws.
    noisy, _ = bench.query(some, noise=True, seed=9)
    first, _ = bench.query(some[0], noise=True, seed=9)
    np.testing.assert_array_equal(first, noisy[0])


def test_choice_index_arrays_are_read_directly_and_checked(bench, archs):
    choices = np.array([a.choice_indices for a in archs[:5]], dtype=np.uint8)
    mean, _ = bench.query(choices)
    np.testing.assert_array_equal(mean, bench.query(archs[:5])[0])
    bad = choices.copy()
    bad[1, 1] = 2  # block0_k has 2 choices
    with pytest.raises(ValueError, match=r"encodings row 1: feature block0_k = 2"):
        bench.query(bad)
    with pytest.raises(ValueError, match=r"encodings row 0: feature block0_e = 0\.5"):
        bench.query(np.full((1, 28), 0.5))


def test_require_target(bench):
    assert bench.require_target("accuracy") == 0
    assert bench.require_target(bench.targets[-1]) == len(bench.targets) - 1
    with pytest.raises(ValueError, match=r"unknown target 'nope'.*accuracy"):
        bench.require_target("nope")
