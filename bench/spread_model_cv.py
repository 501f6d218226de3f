#!/usr/bin/env python3
"""Cross-validated interval widths of spread models for conformal intervals (docs/surrogates.md).

A prototype, in Python, of the question: would a spread model that reads the 28 choices make the
calibrated intervals narrower than anb's binned spread model (mean out-of-fold error in 10 bins of
the predicted value) or than a constant width, at the same coverage? For every fold of
bench/surrogate_cv.py (pooled train + val, shuffle seed 0; the test split is never used):

1. nine models on a 9-fold partition of the training folds (the target's default settings from
   config/surrogate_defaults.json, early stopping on the held-back fold) give out-of-fold
   predictions of every training record and, averaged, the prediction of the held-out fold;
2. each spread model is fitted to the out-of-fold errors r = |f(y) - f(pred)| (cross-fitted over
   the same 9 folds for the calibration scores r / spread, then on all of them for the held-out
   fold), the conformal quantile of the scores at each level is taken, and
3. on the held-out fold: coverage, and the mean width divided by the width of the constant
   interval that has the same coverage there (an oracle; below 1 = narrower).

Spread models: binned (anb's), trees:D (XGBoost on the 28 choices, depth D, fitted to r under
squared error, floored at 10 % of the mean r), and the product binned x trees. Widths are in fit
space (the transforms make them relative for throughputs).

Example (from the repository root; about a minute per target and fold on 2 cores):
    OMP_WAIT_POLICY=PASSIVE nice -n 5 /usr/bin/python3 bench/spread_model_cv.py \\
        --target latency_zcu102 --target latency_vck190
"""
import argparse
import json
import os

import numpy as np
import xgboost as xgb

# The same records, folds, choice columns and 9-fold partition as the accuracy prototype.
from accuracy_family_cv import choices, load, member_folds as nine_folds

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEVELS = (0.5, 0.8, 0.9, 0.95)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=os.environ.get(
        "ANB_DATA", os.path.join(ROOT, "..", "shared", "data", "accel-nasbench",
                                 "anb_dataset_trainval.tar.gz")))
    p.add_argument("--target", action="append", required=True)
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--spread-depth", default="2,3")
    p.add_argument("--spread-rounds", type=int, default=300)
    p.add_argument("--test-pred", choices=("single", "mean"), default="single",
                   help="held-out prediction: the first of the nine models (exchangeable with "
                        "the out-of-fold ones, so coverage is nominal) or their mean")
    p.add_argument("--exponents", default="1", help="width exponents g: width ~ spread^g")
    return p.parse_args()


def label(rec, target):
    if target == "accuracy":
        return rec["metrics"]["val_top1"]
    if target in ("val_top5", "train_time"):
        return rec["metrics"][target]
    perf = rec["platform_perf"][target]
    return perf["latency_mean"] if target.startswith("latency") else perf["throughput_mean"]


def settings(target):
    with open(os.path.join(ROOT, "config", "surrogate_defaults.json")) as f:
        cfg = json.load(f)
    s = dict(cfg["default"], **cfg["targets"].get(target, {}))
    p = dict(max_depth=s["max_depth"], learning_rate=s["learning_rate"],
             min_child_weight=s["min_child_weight"], subsample=s["subsample"],
             colsample_bytree=s["colsample_bytree"], colsample_bylevel=s["colsample_bylevel"],
             reg_lambda=s["lambda"], reg_alpha=s["alpha"], tree_method="hist",
             grow_policy=s["grow_policy"], max_leaves=s["max_leaves"],
             objective="reg:squarederror")
    return p, s["num_rounds"], s["transform"], s.get("headroom", 0.2)


def fit(params, rounds, X, z, Xh, zh, seed, threads, stop=100):
    base = z.mean()
    d = xgb.DMatrix(X, label=z, base_margin=np.full(len(z), base))
    dh = xgb.DMatrix(Xh, label=zh, base_margin=np.full(len(zh), base))
    b = xgb.train(dict(params, seed=seed, nthread=threads), d, rounds, evals=[(dh, "h")],
                  early_stopping_rounds=stop, verbose_eval=False)
    return lambda A: b.predict(xgb.DMatrix(A, base_margin=np.full(len(A), base)),
                               iteration_range=(0, b.best_iteration + 1))


def binned(pred, r):
    """anb's spread model: mean r of 10 equal-count bins of pred, linear between centres."""
    order = np.argsort(pred)
    bins = np.array_split(order, 10)
    knots = np.array([pred[b].mean() for b in bins])
    scales = np.array([r[b].mean() for b in bins])
    return lambda p: np.interp(p, knots, scales)


