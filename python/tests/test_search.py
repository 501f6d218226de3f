"""Optimizer bindings: every algorithm on the benchmark, Python objectives (GIL re-acquired per
evaluation, also from worker threads), bi-objective fronts, seeds, summaries, Pareto tools and the
error paths."""

import json
import math

import numpy as np
import pytest

import anb
from conftest import run_anb


def accuracy_of(bench):
    return lambda arch: bench.query(arch, "accuracy")[0]


def test_regularized_evolution_history(bench):
    r = anb.run_search(bench, algorithm="re", objectives=["accuracy"], budget=120, seed=3)
    assert len(r) == 120 and r.algorithm == "re" and r.seed == 3
    assert r.objectives == [("accuracy", "max")]
    assert r.values.shape == (120, 1) and r.progress.shape == (120,)
    assert np.all(np.diff(r.progress) >= 0)
    assert r.final_progress == r.progress[-1] == r.values.max()
    assert r.best.values[0] == r.values.max() and r.best.index == r.best_index
    assert [e.arch for e in r.history] == r.archs
    mean = anb.Benchmark(bench.directory).query(r.archs, "accuracy")[0]
    np.testing.assert_array_equal(r.values[:, 0], mean)
    again = anb.run_search(bench, algorithm="re", objectives="accuracy", budget=120, seed=3)
    assert again.archs == r.archs
    assert anb.run_search(bench, algorithm="re", budget=120, seed=4).archs != r.archs
    assert r.trajectory_csv().splitlines()[0].startswith("evaluation,accuracy,best_so_far")


def test_python_objective_reproduces_the_benchmark_search(bench):
    for algorithm in anb.algorithms():
        if algorithm == "nsga2":
            continue
        on_bench = anb.run_search(bench, algorithm=algorithm, budget=60, seed=1)
        in_python = anb.run_search(accuracy_of(bench), algorithm=algorithm,
                                   objectives=[("accuracy", "max")], budget=60, seed=1)
        assert in_python.archs == on_bench.archs, algorithm
        np.testing.assert_array_equal(in_python.values, on_bench.values)


def test_minimised_single_objective(bench):
    r = anb.run_search(bench, algorithm="ls", objectives=["latency_zcu102"], budget=80, seed=2)
    assert r.objectives == [("latency_zcu102", "min")]
    assert r.final_progress == r.values.min()
    assert np.all(np.diff(r.progress) <= 0)


def test_bi_objective_front_on_the_benchmark(bench):
    r = anb.run_search(bench, algorithm="nsga2", objectives=["accuracy", "throughput_a100"],
                       budget=120, population=20, seed=0)
    front = r.front_values
    assert front.shape == (len(r.archive), 2) and len(r.front_archs) == len(r.archive)
    scores = r.scores
    for i in r.archive:
        assert not any(anb.dominates(scores[j], scores[i], ["max", "max"]) for j in range(len(r)))
    assert np.all(np.diff(r.progress) >= -1e-15)
    hv = anb.hypervolume_2d([list(scores[i]) for i in r.archive], [0.0, 0.0])
    assert r.final_progress == pytest.approx(hv, rel=1e-12)
    assert r.front_csv().splitlines()[0].startswith("arch,accuracy,throughput_a100")
    rl = anb.run_search(bench, algorithm="reinforce", objectives=["accuracy", "latency_zcu102"],
                        budget=60, seed=0)
    assert rl.values.shape == (60, 2)


def test_bi_objective_python_function_with_explicit_bounds():
    def f(arch):
        e = arch.encoding
        return e[:14].sum() / 28.0, e[14:].sum() / 28.0  # both in [0, 1)

    r = anb.run_search(f, algorithm="nsga2", objectives=[("big_front", "max"), ("small_back", "min")],
                       bounds=[(0.0, 1.0), (1.0, 0.0)], budget=80, population=10, seed=5)
    assert r.objectives == [("big_front", "max"), ("small_back", "min")]
    assert len(r) == 80 and r.final_progress > 0
    with pytest.raises(ValueError, match="big_front, small_back|pair"):
        anb.run_search(f, algorithm="nsga2", objectives=[("big_front", "max"), ("small_back", "min")],
                       budget=80, seed=5)  # no bounds and no reference entry for this pair


