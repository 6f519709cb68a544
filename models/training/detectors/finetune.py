"""Fine-tunes a trained detector on real one- and two-line fixes (He, Beurer-Kellner & Vechev, ICML 2022: train on
synthetic mutations, then fine-tune on real bugs), the synthetic rows replayed beside them.

Real rows (real-sites.mjs dump of mine_fixes.py records; projects split by real_split.py, only `train` projects —
all permissively licensed — are trained on), per pair, in both versions' contexts, as train.py builds its rows:
  buggy site   old written, new meant → 1     (the real bug)
               new written, old meant → 0     (its mirror: the fix, read in the same context)
  fixed site   new written, old meant → 0     (the fix as written)
               old written, new meant → 1     (its mirror: the bug planted back)
(swapped-arguments: the call as written and with the pair exchanged.) Python pairs committed before mid-2021 are not
trained on (real_split.PYPIBUGS_BEFORE: PyPIBugs' collection period). So each real context is seen with both
labels and each ordered pair id as often with 1 as with 0: the model learns where, not which token, is wrong.
Every step draws --real-batch real rows (with replacement) and --batch synthetic balanced rows from the train split
of the corpus dump (train.py's balanced_training_rows over --replay-sites sites), so the synthetic skill is kept.

Reports held-out discrimination on the real pairs of the calib and test projects (buggy site's score, max over its
alternatives, above the fixed site's; ties half), before (step 0) and after, per rule and language.

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 models/training/detectors/finetune.py --base RUN --real REAL.jsonl
         --splits models/training/detectors/real-fix-repos.tsv --sites S0,S1 --files ORDER.jsonl --out RUN2
         [--steps 300] [--lr 5e-4] [--batch 448] [--real-batch 64] [--train-pairs N] [--seed 20261207]
         [--curve 0,25,50,100 --curve-seeds 3]   (held-out discrimination against the number of real training pairs)
         [--cv 4]   (cross-validation over projects: every real pair held out once)
"""
import argparse
import hashlib
import json
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from real_split import PERMISSIVE, PYPIBUGS_BEFORE, commit_date, read_splits  # noqa: E402
from train import BAG, NB, Detector, assemble, balanced_training_rows, bags_array, pair_of, predict, rows_for  # noqa: E402


def real_pairs(path, splits):
    out = []
    for line in open(path):
        p = json.loads(line)
        p['licence'], p['split'] = splits[p['project']]
        for side in ('buggy', 'fixed'):
            s = p[side]
            s['lang'] = p['lang']
            s['x'] = bags_array(s)
        out.append(p)
    return out


def replay_sites(paths, files, n, rng):
    """About n train-split sites of the corpus dump, drawn before parsing (a full load_sites takes minutes)."""
    lines = [line for path in paths for line in open(path)]
    picked = rng.sample(lines, min(len(lines), n * 2))
    sites = []
    for line in picked:
        s = json.loads(line)
        meta = files[s['f']]
        if meta['split'] != 'train':
            continue
        s['lang'] = 'python' if meta['language'] == 'python' else 'javascript'
        s['x'] = bags_array(s)
        del s['b']
        sites.append(s)
        if len(sites) == n:
            break
    return sites


def trainable(p):
    """A real pair that may be trained on: a permissively licensed project (real_split), Python only after PyPIBugs' period."""
    return p['licence'] in PERMISSIVE and (p['lang'] != 'python' or p['date'] >= PYPIBUGS_BEFORE)


def cross_validate(args, real, finetune_on):
    """--cv K: projects in K folds (sha1 of the project, salted); each fold's pairs scored before and after fine-tuning on
    the trainable pairs of the other folds' projects, so every pair is held out once (a steadier estimate than one split)."""
    fold = {p['project']: int(hashlib.sha1(('cv:' + p['project']).encode()).hexdigest(), 16) % args.cv for p in real}
    before, after, folds = [], [], []
    for k in range(args.cv):
        test = [p for p in real if fold[p['project']] == k]
        train = [p for p in real if fold[p['project']] != k and trainable(p)]
        curve = finetune_on(train, args.seed, {'test': test})
        b = discrimination_of(curve[0]['test'])
        a = discrimination_of(curve[-1]['test'])
        folds.append({'fold': k, 'trainPairs': len(train), 'testPairs': len(test), 'before': b, 'after': a})
        before.append(b * len(test))
        after.append(a * len(test))
        print(json.dumps(folds[-1]), flush=True)
    n = len(real)
    out = {'cv': args.cv, 'pairs': n, 'before': round(sum(before) / n, 4), 'after': round(sum(after) / n, 4), 'folds': folds}
    print(json.dumps(out), flush=True)
    if args.results:
        json.dump(out, open(args.results, 'w'), indent=1)


