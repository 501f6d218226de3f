"""Interoperability: the member files anb writes are plain XGBoost JSON models that Python
xgboost loads, and anb's predictions equal Python xgboost's on the same files (each member's
output transformed back to the target's unit as the manifest says)."""

import numpy as np
import pytest

import anb

xgb = pytest.importorskip("xgboost")


def to_unit(target, raw):
    """A member's raw output in the target's unit, as the manifest's transform says."""
    if target["transform"] == "log":
        return np.exp(raw)
    if target["transform"] == "log_headroom":
        return target["ceiling"] - np.exp(-raw)
    assert target["transform"] == "none"
    return raw


def test_members_load_in_python_xgboost_and_predictions_agree(bench, models_dir):
    archs = anb.SearchSpace.sample(300, seed=21) + [anb.Architecture.efficientnet_b0()]
    features = anb.SearchSpace.encode(archs)
    matrix = xgb.DMatrix(features)
    mean, std = bench.query(archs)
    for j, target in enumerate(bench.manifest["targets"]):
        assert target["name"] == bench.targets[j]
        per_member = []
        for member in target["members"]:
            booster = xgb.Booster(model_file=str(models_dir / member["file"]))
            assert booster.num_features() == 28
            raw = booster.predict(matrix, output_margin=False).astype(np.float64)
            per_member.append(to_unit(target, raw))
        per_member = np.array(per_member)  # (members, n)
        for i in (0, 1, 150, len(archs) - 1):
            np.testing.assert_allclose(bench.query_members(archs[i], target["name"]),
                                       per_member[:, i], rtol=1e-5)
        np.testing.assert_allclose(mean[:, j], per_member.mean(axis=0), rtol=1e-5)
        np.testing.assert_allclose(std[:, j], per_member.std(axis=0), rtol=1e-3,
                                   atol=1e-5 * np.abs(mean[:, j]).max())


def test_members_equal_float64_sums_of_the_leaves_xgboost_routes_to(bench, models_dir):
    """Python xgboost accumulates trees in float32; summing the leaf values of the leaves it
    routes each architecture to (pred_leaf) in float64 gives the exact member output, which anb
    matches far more closely (this is what keeps anb within 1e-5 of xgboost on deep ensembles)."""
    import json
    archs = anb.SearchSpace.sample(200, seed=22)
    matrix = xgb.DMatrix(anb.SearchSpace.encode(archs))
    for target in bench.manifest["targets"]:
        for k, member in enumerate(target["members"]):
            path = models_dir / member["file"]
            learner = json.loads(path.read_text())["learner"]
            trees = learner["gradient_booster"]["model"]["trees"]
            leaves = xgb.Booster(model_file=str(path)).predict(matrix, pred_leaf=True).astype(int)
            leaves = leaves.reshape(len(archs), len(trees))
            exact = np.full(len(archs), float(learner["learner_model_param"]["base_score"]))
            for t, tree in enumerate(trees):
                exact += np.asarray(tree["split_conditions"], dtype=np.float64)[leaves[:, t]]
            exact = to_unit(target, exact)
            ours = np.array([bench.query_members(a, target["name"])[k] for a in archs])
            np.testing.assert_allclose(ours, exact, rtol=1e-6)
