"""The Python example and the query benchmark script run end to end on the tiny models."""

import os
import shutil
import subprocess
import sys

from conftest import ROOT, clean_environment


def run(script, *args):
    env = clean_environment(PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.run([sys.executable, str(ROOT / script), *map(str, args)], env=env,
                          capture_output=True, text=True, check=True, timeout=120).stdout


def test_regularized_evolution_example(models_dir, tmp_path):
    out = run("examples/python/regularized_evolution.py", "--models", models_dir,
              "--out", tmp_path, "--budget", 40, "--seeds", 2)
    assert "Python RE" in out and "anb.run_seeds RE" in out and "best architecture" in out
    lines = (tmp_path / "curves.csv").read_text().splitlines()
    assert lines[0] == "evaluation,python_mean,cpp_mean" and len(lines) == 41
    if shutil.which("gnuplot"):
        assert (tmp_path / "regularized_evolution.png").stat().st_size > 1000


def test_query_benchmark_script(models_dir):
    import json
    out = run("bench/bench_python_query.py", "--models", models_dir, "--n", 300,
              "--repeats", 1, "--calls", 200, "--rounds", 2, "--json")
    figures = json.loads(out)
    assert figures["n"] == 300 and figures["targets"] == 3
    assert figures["batch_cpp_ms"] > 0 and figures["single_all_targets_python_us"] > 0


def test_custom_multi_objective_example(models_dir, tmp_path):
    out = run("examples/python/custom_multi_objective.py", "--models", models_dir,
              "--out", tmp_path, "--budget", 60, "--seeds", 2)
    for name in ("front-mutation", "nsga2", "rs"):
        assert name in out
        assert (tmp_path / name / "summary.json").exists()
    assert "IGD+" in out
    if shutil.which("gnuplot"):
        assert (tmp_path / "front.png").stat().st_size > 1000
        assert (tmp_path / "progress.png").stat().st_size > 1000


def test_recorder_benchmark_script(models_dir):
    out = run("bench/bench_recorder.py", "--models", models_dir, "--evaluations", 60,
              "--rounds", 1)
    assert "recorded + scored" in out and "naive" in out