def test_noise_is_seeded(bench):
    a = anb.run_search(bench, algorithm="rs", budget=30, seed=8, noise=True)
    b = anb.run_search(bench, algorithm="rs", budget=30, seed=8, noise=True)
    clean = anb.run_search(bench, algorithm="rs", budget=30, seed=8)
    assert a.archs == clean.archs  # random search draws the same architectures
    np.testing.assert_array_equal(a.values, b.values)
    assert not np.array_equal(a.values, clean.values)


def test_run_seeds_and_summarize(bench):
    seeds = [4, 2, 9]
    results = anb.run_seeds(bench, seeds, threads=2, algorithm="re", budget=50)
    assert [r.seed for r in results] == seeds
    for r in results:
        assert r.archs == anb.run_search(bench, algorithm="re", budget=50, seed=r.seed).archs
    from_python = anb.run_seeds(accuracy_of(bench), seeds, threads=2, algorithm="re",
                                objectives=[("accuracy", "max")], budget=50)
    for p, r in zip(from_python, results):
        np.testing.assert_array_equal(p.values, r.values)
    s = anb.summarize(results)
    assert s.seeds == 3 and s.budget == 50 and s.curve.shape == (50, 2)
    finals = [r.final_progress for r in results]
    assert s.final_progress_mean == pytest.approx(np.mean(finals))
    assert s.final_progress_std == pytest.approx(np.std(finals, ddof=1))
    assert s.best.values[0] == max(finals) and s.best_seed in seeds
    assert s.to_json()["algorithm"] == "re"


class ObjectiveFailed(Exception):
    pass


def test_python_exceptions_propagate_unchanged():
    calls = []

    def f(arch):
        calls.append(arch)
        if len(calls) == 7:
            raise ObjectiveFailed("boom at 7")
        return 1.0

    with pytest.raises(ObjectiveFailed, match="boom at 7"):
        anb.run_search(f, algorithm="re", objectives=[("f", "max")], budget=50, seed=0)
    calls.clear()
    with pytest.raises(ObjectiveFailed):
        anb.run_seeds(f, [0, 1], threads=2, algorithm="rs", objectives=[("f", "max")], budget=50)


def test_search_errors(bench):
    with pytest.raises(ValueError, match="'xx'.*rs"):
        anb.run_search(bench, algorithm="xx")
    with pytest.raises(ValueError, match="single-objective|1 objective|objectives"):
        anb.run_search(bench, algorithm="re", objectives=["accuracy", "throughput_a100"])
    with pytest.raises(ValueError, match="budget"):
        anb.run_search(bench, algorithm="rs", budget=0)
    with pytest.raises(ValueError, match="unknown target 'throughput_tpuv2'"):
        anb.run_search(bench, objectives=["throughput_tpuv2"], budget=30)
    with pytest.raises(ValueError, match="returned 2 values for 1 objectives"):
        anb.run_search(lambda a: (1.0, 2.0), objectives=[("f", "max")], algorithm="rs", budget=10)
    with pytest.raises(ValueError, match="noise=True needs a Benchmark"):
        anb.run_search(lambda a: 1.0, objectives=[("f", "max")], noise=True)
    with pytest.raises(TypeError, match="expected a Benchmark or a callable"):
        anb.run_search(42)
    with pytest.raises(ValueError, match="direction 'up'"):
        anb.run_search(lambda a: 1.0, objectives=[("f", "up")])
    with pytest.raises(ValueError, match="hypervolume box"):
        anb.run_search(lambda a: (5.0, 0.5), algorithm="nsga2", objectives=[("f", "max"), ("g", "max")],
                       bounds=[(0.0, 1.0), (0.0, 1.0)], budget=50, population=10)
    with pytest.raises(TypeError):
        anb.run_search(lambda a: "text", objectives=[("f", "max")], algorithm="rs", budget=10)


