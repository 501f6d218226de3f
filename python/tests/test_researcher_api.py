"""The researcher's API of issue 17: the Recorder and ask/tell (a custom optimizer recorded like
the built-in ones), the `anb search` output folder, the direction-aware multi-objective tools and
plots, one-line errors for the mistakes the issue lists, and dict / shape / unit interop."""

import json
import shutil

import numpy as np
import pytest

import anb

PAIR = ["accuracy", "latency_zcu102"]


def one_line(excinfo):
    text = str(excinfo.value)
    assert "\n" not in text, text
    assert "anb::" not in text and "Options." not in text, text
    return text


# ------------------------------------------------------------------------------ Recorder, ask/tell
def test_recorder_reproduces_a_builtin_run(bench):
    for objectives in (["accuracy"], PAIR):
        rs = anb.run_search(bench, algorithm="rs", objectives=objectives, budget=60, seed=3)
        rec = anb.Recorder(bench, objectives=objectives, budget=60, seed=3, algorithm="rs")
        values = rec.evaluate(rs.archs)
        assert values.shape == (60, len(objectives))
        r = rec.result()
        assert r.archs == rs.archs and r.algorithm == "rs" and rec.exhausted
        np.testing.assert_array_equal(r.values, rs.values)
        np.testing.assert_allclose(r.progress, rs.progress, rtol=1e-12, atol=1e-15)
        assert r.trajectory_csv().splitlines()[0] == rs.trajectory_csv().splitlines()[0]


def test_recorder_shapes_budget_and_duplicates(bench):
    a = anb.Architecture("efficientnet-b0")
    rec = anb.Recorder(bench, objectives="accuracy", budget=3)
    assert isinstance(rec.evaluate(a), float)  # one name, one arch: a float
    assert rec.evaluate([a, a, a]).shape == (2,)  # 'count': the repeat costs; cut at the budget
    assert rec.remaining == 0 and len(rec) == 3
    with pytest.raises(ValueError, match="budget: the 3 evaluations are spent") as e:
        rec.evaluate(a)
    one_line(e)
    cached = anb.Recorder(bench, objectives=["accuracy"], budget=2, duplicates="cache")
    assert cached.evaluate(a).shape == (1,)
    assert cached.evaluate([a, a]).shape == (2, 1) and cached.remaining == 1
    assert cached.find(a).index == 0 and cached.find(anb.Architecture.smallest()) is None
    with pytest.raises(ValueError, match="duplicates: got 'skip'; expected one of count, cache"):
        anb.Recorder(bench, duplicates="skip")


def test_tell_only_recorder_and_callables():
    rec = anb.Recorder(None, objectives=[("f", "max"), ("g", "min")],
                       bounds=[(0.0, 1.0), (1.0, 0.0)], budget=4)
    archs = anb.SearchSpace.sample(4, seed=1)
    rec.tell(archs[:2], [[0.5, 0.5], [0.2, 0.9]])
    assert rec.progress == pytest.approx(0.25)
    rec.tell(archs[2], [1.0, 0.0])
    assert rec.progress == pytest.approx(1.0)
    with pytest.raises(ValueError, match="values: got 2 rows for 1 architectures"):
        rec.tell([archs[3]], [[0.1, 0.1], [0.2, 0.2]])
    with pytest.raises(TypeError, match="no problem"):
        rec.evaluate(archs[3])
    calls = []
    f = anb.Recorder(lambda a: calls.append(a) or 2.0, objectives=[("f", "max")], budget=5)
    assert f.evaluate(archs).shape == (4, 1) and len(calls) == 4


class RandomBatches:
    def __init__(self, seed):
        self.seed, self.told = seed, 0

    def ask(self):
        self.seed += 1
        return anb.SearchSpace.sample(7, seed=self.seed)

    def tell(self, archs, values):
        assert len(archs) == len(values) and values.shape[1:] == (2,)
        self.told += len(archs)


