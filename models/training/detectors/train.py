"""Pattern detectors: balanced, contrastive training of one small feed-forward model over hashed site features.

Reads the sites dumped by dump-sites.mjs (the runtime's own extraction, run on the corpus) and
<data>/corpus/files.jsonl (split of each file). Every site gives, for each alternative b of its written
token a, two rows in the same context: "a written, b meant" (label 0: the code as written) and
"b written, a meant" (label 1: the mutation). Per language and unordered pair {a, b}, a-sites and b-sites
are subsampled to equal numbers, so each pair id is labelled 1 and 0 equally often and token frequency
alone cannot separate them (the rarer token's real sites are the hard negatives). Swapped arguments:
the call as written (0) and with the two arguments exchanged (1) — mirrored by construction.

Model: embedding (BUCKETS x dim, row 0 = padding) → mean per bag (5 feature bags + the pair id) → concat → MLP → 1 logit.
Sites are held once as uint16 feature bags; training rows are (site, pair id, arguments swapped, label) and
batches are assembled on the fly, so the balanced set costs a few bytes per row.

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 models/training/detectors/train.py --sites S.jsonl[,S2.jsonl]
         [--data /work/neural-data] [--dim 24] [--hidden 128] [--steps 6000] [--fraction 1.0] [--out DIR]
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from feature_bags import init_bag_embedding, read_jsonl  # noqa: E402

BUCKETS = 1 << 16
BAG = 32
NB = 5  # feature bags; the model row adds the pair id as bag NB
RULES = ['wrong-comparison-operator', 'wrong-arithmetic-operator', 'swapped-arguments', 'wrong-equality-operator',
         'wrong-boolean-operator']
SWAP = [1, 0, 2, 3, 4]


def feature_id(feature):
    """FNV-1a 32-bit to 1..BUCKETS-1, as src/neural/detectors/sites.ts featureId (ASCII features)."""
    h = 0x811c9dc5
    for ch in feature.encode():
        h = ((h ^ ch) * 0x01000193) & 0xffffffff
    return 1 + h % (BUCKETS - 1)


# Emitted by the first dump of sites v2 and dropped from sites.ts before training: the operator of an operand's
# first assignment, which for `n = n + 1` is the site's own operator (a label leak). Stripped on load, so the
# dumped ids equal what the runtime computes.
STRIPPED = frozenset(feature_id(f'{p}asg:op:{op}') for p in ('L', 'R', 'A') for op in '-+*/%?')


class Detector(nn.Module):
    def __init__(self, dim=24, hidden=128, dropout=0.0, feature_dropout=0.0):
        super().__init__()
        self.feature_dropout = feature_dropout
        self.emb = init_bag_embedding(nn.Embedding(BUCKETS, dim, padding_idx=0))
        self.mlp = nn.Sequential(nn.Dropout(dropout), nn.Linear((NB + 1) * dim, hidden), nn.ReLU(), nn.Linear(hidden, hidden // 2), nn.ReLU(),
                                 nn.Linear(hidden // 2, 1))

    def forward(self, ids):  # ids: int64 [N, NB + 1, BAG]
        if self.training and self.feature_dropout > 0:  # drop context features, never the pair id (bag NB)
            keep = torch.rand(ids.shape) >= self.feature_dropout
            keep[:, NB] = True
            ids = ids * keep
        e = self.emb(ids)  # [N, NB + 1, BAG, dim]
        count = (ids != 0).sum(-1, keepdim=True).clamp(min=1).to(e.dtype)  # [N, NB + 1, 1]
        pooled = e.sum(2) / count  # [N, NB + 1, dim]
        return self.mlp(pooled.flatten(1)).squeeze(-1)


def load_sites(paths, files, rules=None, splits=None):
    sites = []
    for _, s in read_jsonl(paths):
        if rules is not None and s['r'] not in rules:
            continue
        meta = files[s['f']]
        if splits is not None and meta['split'] not in splits:
            continue
        s['split'] = meta['split']
        s['lang'] = 'python' if meta['language'] == 'python' else 'javascript'
        s['project'] = meta['project']
        s['x'] = bags_array(s)
        del s['b']
        sites.append(s)
    return sites


def bags_array(s):
    if 'x' in s:
        return s['x']
    a = np.zeros((NB, BAG), dtype=np.uint16)
    for k, b in enumerate(s['b']):
        if k < 2:
            b = [x for x in b if x not in STRIPPED]
        a[k, :len(b)] = b
    return a


def pair_of(pairs, s, written, alt):
    if s['r'] == 'swapped-arguments':
        return pairs[f"swapped-arguments|{s['lang']}|swap"]
    return pairs[f"{s['r']}|{s['lang']}|{written}|{alt}"]


def rows_for(pairs, s, mutated_to=None):
    """Model rows scoring a site: as written (mutated_to None) or with the written token replaced by mutated_to."""
    base = bags_array(s)
    out = []
    if s['r'] == 'swapped-arguments':
        b = base if mutated_to is None else base[SWAP]
        row = np.zeros((NB + 1, BAG), dtype=np.int32)
        row[:NB] = b
        row[NB, 0] = pair_of(pairs, s, None, None)
        return [row]
    written = s['w'] if mutated_to is None else mutated_to
    group = [s['w']] + s['a']
    for alt in group:
        if alt == written:
            continue
        row = np.zeros((NB + 1, BAG), dtype=np.int32)
        row[:NB] = base
        row[NB, 0] = pair_of(pairs, s, written, alt)
        out.append(row)
    return out


def balanced_training_rows(sites, pairs, rng, fraction=1.0):
    """Training rows as (site index, pair id, swapped, label), each (language, {a, b}) pair balanced between a-sites and b-sites."""
    rows = []
    by_pair = {}
    for k, s in enumerate(sites):
        if s['r'] == 'swapped-arguments':
            by_pair.setdefault(('swap', s['lang']), []).append((k, None))
            continue
        for alt in s['a']:
            key = (s['r'], s['lang']) + tuple(sorted((s['w'], alt)))
            by_pair.setdefault(key, []).append((k, alt))
    counts = {}
    for key in sorted(by_pair):
        items = by_pair[key]
        rng.shuffle(items)
        if key[0] != 'swap':
            a, b = key[2], key[3]
            side_a = [it for it in items if sites[it[0]]['w'] == a]
            side_b = [it for it in items if sites[it[0]]['w'] == b]
            n = min(len(side_a), len(side_b))
            items = side_a[:n] + side_b[:n]
        items = items[:max(1, int(len(items) * fraction))]
        counts['|'.join(key)] = len(items)
        for k, alt in items:
            s = sites[k]
            if alt is None:
                p = pair_of(pairs, s, None, None)
                rows += [(k, p, 0, 0), (k, p, 1, 1)]
            else:
                rows += [(k, pair_of(pairs, s, s['w'], alt), 0, 0), (k, pair_of(pairs, s, alt, s['w']), 0, 1)]
    return np.array(rows, dtype=np.int64), counts


def assemble(site_x, rows):
    """Model input [len(rows), NB + 1, BAG] from (site, pair, swapped, label) rows."""
    x = site_x[rows[:, 0]].astype(np.int64)
    sw = rows[:, 2] == 1
    if sw.any():
        x[sw] = x[sw][:, SWAP]
    out = np.zeros((len(rows), NB + 1, BAG), dtype=np.int64)
    out[:, :NB] = x
    out[:, NB, 0] = rows[:, 1]
    return out


def site_scores(model, sites, pairs, rng):
    """Per held-out site: score of the code as written (max over alternatives), and of one planted mutation."""
    rows, owners = [], []
    plan = []
    for i, s in enumerate(sites):
        mut = None if s['r'] == 'swapped-arguments' else rng.choice(s['a'])
        r0 = rows_for(pairs, s)
        r1 = rows_for(pairs, s, mutated_to=mut if mut is not None else 'swap')
        plan.append((len(rows), len(r0), len(rows) + len(r0), len(r1), mut))
        rows += r0 + r1
    scores = predict(model, np.stack(rows)) if rows else np.zeros(0)
    clean, buggy = [], []
    for start0, n0, start1, n1, _ in plan:
        clean.append(scores[start0:start0 + n0].max())
        buggy.append(scores[start1:start1 + n1].max())
    return np.array(clean), np.array(buggy)


def predict(model, X, batch=8192):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(X), batch):
            out.append(torch.sigmoid(model(torch.from_numpy(X[i:i + batch]).long())).numpy())
    model.train()
    return np.concatenate(out) if out else np.zeros(0)


def auc(pos, neg):
    """P(pos > neg) + 0.5 P(tie)."""
    scores = np.concatenate([pos, neg])
    order = scores.argsort(kind='mergesort')
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return (ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def evaluate(model, sites, pairs, seed=7):
    rng = random.Random(seed)
    res = {}
    for rule in RULES:
        for lang in ('python', 'javascript'):
            ss = [s for s in sites if s['r'] == rule and s['lang'] == lang]
            if not ss:
                continue
            clean, buggy = site_scores(model, ss, pairs, rng)
            disc = float(np.mean((buggy > clean) + 0.5 * (buggy == clean)))
            res[f'{rule}/{lang}'] = {'sites': len(ss), 'pairDiscrimination': round(disc, 4),
                                     'auc': round(float(auc(buggy, clean)), 4)}
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sites', required=True)
    ap.add_argument('--data', default='/work/neural-data')
    ap.add_argument('--files', default=None, help='the files.jsonl the dump indexes (default <data>/corpus/order.jsonl)')
    ap.add_argument('--dim', type=int, default=24)
    ap.add_argument('--hidden', type=int, default=128)
    ap.add_argument('--dropout', type=float, default=0.1)
    ap.add_argument('--feature-dropout', type=float, default=0.1)
    ap.add_argument('--weight-decay', type=float, default=0.0)
    ap.add_argument('--steps', type=int, default=6000)
    ap.add_argument('--batch', type=int, default=512)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--fraction', type=float, default=1.0, help='share of the balanced training rows used (curve)')
    ap.add_argument('--eval-every', type=int, default=2000)
    ap.add_argument('--max-minutes', type=float, default=22)
    ap.add_argument('--eval-sites', type=int, default=40000, help='held-out sites per split scored during training')
    ap.add_argument('--out', default=None)
    ap.add_argument('--seed', type=int, default=20261206)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    files = [json.loads(l) for l in open(args.files or os.path.join(args.data, 'corpus/order.jsonl'))]
    paths = args.sites.split(',')
    pairs = json.load(open(paths[0] + '.pairs.json'))
    t0 = time.time()
    sites = load_sites(paths, files, splits=('train', 'test'))
    train = [s for s in sites if s['split'] == 'train']
    test = [s for s in sites if s['split'] == 'test']
    print(f'{len(sites)} sites ({len(train)} train, {len(test)} test) loaded in {time.time() - t0:.0f} s', flush=True)
    R, counts = balanced_training_rows(train, pairs, rng, args.fraction)
    site_x = np.stack([s['x'] for s in train])
    for s in train:
        del s['x']
    y = R[:, 3].astype(np.float32)
    X = R
    print(f'{len(X)} balanced training rows; positives {y.mean():.3f}', flush=True)
    print(json.dumps(counts), flush=True)
    eval_sites = rng.sample(test, min(len(test), args.eval_sites))
    model = Detector(args.dim, args.hidden, args.dropout, args.feature_dropout)
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    loss_fn = nn.BCEWithLogitsLoss()
    log = {'args': vars(args), 'params': params, 'trainingRows': len(X), 'pairs': counts, 'curve': []}
    perm = np.random.RandomState(args.seed).permutation(len(X))
    pos = 0
    start = time.time()
    for step in range(1, args.steps + 1):
        if pos + args.batch > len(perm):
            perm = np.random.RandomState(args.seed + step).permutation(len(X))
            pos = 0
        idx = perm[pos:pos + args.batch]
        pos += args.batch
        lr = args.lr * 0.5 * (1 + math.cos(math.pi * step / args.steps))
        for g in opt.param_groups:
            g['lr'] = lr
        logits = model(torch.from_numpy(assemble(site_x, X[idx])))
        loss = loss_fn(logits, torch.from_numpy(y[idx]))
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            model.emb.weight[0].zero_()
        done = step == args.steps or (time.time() - start) / 60 > args.max_minutes
        if step % args.eval_every == 0 or done:
            ev = evaluate(model, eval_sites, pairs)
            entry = {'step': step, 'epochs': round(step * args.batch / len(X), 2), 'loss': round(float(loss), 4),
                     'seconds': round(time.time() - start), 'test': ev}
            log['curve'].append(entry)
            print(json.dumps(entry), flush=True)
        if done:
            break
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        torch.save(model.state_dict(), os.path.join(args.out, 'detector.pt'))
        json.dump(log, open(os.path.join(args.out, 'train-log.json'), 'w'), indent=1)


if __name__ == '__main__':
    main()