def test_pareto_tools():
    points = [[1.0, 4.0], [2.0, 2.0], [4.0, 1.0], [1.0, 1.0], [0.5, 0.5]]
    both = ["max", "max"]
    assert anb.dominates([2.0, 2.0], [1.0, 1.0], both)
    assert not anb.dominates([1.0, 4.0], [4.0, 1.0], both)
    assert anb.non_dominated_sort(points, both) == [[0, 1, 2], [3], [4]]
    d = anb.crowding_distance(points, [0, 1, 2])
    assert math.isinf(d[0]) and math.isinf(d[2]) and 0 < d[1] < math.inf
    assert anb.hypervolume_2d([[1.0, 1.0]], [0.0, 0.0]) == 1.0
    assert anb.hypervolume_2d([[1.0, 2.0], [2.0, 1.0]], [0.0, 0.0]) == 3.0
    assert sorted(anb.select_survivors(points, 3)) == [0, 1, 2]
    with pytest.raises((ValueError, TypeError)):
        anb.dominates([1.0], [1.0, 2.0], both)
    with pytest.raises(ValueError):
        anb.hypervolume_2d([[1.0, 2.0, 3.0]], [0.0, 0.0])


@pytest.mark.parametrize("algorithm, objectives, noise", [
    ("re", ["accuracy"], False),
    ("ls", ["latency_zcu102"], True),
    ("nsga2", ["accuracy", "throughput_a100"], False),
])
def test_same_history_as_the_anb_search_command(bench, models_dir, tmp_path, algorithm, objectives,
                                                noise):
    cmd = ["search", "--models", str(models_dir), "--algorithm", algorithm,
           "--objectives", ",".join(objectives), "--budget", "60", "--seeds", "1",
           "--first-seed", "4", "--threads", "1", "--out", str(tmp_path)]
    if algorithm == "nsga2":
        cmd += ["--population", "20"]
    run_anb(*cmd, *(["--noise"] if noise else []))
    r = anb.run_search(bench, algorithm=algorithm, objectives=objectives, budget=60, seed=4,
                       noise=noise, population=20 if algorithm == "nsga2" else None)
    assert (tmp_path / algorithm / "trajectory_seed4.csv").read_text() == r.trajectory_csv()