def test_run_optimizer_is_scored_like_builtins(bench, tmp_path):
    opt = RandomBatches(0)
    r = anb.run_optimizer(opt, bench, objectives=PAIR, budget=50, seed=4)
    assert r.algorithm == "RandomBatches" and len(r) == 50 and opt.told == 50
    assert r.final_progress == pytest.approx(anb.hypervolume(r.front_values, PAIR), rel=1e-12)
    nsga = anb.run_seeds(bench, [0, 1], algorithm="nsga2", objectives=PAIR, budget=50,
                         population=10)
    summary = anb.write_search_folder(tmp_path / "custom", [r], plots=False)
    assert summary["algorithm"] == "RandomBatches" and summary["budget"] == 50
    assert (tmp_path / "custom" / "RandomBatches" / "trajectory_seed4.csv").exists()
    with pytest.raises(ValueError, match="holds another run") as e:
        anb.write_search_folder(tmp_path / "custom", nsga, plots=False)
    one_line(e)
    anb.write_search_folder(tmp_path / "custom", nsga, plots=False, force=True)
    assert not (tmp_path / "custom" / "RandomBatches").exists()
    assert json.loads((tmp_path / "custom" / "summary.json").read_text())["algorithm"] == "nsga2"
    with pytest.raises(TypeError, match="ask\\(\\) and tell"):
        anb.run_optimizer(object(), bench)


# ------------------------------------------------------------------------ multi-objective tools
def test_fronts_respect_directions(bench, archs):
    values, _ = bench.query(archs, PAIR)
    front = anb.pareto_front(values, PAIR)
    assert front == anb.non_dominated_sort(values, PAIR)[0]
    assert front == anb.pareto_front(values, ["max", "min"])
    assert front == anb.pareto_front(values, [("accuracy", "max"), ("latency_zcu102", "min")])
    wrong = anb.pareto_front(values, ["max", "max"])
    assert front != wrong
    for i in front:  # nothing is more accurate and faster
        better = (values[:, 0] >= values[i, 0]) & (values[:, 1] <= values[i, 1])
        assert not np.any(better & ((values[:, 0] > values[i, 0]) | (values[:, 1] < values[i, 1])))
    latencies = values[:, 1]
    assert anb.pareto_front(latencies, "latency_zcu102") == [int(np.argmin(latencies))]
    with pytest.raises(TypeError, match="objectives is required") as e:
        anb.non_dominated_sort(latencies)
    one_line(e)
    assert anb.dominates([60, 5], [59, 6], PAIR) and not anb.dominates([60, 5], [59, 6], ["max", "max"])


def test_hypervolume_box_igd_and_nd(bench):
    box = anb.hypervolume_box("accuracy", "latency_zcu102")
    assert box["objectives"] == [("accuracy", "max"), ("latency_zcu102", "min")]
    assert box["reference"] == [30, 40] and box["ideal"] == [75, 0]
    r = anb.run_search(bench, algorithm="nsga2", objectives=PAIR, budget=60, population=20, seed=1)
    hv = anb.hypervolume(r.front_values, PAIR)
    assert hv == pytest.approx(r.final_progress, rel=1e-12)
    assert anb.hypervolume(r.front_values, PAIR, bounds=box["bounds"]) == hv
    assert anb.igd_plus(r.front_values, r.front_values, PAIR) == 0.0
    assert anb.igd_plus(r.front_values[:1], r.front_values, PAIR) >= 0.0
    three = [[0.5, 0.5, 0.5], [1.0, 0.2, 0.2]]
    # 0.5^3 + 1 * 0.2 * 0.2 - their overlap 0.5 * 0.2 * 0.2
    assert anb.hypervolume(three, ["max"] * 3, bounds=[(0, 1)] * 3) == pytest.approx(0.145)
    with pytest.raises(ValueError, match="latency_zcu102 = 45") as e:
        anb.hypervolume([[60, 45]], PAIR)
    one_line(e)
    with pytest.raises(ValueError, match="worse than the reference") as e:
        anb.hypervolume_2d([[60.0, 5.0]], [30, 40])  # latency is not maximised: say so
    one_line(e)
    with pytest.raises(ValueError, match="bounds: two objectives \\(f, g\\) need a hypervolume box"):
        anb.hypervolume([[1, 2]], [("f", "max"), ("g", "max")])


def test_plots_from_python(bench, tmp_path):
    if shutil.which("gnuplot") is None:
        pytest.skip("gnuplot not installed")
    runs = {name: anb.run_seeds(bench, [0, 1], algorithm=name, objectives=PAIR, budget=40,
                                population=10 if name == "nsga2" else None)
            for name in ("nsga2", "rs")}
    anb.plot_progress(tmp_path / "progress.png", runs, title="hv")
    anb.plot_front(tmp_path / "front.png", {k: anb.summarize(v) for k, v in runs.items()}, PAIR,
                   marks={"EfficientNet-B0": list(bench.query("efficientnet-b0", PAIR)[0])})
    anb.plot_front(tmp_path / "raw.png", runs["rs"][0].front_values, PAIR)
    for f in ("progress.png", "front.png", "raw.png"):
        assert (tmp_path / f).read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="exactly 2"):
        anb.plot_front(tmp_path / "x.png", [[1, 2, 3]], ["max"] * 3)


