"""Name suggestions: a context2name-style classifier over hashed features of a binding's uses.

Reads the sites dumped by dump-names.mjs (the runtime's own feature extraction, run on the corpus
through the real front-ends) and <data>/corpus/files.jsonl (split, language, project of each file).
Every function-scope parameter or variable of the train split whose name (sub-tokens joined by `_`,
lower case) is among the commonest VOCAB names is one example: features -> that name.

Model: embedding (NAME_BUCKETS x dim, row 0 = padding) -> mean over the bag -> MLP -> VOCAB logits.

Evaluation (test split, projects never trained on): parameters of >= 3 characters in functions of
>= 8 lines, top-1 / top-5 exact over the vocabulary, beside a frequency baseline (the commonest
parameter names of the train split). The benchmark (bench/neural/names.mjs) measures the shipped
pipeline end to end; these figures only steer training.

Usage: OMP_NUM_THREADS=2 /usr/bin/python3 models/training/names/train.py --sites A.jsonl,B.jsonl
         [--data /work/neural-data] [--vocab 4000] [--dim 48] [--hidden 384] [--epochs 4] [--out DIR]
"""
import argparse
import collections
import json
import os
import random
import re
import time

import numpy as np
import torch
import torch.nn as nn

NAME_BUCKETS = 1 << 16
NAME_BAG = 128


def sub_tokens(name):
    """The twin of subTokens in src/neural/detectors/sites.ts."""
    s = re.sub(r'([a-z0-9])([A-Z])', r'\1 \2', name)
    s = re.sub(r'([A-Z]+)([A-Z][a-z])', r'\1 \2', s)
    return [p.lower() for p in re.split(r'[^A-Za-z0-9]+|(?<=[A-Za-z])(?=[0-9])', s) if p]


def normal_name(name):
    return '_'.join(sub_tokens(name))


def compare_key(name):
    return name.lower().replace('_', '')


class Namer(nn.Module):
    def __init__(self, vocab, dim=48, hidden=384, dropout=0.2):
        super().__init__()
        self.emb = nn.Embedding(NAME_BUCKETS, dim, padding_idx=0, sparse=True)
        nn.init.normal_(self.emb.weight, std=0.1)
        with torch.no_grad():
            self.emb.weight[0].zero_()
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Dropout(dropout), nn.Linear(hidden, vocab))

    def pooled(self, ids, emb):
        count = (ids != 0).sum(-1, keepdim=True).clamp(min=1).to(emb.dtype)
        return emb.sum(1) / count

    def forward(self, ids, feature_dropout=0.0):
        if self.training and feature_dropout > 0:
            ids = ids * (torch.rand(ids.shape) >= feature_dropout)
        return self.mlp(self.pooled(ids, self.emb(ids)))


def load(paths, files):
    rows = []
    for path in paths:
        with open(path) as f:
            for line in f:
                try:
                    s = json.loads(line)
                except ValueError:
                    continue
                if 'f' not in s:
                    continue
                meta = files[s['f']]
                s['split'] = meta['split']
                s['lang'] = 'python' if meta['language'] == 'python' else 'javascript'
                rows.append(s)
    return rows


def to_array(rows):
    X = np.zeros((len(rows), NAME_BAG), dtype=np.int32)
    for i, s in enumerate(rows):
        X[i, :len(s['ids'])] = s['ids']
    return X


def eval_rows(rows):
    return [s for s in rows if s['split'] == 'test' and s['k'] == 'param' and len(s['n']) >= 3 and s['loc'] >= 8
            and s['n'] not in ('self', 'cls')]


def predict(model, X, batch=4096):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(X), batch):
            out.append(torch.softmax(model(torch.from_numpy(X[i:i + batch]).long()), -1).numpy())
    return np.concatenate(out) if out else np.zeros((0, 1))