def trees(depth, rounds, threads):
    params = dict(max_depth=depth, learning_rate=0.05, min_child_weight=20, subsample=0.8,
                  tree_method="hist", objective="reg:squarederror")

    def make(X, pred, r):
        fold = nine_folds(len(r))
        hold = fold == 0
        f = fit(params, rounds, X[~hold], r[~hold], X[hold], r[hold], 3, threads, stop=50)
        floor = 0.1 * r.mean()
        return lambda A, p: np.maximum(f(A), floor)
    return make


def quantile(scores, a):
    n = len(scores)
    k = min(n, int(np.ceil((n + 1) * a)))
    return np.sort(scores)[k - 1]


def constant_ratio(r_te, width, covered):
    """mean width / width of the constant interval with the same coverage on these records."""
    cov = covered.mean()
    k = max(1, int(np.ceil(cov * len(r_te))))
    return width.mean() / (2 * np.sort(r_te)[k - 1])


def main():
    args = parse_args()
    args.seed = 0  # the fold shuffle of bench/surrogate_cv.py
    ids, recs = load(args)
    X = np.array([choices(recs[i]) for i in ids], float)
    depths = [int(d) for d in args.spread_depth.split(",")]
    for target in args.target:
        params, rounds, transform, headroom = settings(target)
        y = np.array([np.nan if label(recs[i], target) is None else label(recs[i], target)
                      for i in ids])
        valid = ~np.isnan(y)
        rows = {}
        for k in range(args.folds):
            te = np.arange(k, len(ids), args.folds)
            tr = np.setdiff1d(np.arange(len(ids)), te)
            te, tr = te[valid[te]], tr[valid[tr]]  # records without this target are skipped
            if transform == "log":
                z = np.log(y)
            elif transform == "log_headroom":
                c = y[tr].max() + headroom * (y[tr].max() - y[tr].min())
                z = -np.log(c - y)
            else:  # "none"

                z = y.copy()
            Xtr, ztr = X[tr], z[tr]
            fold = nine_folds(len(tr))
            oof = np.empty(len(tr))
            te_pred = np.zeros(len(te))
            for j in range(9):
                h = fold == j
                f = fit(params, rounds, Xtr[~h], ztr[~h], Xtr[h], ztr[h], 1 + j, args.threads)
                oof[h] = f(Xtr[h])
                if args.test_pred == "mean" or j == 0:
                    te_pred += f(X[te]) / (9 if args.test_pred == "mean" else 1)
            r = np.abs(ztr - oof)
            r_te = np.abs(z[te] - te_pred)
            models = {"constant": lambda Xa, p, rr: (lambda A, q: np.ones(len(q))),
                      "binned": lambda Xa, p, rr: (lambda A, q, b=binned(p, rr): b(q))}
            for d in depths:
                models[f"trees:{d}"] = lambda Xa, p, rr, d=d: trees(d, args.spread_rounds,
                                                                     args.threads)(Xa, p, rr)

                def product(Xa, p, rr, d=d):
                    b = binned(p, rr)
                    t = trees(d, args.spread_rounds, args.threads)(Xa, p, rr / b(p))
                    return lambda A, q: b(q) * t(A, q)
                models[f"binned*trees:{d}"] = product
            for name, make in models.items():
                spread_oof = np.empty(len(tr))
                for j in range(9):  # cross-fitted spread for the calibration scores
                    h = fold == j
                    s = make(Xtr[~h], oof[~h], r[~h])
                    spread_oof[h] = s(Xtr[h], oof[h])
                s_all = make(Xtr, oof, r)(X[te], te_pred)
                for g in [float(e) for e in args.exponents.split(",")]:
                    if name == "constant" and g != 1:
                        continue
                    scores = r / spread_oof ** g
                    for a in LEVELS:
                        w = 2 * quantile(scores, a) * s_all ** g
                        cov = r_te <= w / 2
                        rows.setdefault(f"{name} g{g:g}", {}).setdefault(a, []).append(
                            (cov.mean(), constant_ratio(r_te, w, cov)))
            print(f"{target} fold {k} done", flush=True)
        print(f"\n{target}: coverage / width ÷ constant at 50 / 80 / 90 / 95 % (mean over "
              f"{args.folds} folds; max ratio over folds in brackets)")
        for name, by_level in rows.items():
            cells = []
            for a in LEVELS:
                v = np.array(by_level[a])
                cells.append(f"{v[:, 0].mean():.3f} / {v[:, 1].mean():.3f} ({v[:, 1].max():.3f})")
            print(f"  {name:16} " + "  ".join(cells), flush=True)


if __name__ == "__main__":
    main()