# ------------------------------------------------------------------------------ one-line errors
def test_the_issues_mistakes_are_one_line_errors(bench):
    cases = [
        (ValueError, "unknown target 'throughput_tpuv2' \\(models in .* have: accuracy",
         lambda: anb.run_search(bench, algorithm="nsga2", objectives=["accuracy", "throughput_tpuv2"])),
        (ValueError, "unknown target 'acc' \\(models in .* have: accuracy, throughput_a100, latency_zcu102\\)",
         lambda: anb.run_search(bench, objectives="acc")),
        (ValueError, "'acc' is not a target name .*\\('acc', 'max'\\)",
         lambda: anb.run_search(lambda a: 1.0, objectives="acc")),
        (ValueError, "bounds: two objectives \\(f, g\\) need a hypervolume box",
         lambda: anb.run_search(lambda a: (1.0, 2.0), algorithm="nsga2",
                                objectives=[("f", "max"), ("g", "max")])),
        (ValueError, "^budget: got 0; need at least 1$", lambda: anb.run_search(bench, budget=0)),
        (ValueError, "^budget: got -5; need at least 1$", lambda: anb.run_search(bench, budget=-5)),
        (ValueError, "^budget: got 10; must be >= population \\(20\\)$",
         lambda: anb.run_search(bench, algorithm="re", budget=10)),
        (TypeError, "run_search: the arguments do not match run_search\\(problem, \\*, algorithm=",
         lambda: anb.run_search(bench, "re")),
        (TypeError, "^budget: expected an int, got str", lambda: anb.run_search(bench, budget="600")),
        (TypeError, "seed is required", lambda: anb.SearchSpace.sample(5)),
        (ValueError, "architecture index -1 is outside \\[0, 104485552128\\)",
         lambda: anb.Architecture.from_index(-1)),
        (ValueError, "seeds: got an empty list", lambda: anb.run_seeds(bench, [])),
        (ValueError, "unknown algorithm 'bohb' \\(expected one of rs, re, reinforce, ls, nsga2\\)",
         lambda: anb.run_search(bench, algorithm="bohb")),
        (TypeError, "problem: expected a Benchmark or a callable", lambda: anb.run_search(42)),
    ]
    for kind, pattern, call in cases:
        with pytest.raises(kind, match=pattern) as e:
            call()
        one_line(e)
    # A float where an int is expected in a float option still works (no overload shadowing).
    assert len(anb.run_search(bench, algorithm="reinforce", budget=12, learning_rate=1)) == 12


# --------------------------------------------------------------------------------------- interop
def test_queries_accept_record_and_configuration_dicts(bench):
    a = anb.Architecture("efficientnet-b0")
    record = a.record_form()
    config = {k: (str(v) if isinstance(v, bool) else str(v)) for k, v in record.items()}
    np_config = {k: (np.bool_(v) if isinstance(v, bool) else np.int64(v)) for k, v in record.items()}
    assert anb.Architecture(record) == anb.Architecture(config) == anb.Architecture(np_config) == a
    m, s = bench.query(a, "accuracy")
    assert bench.query(record, "accuracy") == (m, s)
    mean, _ = bench.query([record, config, a.canonical], PAIR)
    assert mean.shape == (3, 2) and np.all(mean[:, 0] == m)
    bad = dict(record, block3_e=5)
    with pytest.raises(ValueError, match="block3_e") as e:
        bench.query(bad, "accuracy")
    one_line(e)
    with pytest.raises(ValueError, match="archs\\[1\\]: unknown architecture field 'block9_e'"):
        bench.query([record, {"block9_e": 1}], "accuracy")


def test_documented_shapes_and_units(bench):
    a = anb.Architecture("efficientnet-b0")
    assert bench.query(a, ["accuracy"])[0].shape == (1,)  # a list of targets keeps the k axis
    assert np.ndim(bench.query(a, "accuracy")[0]) == 0
    r = anb.run_search(bench, algorithm="rs", objectives="accuracy", budget=5, seed=0)
    assert r.values.shape == (5, 1) and r.progress.shape == (5,)
    assert isinstance(r.best.values, np.ndarray) and r.best.values.shape == (1,)
    assert 50 < a.macs < 1000 and 1 < a.params < 20  # millions, as front.csv and the dataset
