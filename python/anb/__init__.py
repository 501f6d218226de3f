"""anb: Accel-NASBench in C++, from Python.

A thin, pure-Python re-export of the compiled module ``anb._core`` (pybind11). Everything here
is implemented in C++; see docs/python.md for the tour and ``_core.pyi`` for the signatures.

    import anb
    bench = anb.Benchmark("/path/to/models")          # a model directory from `anb fit`
    archs = anb.SearchSpace.sample(10000, seed=0)
    mean, std = bench.query(archs)                     # (10000, n_targets) arrays
    result = anb.run_search(bench, algorithm="re", objectives=["accuracy"], budget=600, seed=0)

C++ errors arrive as ValueError (bad argument, out-of-range value) or RuntimeError (files,
corrupt models, XGBoost) carrying the C++ message.
"""

from ._core import (
    Architecture,
    Benchmark,
    Dataset,
    Evaluation,
    FitSummary,
    RegressionMetrics,
    Rng,
    SearchResult,
    SearchSpace,
    SearchSummary,
    TargetValidation,
    __version__,
    algorithms,
    average_ranks,
    crowding_distance,
    default_split_list,
    dominates,
    evaluate,
    fit,
    hypervolume_2d,
    kendall_tau,
    mean_absolute_error,
    non_dominated_sort,
    original_targets,
    pearson,
    r2_score,
    regression_metrics,
    root_mean_squared_error,
    run_search,
    run_seeds,
    select_survivors,
    spearman,
    summarize,
    target_info,
)

__all__ = [
    "Architecture",
    "Benchmark",
    "Dataset",
    "Evaluation",
    "FitSummary",
    "RegressionMetrics",
    "Rng",
    "SearchResult",
    "SearchSpace",
    "SearchSummary",
    "TargetValidation",
    "__version__",
    "algorithms",
    "average_ranks",
    "crowding_distance",
    "default_split_list",
    "dominates",
    "evaluate",
    "fit",
    "hypervolume_2d",
    "kendall_tau",
    "mean_absolute_error",
    "non_dominated_sort",
    "original_targets",
    "pearson",
    "r2_score",
    "regression_metrics",
    "root_mean_squared_error",
    "run_search",
    "run_seeds",
    "select_survivors",
    "spearman",
    "summarize",
    "target_info",
]