def test_a_pair_without_a_reference_box_gets_the_box_anb_search_estimates(bench, models_dir,
                                                                          tmp_path):
    """(throughput_a100, accuracy) is no pair of the built-in reference (its pairs start with
    accuracy): on a Benchmark, run_search and `anb search` both estimate the box from the models
    (surrogate::make_search_setup), say so, and search the same way."""
    import os
    import subprocess
    pair = ["throughput_a100", "accuracy"]
    with pytest.warns(UserWarning, match=r"no hypervolume reference for \(throughput_a100, "
                                         r"accuracy\) in the built-in hypervolume reference"):
        r = anb.run_search(bench, algorithm="nsga2", objectives=pair, budget=60, population=20,
                           seed=4)
    assert 0.0 < r.final_progress < 1.0
    with pytest.warns(UserWarning, match="no hypervolume reference"):
        rec = anb.Recorder(bench, objectives=pair, budget=10, seed=4)
    rec.evaluate(r.archs[:10])
    np.testing.assert_array_equal(rec.result().scores, r.scores[:10])  # the same box
    # A named reference file must hold the pair: no estimate then.
    ref = tmp_path / "ref.json"
    ref.write_text(json.dumps({
        "format": "anb-hypervolume-reference", "version": 1,
        "data_ranges": {"accuracy": [42.85, 67.05], "latency_zcu102": [1.68, 23.58]},
        "pairs": [{"objectives": ["accuracy", "latency_zcu102"], "reference": [40, 25],
                   "ideal": [70, 1], "reward_target": 7}]}))
    with pytest.raises(ValueError, match=r"no hypervolume reference for the objective pair "
                                         r"\(throughput_a100, accuracy\) in .*ref.json"):
        anb.run_search(bench, algorithm="nsga2", objectives=pair, budget=60, hv_reference=ref)
    exe = os.environ.get("ANB_EXE")
    if not exe or not os.path.exists(exe):
        pytest.skip("ANB_EXE (the anb binary) not given")
    out = tmp_path / "cli"
    cli = subprocess.run([exe, "search", "--models", str(models_dir), "--algorithm", "nsga2",
                          "--objectives", ",".join(pair), "--budget", "60", "--population", "20",
                          "--seeds", "1", "--first-seed", "4", "--threads", "1", "--out", str(out)],
                         capture_output=True, text=True, env={**os.environ, "ANB_HV_REFERENCE": ""})
    assert cli.returncode == 0, cli.stderr
    assert "anb: note: no hypervolume reference for (throughput_a100, accuracy)" in cli.stderr
    assert (out / "nsga2" / "trajectory_seed4.csv").read_text() == r.trajectory_csv()
    bad = subprocess.run([exe, "search", "--models", str(models_dir), "--algorithm", "nsga2",
                          "--objectives", ",".join(pair), "--hv-reference", str(ref),
                          "--out", str(tmp_path / "bad")], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "no hypervolume reference for the objective pair (throughput_a100, accuracy)" in bad.stderr


@pytest.fixture(scope="module")
def cost_models(tmp_path_factory, splits):
    """Tiny models with a train_time target (what a training-cost budget prices evaluations with)."""
    train, validation = splits
    out = tmp_path_factory.mktemp("cost_models") / "m"
    anb.fit(train, out, validation=validation, targets=["accuracy", "train_time"], seed=5,
            threads=1, hyperparameters={"default": {"num_rounds": 20, "members": 2,
                                                    "max_depth": 3}})
    return out


def test_train_budget_cuts_each_run_where_the_simulated_training_cost_is_spent(cost_models,
                                                                               tmp_path):
    bench = anb.Benchmark(cost_models)
    full = anb.run_search(bench, algorithm="rs", budget=50, seed=3)
    cost = np.cumsum(bench.query(full.archs, "train_time")[0])
    budget = float(0.5 * cost[-1])
    cut = anb.run_search(bench, algorithm="rs", budget=50, seed=3, train_budget=budget)
    n = len(cut)
    assert 0 < n < len(full)
    assert cost[n - 1] <= budget < cost[n]  # stopped before the evaluation that would overspend
    assert [str(a) for a in cut.archs] == [str(a) for a in full.archs[:n]]  # a prefix
    np.testing.assert_array_equal(cut.values, full.values[:n])
    assert cut.final_progress == full.progress[n - 1]
    # run_seeds: the same cut per seed; 0 means no budget.
    seeds = anb.run_seeds(bench, [3, 4], algorithm="rs", budget=50, threads=1, train_budget=budget)
    assert cut.trajectory_csv() == seeds[0].trajectory_csv()
    assert len(anb.run_search(bench, algorithm="rs", budget=50, seed=3, train_budget=0)) == 50
    # The same run as `anb search --train-budget`.
    run_anb("search", "--models", cost_models, "--algorithm", "rs", "--budget", "50", "--seeds",
            "1", "--first-seed", "3", "--threads", "1", "--train-budget", repr(budget), "--out",
            tmp_path)
    assert (tmp_path / "rs" / "trajectory_seed3.csv").read_text() == cut.trajectory_csv()


def test_train_budget_errors(bench, cost_models):
    cost_bench = anb.Benchmark(cost_models)
    with pytest.raises(ValueError, match=r"^train_budget: got -5(\.0)?; must be >= 0"):
        anb.run_search(cost_bench, algorithm="rs", budget=10, train_budget=-5)
    with pytest.raises(ValueError, match=r"^train_budget: got nan"):
        anb.run_search(cost_bench, algorithm="rs", budget=10, train_budget=float("nan"))
    with pytest.raises(ValueError, match="^train_budget: the models in .* have no train_time"):
        anb.run_search(bench, algorithm="rs", budget=10, train_budget=1e6)
    with pytest.raises(ValueError, match="^train_budget: the models have no train_time"):
        anb.run_search(lambda a: 1.0, objectives=[("f", "max")], algorithm="rs", budget=10,
                       train_budget=1e6)
    with pytest.raises(ValueError, match="train_budget: got .* s; below the cost of the first evaluation"):
        anb.run_search(cost_bench, algorithm="rs", budget=10, train_budget=1.0)
    with pytest.raises(TypeError):
        anb.run_search(cost_bench, algorithm="rs", budget=10, train_budget="lots")
