#!/usr/bin/env python3
"""Cross-validated accuracy rank quality of model families beside anb's trees (docs/surrogates.md).

A prototype, in Python, of candidates that need more than a settings change of `anb fit`: it
reproduces the default accuracy fit (10 members on one shared 9-fold partition of the training
folds, early stopping on the member's fold, log_headroom with headroom 0.2, the default accuracy
settings of config/surrogate_defaults.json) with the `xgboost` Python package, on the folds of
bench/surrogate_cv.py (pooled train + val ids, sorted, shuffled with random.Random(seed), cut
k::folds), and compares each candidate with it fold by fold (Kendall tau on the held-out fold).
The test split is never used (it is not in the data).

Candidates (--candidate, repeatable):
  ridge      ridge on one-hot choices + all pairwise one-hot interactions (lambda by 9-fold
             out-of-fold MSE), blended per member: (1 - w) trees_k + w ridge_k, w in --weights
  kernel     kernel ridge, exp(-g * Hamming) on the 28 choices, blended with the trees' mean
  rank       rank:pairwise members (mapped to fit space by a linear fit), blended
  derived:S  derived columns appended (S: '+'-joined of macs, params, depth, expl, se)
  monotone   monotone constraints (increasing in e and l of stages 1-6, SE better)
  huber:D    reg:pseudohubererror with huber_slope D
  refit:S    each member refitted on all training folds with S times the round count its
             early stopping chose (its held-back fold included)
  fraction:F the defaults fitted on a random fraction F of the training folds (learning curve:
             what more training records would buy)
  mlp:H      a multilayer perceptron per member (one-hot choices, two hidden layers of H units,
             Adam, early stopping on the member's fold; `torch`), blended per member

Example (from the repository root; ~1 minute per fold and candidate on 2 cores):
    OMP_WAIT_POLICY=PASSIVE nice -n 5 /usr/bin/python3 bench/accuracy_family_cv.py \\
        --work out/acc_cv --candidate ridge --candidate derived:depth+expl+se
Tree fits are cached in --work (delete it to refit).
"""
import argparse
import itertools
import json
import os
import tarfile

import numpy as np
import scipy.linalg as sl
import xgboost as xgb
from scipy.stats import kendalltau