def discrimination_of(res):
    return res['all']['discrimination'] if res else 0.5


def real_rows(pairs_ids, p):
    """The four rows of one real pair (module docstring): [NB + 1, BAG] arrays and labels."""
    b, f = p['buggy'], p['fixed']
    rows, labels = [], []

    def row(s, swapped, written, alt):
        r = np.zeros((NB + 1, BAG), dtype=np.int64)
        r[:NB] = s['x'][[1, 0, 2, 3, 4]] if swapped else s['x']
        r[NB, 0] = pair_of(pairs_ids, s, written, alt)
        return r
    if p['rule'] == 'swapped-arguments':
        for s, label in ((b, 1), (f, 0)):
            rows += [row(s, False, None, None), row(s, True, None, None)]
            labels += [label, 1 - label]
    else:
        old, new = b['w'], f['w']
        rows += [row(b, False, old, new), row(b, False, new, old), row(f, False, new, old), row(f, False, old, new)]
        labels += [1, 0, 0, 1]
    return rows, labels


def discrimination(model, pairs_ids, pairs):
    """Per pair: buggy site as written vs fixed site as written (train.py rows_for, max over alternatives)."""
    if not pairs:
        return {}, []
    rows, plan = [], []
    for p in pairs:
        rb, rf = rows_for(pairs_ids, p['buggy']), rows_for(pairs_ids, p['fixed'])
        plan.append((len(rows), len(rb), len(rows) + len(rb), len(rf)))
        rows += rb + rf
    s = predict(model, np.stack(rows).astype(np.int64))
    wins = []
    for a, na, b, nb in plan:
        sb, sf = s[a:a + na].max(), s[b:b + nb].max()
        wins.append(1.0 if sb > sf else 0.5 if sb == sf else 0.0)
    res = {'all': {'pairs': len(wins), 'discrimination': round(float(np.mean(wins)), 4)}}
    for key in sorted({(p['rule'], p['lang']) for p in pairs} | {('*', p['lang']) for p in pairs} | {(p['rule'], '*') for p in pairs}):
        w = [x for x, p in zip(wins, pairs) if key[0] in ('*', p['rule']) and key[1] in ('*', p['lang'])]
        res['/'.join(key)] = {'pairs': len(w), 'discrimination': round(float(np.mean(w)), 4)}
    return res, wins


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--base', required=True)
    ap.add_argument('--real', required=True)
    ap.add_argument('--splits', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'real-fix-repos.tsv'))
    ap.add_argument('--mirror', default='/work/.mirror', help="the mined repositories' git directories (commit dates)")
    ap.add_argument('--sites', required=True)
    ap.add_argument('--files', required=True)
    ap.add_argument('--steps', type=int, default=300)
    ap.add_argument('--lr', type=float, default=5e-4)
    ap.add_argument('--batch', type=int, default=448)
    ap.add_argument('--real-batch', type=int, default=64)
    ap.add_argument('--replay-sites', type=int, default=200000)
    ap.add_argument('--train-pairs', type=int, default=None, help='use only this many real training pairs (the curve)')
    ap.add_argument('--curve', default=None, help='comma list of real training pair counts: fine-tune from the base with each (then the full run)')
    ap.add_argument('--curve-seeds', type=int, default=1)
    ap.add_argument('--cv', type=int, default=0, help='K: cross-validate fine-tuning over K folds of projects instead (no --out)')
    ap.add_argument('--eval-every', type=int, default=50)
    ap.add_argument('--out', default=None)
    ap.add_argument('--results', default=None, help='JSON file for the curve and the held-out figures')
    ap.add_argument('--seed', type=int, default=20261207)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    log = json.load(open(os.path.join(args.base, 'train-log.json')))
    model = Detector(log['args']['dim'], log['args']['hidden'], log['args']['dropout'], log['args']['feature_dropout'])
    model.load_state_dict(torch.load(os.path.join(args.base, 'detector.pt')))
    paths = args.sites.split(',')
    pairs_ids = json.load(open(paths[0] + '.pairs.json'))
    real = real_pairs(args.real, read_splits(args.splits))
    held = {split: [p for p in real if p['split'] == split] for split in ('calib', 'test')}
    train_pairs = [p for p in real if p['split'] == 'train']
    for p in real:
        p['date'] = commit_date(args.mirror, p['project'], p['commit'])
    kept = [p for p in train_pairs if trainable(p)]
    print(f'{len(train_pairs) - len(kept)} Python training pairs committed before {PYPIBUGS_BEFORE} left out (PyPIBugs period)', flush=True)
    train_pairs = kept
    rng.shuffle(train_pairs)
    t0 = time.time()
    files = [json.loads(l) for l in open(args.files)]
    sites = replay_sites(paths, files, args.replay_sites, rng)
    S, _ = balanced_training_rows(sites, pairs_ids, rng)
    site_x = np.stack([s['x'] for s in sites])
    print(f'{len(train_pairs)} real training pairs, {len(S)} synthetic replay rows, loaded in {time.time() - t0:.0f} s', flush=True)

    def finetune(n_pairs, seed):
        """The base model fine-tuned on the first n_pairs real training pairs; its held-out curve."""
        return finetune_on(train_pairs[:n_pairs], seed, held)

    def finetune_on(pairs, seed, held):
        torch.manual_seed(seed)
        model.load_state_dict(base_state)
        R, RY = [], []
        for p in pairs:
            r, y = real_rows(pairs_ids, p)
            R += r
            RY += y
        curve = [{'step': 0, **{split: discrimination(model, pairs_ids, held[split])[0] for split in held}}]
        if not R or args.steps == 0:
            return curve
        R, RY = np.stack(R), np.array(RY, dtype=np.float32)
        opt = torch.optim.AdamW(model.parameters(), lr=args.lr)
        loss_fn = nn.BCEWithLogitsLoss()
        nprng = np.random.RandomState(seed)
        for step in range(1, args.steps + 1):
            si = nprng.randint(0, len(S), args.batch)
            ri = nprng.randint(0, len(R), args.real_batch)
            x = np.concatenate([assemble(site_x, S[si]), R[ri]])
            y = np.concatenate([S[si, 3].astype(np.float32), RY[ri]])
            model.train()
            loss = loss_fn(model(torch.from_numpy(x)), torch.from_numpy(y))
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                model.emb.weight[0].zero_()
            if step % args.eval_every == 0 or step == args.steps:
                curve.append({'step': step, 'loss': round(float(loss), 4), **{split: discrimination(model, pairs_ids, held[split])[0] for split in held}})
        return curve

    base_state = {k: v.clone() for k, v in model.state_dict().items()}
    if args.cv:
        cross_validate(args, real, finetune_on)
        return
    points = []
    for n in (sorted({int(x) for x in args.curve.split(',')}) if args.curve else []):
        for seed in range(args.seed, args.seed + args.curve_seeds):
            c = finetune(min(n, len(train_pairs)), seed)[-1]
            points.append({'trainPairs': min(n, len(train_pairs)), 'seed': seed, 'calib': c['calib'].get('all'), 'test': c['test'].get('all')})
            print(json.dumps(points[-1]), flush=True)
    n = len(train_pairs) if args.train_pairs is None else min(args.train_pairs, len(train_pairs))
    curve = finetune(n, args.seed)
    for e in curve:
        print(json.dumps(e), flush=True)
    train_pairs = train_pairs[:n]
    out = {'args': vars(args), 'curvePoints': points, 'trainPairs': len(train_pairs), 'trainProjects': len({p['project'] for p in train_pairs}),
           'heldOut': {split: {'pairs': len(v), 'projects': len({p['project'] for p in v})} for split, v in held.items()}, 'curve': curve}
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        torch.save(model.state_dict(), os.path.join(args.out, 'detector.pt'))
        log = dict(log, finetune=out)
        log['curve'] = log['curve'] + [{'step': log['curve'][-1]['step'] + args.steps, 'finetune': True}]
        json.dump(log, open(os.path.join(args.out, 'train-log.json'), 'w'), indent=1)
    if args.results:
        json.dump(out, open(args.results, 'w'), indent=1)
    print(json.dumps({k: v for k, v in out.items() if k != 'curve'}))


if __name__ == '__main__':
    main()
