"""Metric bindings: values on small hand-checked examples, NumPy and list inputs, and the
error paths (same rules and messages as the C++ functions)."""

import math

import numpy as np
import pytest

import anb


def test_metrics_on_small_examples():
    y = [1.0, 2.0, 3.0, 4.0]
    p = [1.5, 1.5, 3.5, 4.5]
    assert anb.r2_score(y, y) == 1.0
    assert anb.r2_score(y, p) == pytest.approx(1 - 1.0 / 5.0)
    assert anb.mean_absolute_error(y, p) == pytest.approx(0.5)
    assert anb.root_mean_squared_error(y, p) == pytest.approx(0.5)
    assert anb.kendall_tau(y, [4.0, 3.0, 2.0, 1.0]) == pytest.approx(-1.0)
    # tie in p: tau-b = (5 - 0) / sqrt(6 * 5)
    assert anb.kendall_tau(y, p) == pytest.approx(5 / math.sqrt(30))
    assert anb.spearman(y, np.array(y) ** 3) == pytest.approx(1.0)
    assert anb.pearson(y, [2.0, 4.0, 6.0, 8.0]) == pytest.approx(1.0)
    np.testing.assert_array_equal(anb.average_ranks([3.0, 1.0, 3.0]), [2.5, 1.0, 2.5])


def test_regression_metrics_bundle_and_numpy_input():
    rng = np.random.default_rng(0)
    y = rng.normal(size=100)
    p = y + 0.1 * rng.normal(size=100)
    m = anb.regression_metrics(y, p)
    assert m.n == 100
    assert m.r2 == pytest.approx(anb.r2_score(y, p))
    assert m.kendall_tau == pytest.approx(anb.kendall_tau(y, p))
    assert m.spearman == pytest.approx(anb.spearman(y, p))
    assert m.to_dict()["mae"] == m.mae
    assert "RegressionMetrics(n=100" in repr(m)
    assert anb.r2_score(y.astype(np.float32), p) == pytest.approx(m.r2, rel=1e-6)


def test_undefined_values_are_nan():
    assert math.isnan(anb.spearman([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]))
    assert math.isnan(anb.r2_score([2.0, 2.0], [1.0, 3.0]))


def test_metric_errors():
    with pytest.raises(ValueError, match="length|size|equal"):
        anb.r2_score([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="2|two"):
        anb.kendall_tau([1.0], [1.0])
    with pytest.raises(ValueError, match="finite"):
        anb.mean_absolute_error([1.0, float("nan")], [1.0, 2.0])
    with pytest.raises(ValueError, match="1-D"):
        anb.spearman(np.zeros((2, 2)), np.zeros((2, 2)))
    with pytest.raises(TypeError):
        anb.pearson(["a", "b"], [1.0, 2.0])


def test_rng_is_seeded():
    a, b = anb.Rng(5), anb.Rng(5)
    assert [a.next() for _ in range(3)] == [b.next() for _ in range(3)]
    assert 0.0 <= a.uniform() < 1.0
    assert all(0 <= a.uniform_int(6) < 6 for _ in range(100))
    assert anb.Rng.substream(5, 1).next() != anb.Rng(5).next()
    assert isinstance(a.normal(), float) and isinstance(a.normal(10.0, 0.0), float)
    assert a.normal(10.0, 0.0) == 10.0