from surrogate_cv import shuffled_ids  # the same folds as bench/surrogate_cv.py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PARAMS = dict(max_depth=3, learning_rate=0.094, min_child_weight=63, subsample=0.8,
              colsample_bytree=0.6, colsample_bylevel=0.9158, reg_lambda=5.424, reg_alpha=0.23,
              tree_method='hist', objective='reg:squarederror')


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=os.environ.get(
        "ANB_DATA", os.path.join(ROOT, "..", "shared", "data", "accel-nasbench",
                                 "anb_dataset_trainval.tar.gz")))
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--seed", type=int, default=0, help="seed of the fold shuffle")
    p.add_argument("--members", type=int, default=10)
    p.add_argument("--rounds", type=int, default=2000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--weights", default="0.1,0.2,0.3,0.5,1")
    p.add_argument("--candidate", action="append", default=[])
    p.add_argument("--work", required=True)
    return p.parse_args()


def load(args):
    ids = shuffled_ids(args.data, args.seed)
    wanted, recs = set(ids), {}
    with tarfile.open(args.data) as tar:
        for m in tar:
            name = os.path.basename(m.name)
            if m.isfile() and name in wanted:
                recs[name] = json.load(tar.extractfile(m))
    return ids, recs


def choices(rec):
    a = rec["architecture"]
    out = []
    for s in range(7):
        out += [a[f"block{s}_e"], a[f"block{s}_k"], a[f"block{s}_l"],
                0 if a[f"block{s}_se"] else 1]
    return out


def derived(rec, spec):
    a, m = rec["architecture"], rec["model_info"]
    layers = [a[f"block{s}_l"] for s in range(7)]
    out = []
    if "macs" in spec:
        out.append(m["macs"])
    if "params" in spec:
        out.append(m["params"])
    if "depth" in spec:
        out.append(sum(layers))
    if "expl" in spec:
        out += [a[f"block{s}_e"] * layers[s] for s in range(7)]
    if "se" in spec:
        out.append(sum(layers[s] for s in range(7) if a[f"block{s}_se"]))
    return out


def member_folds(n):
    perm = np.random.RandomState(1).permutation(n)
    fold = np.empty(n, int)
    fold[perm] = np.arange(n) % 9
    return fold


def fit_trees(args, X, z, Xte, params, tag, refit=0.0):
    """Fit-space predictions of the members on Xte ([members, n_te]), cached."""
    path = os.path.join(args.work, f"{tag}.npy")
    if os.path.exists(path):
        return np.load(path)
    fold = member_folds(len(z))
    out = []
    for k in range(args.members):
        hold = fold == k % 9
        base = z[~hold].mean()
        dtr = xgb.DMatrix(X[~hold], label=z[~hold], base_margin=np.full((~hold).sum(), base))
        dho = xgb.DMatrix(X[hold], label=z[hold], base_margin=np.full(hold.sum(), base))
        b = xgb.train(dict(params, seed=1 + k, nthread=args.threads), dtr, args.rounds,
                      evals=[(dho, "h")], early_stopping_rounds=100, verbose_eval=False)
        dte = xgb.DMatrix(Xte, base_margin=np.full(len(Xte), base))
        if refit:
            base = z.mean()
            dall = xgb.DMatrix(X, label=z, base_margin=np.full(len(z), base))
            b = xgb.train(dict(params, seed=1 + k, nthread=args.threads), dall,
                          int(round(refit * (b.best_iteration + 1))))
            dte = xgb.DMatrix(Xte, base_margin=np.full(len(Xte), base))
            out.append(b.predict(dte))
            continue
        out.append(b.predict(dte, iteration_range=(0, b.best_iteration + 1)))
    out = np.array(out)
    np.save(path, out)
    return out


def one_hot_pairs(X, cats):
    hot = [(X[:, i:i + 1] == np.array(c)[None, :]).astype(float) for i, c in enumerate(cats)]
    cols = list(hot)
    for i, j in itertools.combinations(range(X.shape[1]), 2):
        cols.append((hot[i][:, :, None] * hot[j][:, None, :]).reshape(len(X), -1))
    return np.hstack(cols)


def ridge_members(args, X, z, Xte, cats, members):
    """Per member k: ridge fitted on member k's 8/9 (lambda by out-of-fold MSE)."""
    Z, Zte = one_hot_pairs(X, cats), one_hot_pairs(Xte, cats)
    fold = member_folds(len(z))
    lams = [3.0, 10.0, 30.0, 100.0]
    oof = {lam: np.zeros(len(z)) for lam in lams}
    pred = {lam: [] for lam in lams}
    for f in range(9):
        h = fold == f
        A, mu = Z[~h].T @ Z[~h], z[~h].mean()
        rhs = Z[~h].T @ (z[~h] - mu)
        for lam in lams:
            w = sl.cho_solve(sl.cho_factor(A + lam * np.eye(len(A))), rhs)
            oof[lam][h] = Z[h] @ w + mu
            pred[lam].append(Zte @ w + mu)
    best = min(lams, key=lambda lam: np.mean((oof[lam] - z) ** 2))
    return np.array([pred[best][k % 9] for k in range(members)])


def kernel_ridge(X, z, Xte):
    def ham(A, B):
        return sum((A[:, i:i + 1] != B[:, i][None, :]).astype(np.float32)
                   for i in range(A.shape[1]))
    h = member_folds(len(z)) < 2  # selection split: 2/9
    H = ham(X, X)
    best = None
    for g in (0.1, 0.2, 0.35):
        K = np.exp(-g * H)
        for lam in (0.03, 0.1, 0.3):
            mu = z[~h].mean()
            a = sl.cho_solve(sl.cho_factor(K[np.ix_(~h, ~h)] + lam * np.eye((~h).sum())),
                             z[~h] - mu)
            mse = np.mean((K[np.ix_(h, ~h)] @ a + mu - z[h]) ** 2)
            if best is None or mse < best[0]:
                best = (mse, g, lam)
    _, g, lam = best
    mu = z.mean()
    a = sl.cho_solve(sl.cho_factor(np.exp(-g * H) + lam * np.eye(len(z))), z - mu)
    return np.exp(-g * ham(Xte, X)) @ a + mu


def rank_members(args, X, z, Xte):
    fold = member_folds(len(z))
    out = []
    for k in range(args.members):
        h = fold == k % 9
        dtr = xgb.DMatrix(X[~h], label=z[~h])
        dtr.set_group([int((~h).sum())])
        b = xgb.train(dict(PARAMS, objective="rank:pairwise", seed=1 + k, nthread=args.threads),
                      dtr, 1000)
        slope, icpt = np.polyfit(b.predict(dtr), z[~h], 1)
        out.append(icpt + slope * b.predict(xgb.DMatrix(Xte)))
    return np.array(out)


def mlp_members(args, X, z, Xte, cats, width):
    """Per member k: an MLP fitted on member k's 8/9, stopped early on its fold (fit space)."""
    import torch
    torch.set_num_threads(args.threads)
    def hot(A):
        return torch.tensor(np.hstack([(A[:, i:i + 1] == np.array(c)[None, :]).astype(np.float32)
                                       for i, c in enumerate(cats)]))
    H, Hte = hot(X), hot(Xte)
    mu, sd = z.mean(), z.std()
    t = torch.tensor(((z - mu) / sd).astype(np.float32))
    fold = member_folds(len(z))
    out = []
    for k in range(args.members):
        torch.manual_seed(1 + k)
        h = torch.tensor(fold == k % 9)
        xtr, ttr, xho, tho = H[~h], t[~h], H[h], t[h]
        net = torch.nn.Sequential(torch.nn.Linear(H.shape[1], width), torch.nn.ReLU(),
                                  torch.nn.Linear(width, width), torch.nn.ReLU(),
                                  torch.nn.Linear(width, 1))
        opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-2)
        best, state, since = float("inf"), None, 0
        for epoch in range(400):
            net.train()
            perm = torch.randperm(len(xtr))
            for b in range(0, len(xtr), 128):
                i = perm[b:b + 128]
                opt.zero_grad()
                loss = torch.mean((net(xtr[i]).squeeze(1) - ttr[i]) ** 2)
                loss.backward()
                opt.step()
            net.eval()
            with torch.no_grad():
                mse = torch.mean((net(xho).squeeze(1) - tho) ** 2).item()
            if mse < best:
                best, since = mse, 0
                state = {n: v.clone() for n, v in net.state_dict().items()}
            else:
                since += 1
                if since >= 30:
                    break
        net.load_state_dict(state)
        with torch.no_grad():
            out.append(net(Hte).squeeze(1).numpy() * sd + mu)
    return np.array(out)