def evaluate(model, rows, vocab, baseline):
    res = {}
    for lang in ('python', 'javascript'):
        ev = [s for s in eval_rows(rows) if s['lang'] == lang]
        if not ev:
            continue
        P = predict(model, to_array(ev))
        top = np.argsort(-P, axis=1)[:, :5]
        t1 = t5 = b1 = b5 = 0
        for s, row in zip(ev, top):
            key = compare_key(s['n'])
            names = [compare_key(vocab[j]) for j in row]
            t1 += names[0] == key
            t5 += key in names
            bl = ([compare_key(n) for n in baseline[lang][:5]] + ['?'] * 5)[:5]
            b1 += bl[0] == key
            b5 += key in bl
        n = len(ev)
        res[lang] = {'n': n, 'top1': round(t1 / n, 4), 'top5': round(t5 / n, 4), 'freq_top1': round(b1 / n, 4),
                     'freq_top5': round(b5 / n, 4)}
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sites', required=True)
    ap.add_argument('--data', default='/work/neural-data')
    ap.add_argument('--vocab', type=int, default=4000)
    ap.add_argument('--dim', type=int, default=48)
    ap.add_argument('--hidden', type=int, default=384)
    ap.add_argument('--epochs', type=float, default=4)
    ap.add_argument('--batch', type=int, default=512)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--feature-dropout', type=float, default=0.1)
    ap.add_argument('--minutes', type=float, default=25)
    ap.add_argument('--out', default='/work/neural-data/names/run')
    ap.add_argument('--init', default=None, help='names.pt of an earlier run with the same vocabulary to continue from')
    args = ap.parse_args()
    torch.manual_seed(1)
    rng = random.Random(1)
    os.makedirs(args.out, exist_ok=True)
    files = [json.loads(l) for l in open(os.path.join(args.data, 'corpus/files.jsonl'))]
    rows = load(args.sites.split(','), files)
    for s in rows:
        s['norm'] = normal_name(s['n'])
    train = [s for s in rows if s['split'] == 'train' and len(s['n']) >= 2 and s['norm'] and len(s['norm'].replace('_', '')) >= 2]
    counts = collections.Counter(s['norm'] for s in train)
    vocab = [n for n, _ in counts.most_common(args.vocab)]
    index = {n: i for i, n in enumerate(vocab)}
    per_lang = collections.Counter((s['norm'], s['lang']) for s in train)
    # Per name: 1 = seen (at least twice) in Python, 2 = in JavaScript/TypeScript, 3 = both.
    langs = [(per_lang[(n, 'python')] >= 2) + 2 * (per_lang[(n, 'javascript')] >= 2) for n in vocab]
    train = [s for s in train if s['norm'] in index]
    baseline = {}
    for lang in ('python', 'javascript'):
        c = collections.Counter(s['norm'] for s in rows if s['split'] == 'train' and s['k'] == 'param' and s['lang'] == lang
                                and len(s['n']) >= 3 and s['n'] not in ('self', 'cls'))
        baseline[lang] = [n for n, _ in c.most_common(20)]
    print(f'{len(rows)} sites, {len(train)} training examples, vocab {len(vocab)} (covers {sum(counts[n] for n in vocab) / max(1, sum(counts.values())):.3f})', flush=True)
    X = to_array(train)
    y = np.array([index[s['norm']] for s in train], dtype=np.int64)
    model = Namer(len(vocab), args.dim, args.hidden)
    if args.init:
        model.load_state_dict(torch.load(args.init))
    # Sparse updates for the embedding (a batch touches a few thousand of its 65,536 rows).
    opts = [torch.optim.SparseAdam(list(model.emb.parameters()), lr=args.lr * 5), torch.optim.Adam(model.mlp.parameters(), lr=args.lr)]
    steps = int(args.epochs * len(X) / args.batch)
    warm = max(1, steps // 20)

    def schedule(k):  # linear warm-up, then linear decay to 5% (the budget in minutes ends it early: see below)
        return min((k + 1) / warm, max(0.05, (steps - k) / max(1, steps - warm)))
    scheds = [torch.optim.lr_scheduler.LambdaLR(o, schedule) for o in opts]
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.05)
    started = time.time()
    order = np.arange(len(X))
    step = 0
    history = []
    while step < steps:
        np.random.default_rng(step).shuffle(order)
        for i in range(0, len(order) - args.batch + 1, args.batch):
            if step >= steps:
                break
            b = order[i:i + args.batch]
            model.train()
            loss = loss_fn(model(torch.from_numpy(X[b]).long(), args.feature_dropout), torch.from_numpy(y[b]))
            for o in opts:
                o.zero_grad()
            loss.backward()
            for o, sc in zip(opts, scheds):
                o.step()
                sc.step()
            step += 1
            if step % 500 == 0:
                print(f'step {step}/{steps} loss {loss.item():.3f} {time.time() - started:.0f} s', flush=True)
            if step % 3000 == 0:
                history.append({'step': step, **evaluate(model, rows, vocab, baseline)})
                print(json.dumps(history[-1]), flush=True)
            if time.time() - started > args.minutes * 60:
                print('time budget reached', flush=True)
                steps = step
                break
    final = evaluate(model, rows, vocab, baseline)
    print(json.dumps(final), flush=True)
    torch.save(model.state_dict(), os.path.join(args.out, 'names.pt'))
    json.dump({'args': vars(args), 'vocab': vocab, 'langs': langs, 'baseline': baseline, 'eval': final, 'history': history, 'steps': step,
               'examples': len(train), 'seconds': round(time.time() - started)}, open(os.path.join(args.out, 'train-log.json'), 'w'))


if __name__ == '__main__':
    main()
