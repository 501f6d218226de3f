#!/usr/bin/python3
"""Python cross-check of bench/h200_prior_cv.sh (independent of anb's C++ code): 5-fold CV over
the H200 records with Python xgboost (depth 3, eta 0.2, 3 members, log targets), plain vs the
A100 surrogate as a prior (base_margin = log A100 prediction; the A100 ensemble is refitted per
fold without the fold's architectures).  Usage: bench/h200_prior_cv_python.py [SHARED_DATA_DIR]"""
import json, os, sys, tarfile, numpy as np, xgboost as xgb
from scipy.stats import kendalltau
E={1:0,4:1,6:2}; K={3:0,5:1}
def enc(a):
    v=[]
    for i in range(7):
        v += [E[a[f'block{i}_e']], K[a[f'block{i}_k']], a[f'block{i}_l']-1, 0 if a[f'block{i}_se'] else 1]
    return tuple(v)
shared=sys.argv[1] if len(sys.argv)>1 else '../shared/data/accel-nasbench'
def records(path):
    out=[]
    with tarfile.open(path) as t:
        for m in t:
            if m.name.endswith('.json'): out.append((os.path.basename(m.name), json.load(t.extractfile(m))))
    return sorted(out, key=lambda x: x[0])
recs={}
for _, r in records(shared+'/anb_dataset_trainval.tar.gz'):
    recs.setdefault(enc(r['architecture']), r)
h={}
for _, r in records(shared+'/devices/h200/h200_records.tar.gz'):
    h[enc(r['architecture'])]=r['platform_perf']
keys=list(recs); X=np.array(keys,float)
ya=np.log([recs[k]['platform_perf']['throughput_a100']['throughput_mean'] for k in keys])
hk=list(h); Xh=np.array(hk,float)
yh=np.log([h[k]['throughput_h200']['throughput_mean'] for k in hk])
lh=np.log([h[k]['latency_h200']['latency_mean'] for k in hk])
P=dict(max_depth=3,eta=0.2,objective='reg:squarederror',tree_method='hist',nthread=1)
def fit(X,y,seed,base=None):
    rng=np.random.RandomState(seed); idx=rng.permutation(len(y)); es=idx[::9]; tr=np.setdiff1d(idx,es)
    dtr=xgb.DMatrix(X[tr],y[tr]); des=xgb.DMatrix(X[es],y[es])
    if base is not None: dtr.set_base_margin(base[tr]); des.set_base_margin(base[es])
    return xgb.train(dict(P,seed=seed),dtr,20000,evals=[(des,'es')],early_stopping_rounds=100,verbose_eval=False)
def ens(X,y,base=None,n=3):
    return [fit(X,y,s,base) for s in range(1,n+1)]
def pred(ms,X,base=None):
    d=xgb.DMatrix(X)
    if base is not None: d.set_base_margin(base)
    return np.mean([m.predict(d,iteration_range=(0,m.best_iteration+1)) for m in ms],0)
rng=np.random.RandomState(0); folds=np.array_split(rng.permutation(len(hk)),5)
res={'plain':[], 'prior':[], 'lat_plain':[], 'lat_prior':[]}
for fi,test in enumerate(folds):
    train=np.setdiff1d(np.arange(len(hk)),test)
    testset=set(hk[i] for i in test)
    amask=np.array([k not in testset for k in keys])
    A=ens(X[amask],ya[amask])
    pa=pred(A,Xh)
    m=ens(Xh[train],yh[train]); res['plain'].append(kendalltau(pred(m,Xh[test]),yh[test])[0])
    m=ens(Xh[train],yh[train],pa[train]); res['prior'].append(kendalltau(pred(m,Xh[test],pa[test]),yh[test])[0])
    m=ens(Xh[train],lh[train]); res['lat_plain'].append(kendalltau(pred(m,Xh[test]),lh[test])[0])
    m=ens(Xh[train],lh[train],-pa[train]); res['lat_prior'].append(kendalltau(pred(m,Xh[test],-pa[test]),lh[test])[0])
    print(fi,{k:round(v[-1],4) for k,v in res.items()},flush=True)
print({k:round(float(np.mean(v)),4) for k,v in res.items()})