def main():
    args = parse_args()
    os.makedirs(args.work, exist_ok=True)
    ids, recs = load(args)
    X = np.array([choices(recs[i]) for i in ids], float)
    y = np.array([recs[i]["metrics"]["val_top1"] for i in ids])
    cats = [sorted(set(X[:, i])) for i in range(X.shape[1])]
    weights = [float(w) for w in args.weights.split(",")]
    rows = {}
    for k in range(args.folds):
        te = np.arange(k, len(ids), args.folds)
        tr = np.concatenate([np.arange(j, len(ids), args.folds)
                             for j in range(args.folds) if j != k])
        c = y[tr].max() + 0.2 * (y[tr].max() - y[tr].min())
        z = -np.log(c - y[tr])

        def tau(members_fit_space):  # mean over members in the target's unit
            return kendalltau((c - np.exp(-members_fit_space)).mean(0), y[te])[0]

        trees = fit_trees(args, X[tr], z, X[te], PARAMS, f"defaults_f{k}")
        rows.setdefault("defaults", []).append(tau(trees))
        for cand in args.candidate:
            name, _, arg = cand.partition(":")
            if name == "ridge":
                r = ridge_members(args, X[tr], z, X[te], cats, len(trees))
                for w in weights:
                    rows.setdefault(f"ridge w{w}", []).append(tau((1 - w) * trees + w * r))
            elif name == "kernel":
                r = kernel_ridge(X[tr], z, X[te])[None, :]
                for w in weights:
                    rows.setdefault(f"kernel w{w}", []).append(tau((1 - w) * trees + w * r))
            elif name == "rank":
                r = rank_members(args, X[tr], z, X[te])
                for w in weights:
                    rows.setdefault(f"rank w{w}", []).append(tau((1 - w) * trees + w * r))
            elif name == "derived":
                D = np.array([derived(recs[i], arg) for i in ids], float)
                Xd = np.hstack([X, D])
                t = fit_trees(args, Xd[tr], z, Xd[te], PARAMS, f"derived_{arg}_f{k}")
                rows.setdefault(cand, []).append(tau(t))
            elif name == "monotone":
                mono = []
                for s in range(7):
                    mono += [1, 0, 1 if s > 0 else 0, -1]
                p = dict(PARAMS, monotone_constraints="(" + ",".join(map(str, mono)) + ")")
                rows.setdefault(cand, []).append(tau(fit_trees(args, X[tr], z, X[te], p,
                                                               f"monotone_f{k}")))
            elif name == "huber":
                p = dict(PARAMS, objective="reg:pseudohubererror", huber_slope=float(arg))
                rows.setdefault(cand, []).append(tau(fit_trees(args, X[tr], z, X[te], p,
                                                               f"huber{arg}_f{k}")))
            elif name == "refit":
                t = fit_trees(args, X[tr], z, X[te], PARAMS, f"refit{arg}_f{k}", float(arg))
                rows.setdefault(cand, []).append(tau(t))
            elif name == "fraction":
                keep = np.sort(np.random.RandomState(7 + k).permutation(len(tr))[
                    :int(round(float(arg) * len(tr)))])
                t = fit_trees(args, X[tr][keep], z[keep], X[te], PARAMS, f"fraction{arg}_f{k}")
                rows.setdefault(cand, []).append(tau(t))
            elif name == "mlp":
                path = os.path.join(args.work, f"mlp{arg}_f{k}.npy")
                if os.path.exists(path):
                    r = np.load(path)
                else:
                    r = mlp_members(args, X[tr], z, X[te], cats, int(arg))
                    np.save(path, r)
                for w in weights:
                    rows.setdefault(f"mlp{arg} w{w}", []).append(tau((1 - w) * trees + w * r))
            else:
                raise SystemExit(f"unknown candidate {cand}")
        print(f"fold {k}: " + ", ".join(f"{n} {v[-1]:.4f}" for n, v in rows.items()), flush=True)
    base = np.array(rows["defaults"])
    print(f"{'candidate':28} {'tau':>17} {'tau diff':>17} won")
    for name, v in rows.items():
        t = np.array(v)
        d = t - base
        sd = lambda a: a.std(ddof=1) if len(a) > 1 else 0.0  # noqa: E731
        print(f"{name:28} {t.mean():.4f} ± {sd(t):.4f}  {d.mean():+.4f} ± {sd(d):.4f} "
              f"{(d > 0).sum():3d}")


if __name__ == "__main__":
    main()
