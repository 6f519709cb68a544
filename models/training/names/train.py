"""Name suggestions: a context2name-style classifier over hashed features of a binding's uses.

Reads the sites dumped by dump-names.mjs (the runtime's own feature extraction, run on the corpus
through the real front-ends) and <data>/corpus/files.jsonl (split, language, project of each file).
Every function-scope parameter or variable of the train split (names of >= 2 characters; `self`,
`cls` and `this` left out: they are never suggested) is one example: features -> its name (sub-tokens
joined by `_`, lower case). The commonest VOCAB names are the output classes.

Model: EmbeddingBag (NAME_BUCKETS x dim, mean over the site's feature ids) -> MLP -> a vector h of
size `out`; the score of name v is h . N[v] + b[v], where the name vector N[v] is composed of its
sub-tokens (mean of a sub-token table, shared by `max_len`, `len`, `max_length`) plus a residual
vector of its own, so rare names borrow from common ones and the output layer stays small (factorised
softmax over 16-20k names). The export multiplies N out into one float16 matrix.

Evaluation (parameters of >= 3 characters in functions of >= 8 lines; calib projects steer, test
projects are reported; neither is trained on): top-1 / top-5 exact over the vocabulary, beside a
frequency baseline (the commonest parameter names of the train split). The benchmark
(bench/neural/names.mjs) measures the shipped pipeline end to end; these figures only steer training.

Usage: nice -n 15 /usr/bin/python3 models/training/names/train.py --sites A.jsonl[,B.jsonl]
         [--data /work/neural-data] [--vocab 16000] [--dim 40] [--hidden 384] [--out-dim 96]
         [--minutes 40] [--out DIR]
"""
import argparse
import collections
import json
import os
import re
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from feature_bags import init_bag_embedding, read_jsonl  # noqa: E402

NAME_BUCKETS = 1 << 16
NAME_BAG = 192
NAMES_VERSION = 3  # src/neural/names/features.ts NAMES_VERSION
MAX_SUB = 4  # sub-tokens composed per name
NEVER = {'self', 'cls', 'this'}


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
    def __init__(self, vocab, dim=40, hidden=384, out=96, dropout=0.2):
        super().__init__()
        self.emb = init_bag_embedding(nn.EmbeddingBag(NAME_BUCKETS, dim, mode='mean', sparse=True))
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Dropout(dropout), nn.Linear(hidden, out))
        subs = sorted({t for n in vocab for t in n.split('_')[:MAX_SUB]})
        index = {t: i + 1 for i, t in enumerate(subs)}
        table = np.zeros((len(vocab), MAX_SUB), dtype=np.int64)
        for v, n in enumerate(vocab):
            parts = n.split('_')[:MAX_SUB]
            table[v, :len(parts)] = [index[t] for t in parts]
        self.register_buffer('name_subs', torch.from_numpy(table))
        self.sub = nn.Embedding(len(subs) + 1, out, padding_idx=0)
        nn.init.normal_(self.sub.weight, std=0.05)
        self.resid = nn.Parameter(torch.zeros(len(vocab), out))
        self.bias = nn.Parameter(torch.zeros(len(vocab)))

    def names(self):
        """N: one vector per vocabulary name (mean of its sub-tokens' vectors + its own residual)."""
        count = (self.name_subs != 0).sum(-1, keepdim=True).clamp(min=1).float()
        return self.sub(self.name_subs).sum(1) / count + self.resid

    def hidden(self, flat, offsets):
        return self.mlp(self.emb(flat, offsets))

    def forward(self, flat, offsets):
        return self.hidden(flat, offsets) @ self.names().t() + self.bias


class Sites:
    """Ragged feature ids of many sites: ids[off[i]:off[i+1]] are site i's."""

    def __init__(self, rows):
        lens = np.array([len(s['ids']) for s in rows], dtype=np.int64)
        self.off = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lens, out=self.off[1:])
        self.ids = np.zeros(int(self.off[-1]), dtype=np.int64)
        for i, s in enumerate(rows):
            self.ids[self.off[i]:self.off[i + 1]] = s['ids']

    def batch(self, idx, feature_dropout=0.0, rng=None):
        parts = [self.ids[self.off[i]:self.off[i + 1]] for i in idx]
        if feature_dropout > 0:
            kept = []
            for p in parts:
                k = p[rng.random(len(p)) >= feature_dropout]
                kept.append(k if len(k) else p[:1])
            parts = kept
        lens = np.array([len(p) for p in parts], dtype=np.int64)
        offsets = np.zeros(len(parts), dtype=np.int64)
        np.cumsum(lens[:-1], out=offsets[1:])
        flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        return torch.from_numpy(flat), torch.from_numpy(offsets)


def load(paths, files):
    rows = []
    for path, s in read_jsonl(paths):
        if 'f' not in s:
            if s.get('namesVersion') not in (None, NAMES_VERSION):
                raise SystemExit(f'{path}: namesVersion {s.get("namesVersion")} is not {NAMES_VERSION}')
            continue
        meta = files[s['f']]
        s['split'] = meta['split']
        s['lang'] = 'python' if meta['language'] == 'python' else 'javascript'
        s['project'] = meta.get('project')
        rows.append(s)
    return rows


def eval_rows(rows, split):
    return [s for s in rows if s['split'] == split and s['k'] == 'param' and len(s['n']) >= 3 and s['loc'] >= 8
            and s['n'] not in NEVER]


def predict(model, sites, batch=2048):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(sites.off) - 1, batch):
            idx = range(i, min(i + batch, len(sites.off) - 1))
            out.append(torch.softmax(model(*sites.batch(idx)), -1))
    return torch.cat(out) if out else torch.zeros((0, 1))


def evaluate(model, sets, vocab, baseline):
    res = {}
    keys = [compare_key(v) for v in vocab]
    for (split, lang), (ev, sites) in sets.items():
        if not ev:
            continue
        P = predict(model, sites)
        top = torch.topk(P, 5, dim=1).indices.numpy()
        t1 = t5 = b1 = b5 = 0
        bl = ([compare_key(n) for n in baseline[lang][:5]] + ['?'] * 5)[:5]
        for s, row in zip(ev, top):
            key = compare_key(s['n'])
            names = [keys[j] for j in row]
            t1 += names[0] == key
            t5 += key in names
            b1 += bl[0] == key
            b5 += key in bl
        n = max(1, len(ev))
        res.setdefault(split, {})[lang] = {'n': len(ev), 'top1': round(t1 / n, 4), 'top5': round(t5 / n, 4),
                                           'freq_top1': round(b1 / n, 4), 'freq_top5': round(b5 / n, 4)}
    return res


def calib_score(entry):
    """What chooses among checkpoints: calib top-1 + top-5, both languages (the test split never does)."""
    return sum(entry['calib'][lang][k] for lang in ('python', 'javascript') for k in ('top1', 'top5') if lang in entry.get('calib', {}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sites', required=True)
    ap.add_argument('--data', default='/work/neural-data')
    ap.add_argument('--vocab', type=int, default=16000)
    ap.add_argument('--dim', type=int, default=40)
    ap.add_argument('--hidden', type=int, default=384)
    ap.add_argument('--out-dim', type=int, default=96)
    ap.add_argument('--batch', type=int, default=512)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--feature-dropout', type=float, default=0.1)
    ap.add_argument('--minutes', type=float, default=40, help='the time budget; the learning rate decays over it')
    ap.add_argument('--warmup', type=float, default=0.03, help='share of the budget the learning rate warms up over')
    ap.add_argument('--max-steps', type=int, default=10 ** 9)
    ap.add_argument('--eval-every', type=int, default=1000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--out', default='/work/neural-data/names3/run')
    ap.add_argument('--init', default=None, help='names.pt of an earlier run on the same sites and vocabulary size to continue from')
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    files = [json.loads(l) for l in open(os.path.join(args.data, 'corpus/files.jsonl'))]
    t0 = time.time()
    rows = load(args.sites.split(','), files)
    for s in rows:
        s['norm'] = normal_name(s['n'])
    train = [s for s in rows if s['split'] == 'train' and len(s['n']) >= 2 and s['n'] not in NEVER and len(s['norm'].replace('_', '')) >= 2]
    counts = collections.Counter(s['norm'] for s in train)
    vocab = [n for n, _ in counts.most_common(args.vocab)]
    index = {n: i for i, n in enumerate(vocab)}
    per_lang = collections.Counter((s['norm'], s['lang']) for s in train)
    # Per name: 1 = seen (at least twice) in Python, 2 = in JavaScript/TypeScript, 3 = both.
    langs = [(per_lang[(n, 'python')] >= 2) + 2 * (per_lang[(n, 'javascript')] >= 2) for n in vocab]
    covered = sum(counts[n] for n in vocab) / max(1, sum(counts.values()))
    train = [s for s in train if s['norm'] in index]
    baseline = {}
    for lang in ('python', 'javascript'):
        c = collections.Counter(s['norm'] for s in rows if s['split'] == 'train' and s['k'] == 'param' and s['lang'] == lang
                                and len(s['n']) >= 3 and s['n'] not in NEVER)
        baseline[lang] = [n for n, _ in c.most_common(20)]
    sets = {}
    for split in ('calib', 'test'):
        for lang in ('python', 'javascript'):
            ev = [s for s in eval_rows(rows, split) if s['lang'] == lang]
            sets[(split, lang)] = (ev, Sites(ev))
    print(f'{len(rows)} sites, {len(train)} training examples, vocab {len(vocab)} (covers {covered:.3f} of train names), '
          f'{len({t for n in vocab for t in n.split("_")})} sub-tokens, loaded in {time.time() - t0:.0f} s', flush=True)
    data = Sites(train)
    y = torch.from_numpy(np.array([index[s['norm']] for s in train], dtype=np.int64))
    del rows
    model = Namer(vocab, args.dim, args.hidden, args.out_dim)
    if args.init:
        earlier = json.load(open(os.path.join(os.path.dirname(args.init), 'train-log.json')))
        if earlier['vocab'] != vocab:
            raise SystemExit(f'{args.init}: its vocabulary differs from this run\'s')
        model.load_state_dict(torch.load(args.init))
        history0 = earlier['history']
        steps0 = earlier['steps']
    else:
        history0, steps0 = [], 0
    dense = [p for n, p in model.named_parameters() if not n.startswith('emb.')]
    opts = [torch.optim.SparseAdam(list(model.emb.parameters()), lr=args.lr * 5), torch.optim.Adam(dense, lr=args.lr)]
    base_lrs = [args.lr * 5, args.lr]
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.05)
    started = time.time()
    budget = args.minutes * 60
    history = []
    step = 0
    done = False
    best_state, best_score, best_step = None, -1.0, None
    smooth = None
    while not done:
        order = rng.permutation(len(train))
        for i in range(0, len(order) - args.batch + 1, args.batch):
            progress = (time.time() - started) / budget
            if progress >= 1 or step >= args.max_steps:
                done = True
                break
            # Linear warm-up over the first 3% of the time budget, then linear decay to 5%.
            scale = min(1.0, (progress + 1e-3) / args.warmup, max(0.05, (1 - progress) / (1 - args.warmup)))
            for o, lr in zip(opts, base_lrs):
                for g in o.param_groups:
                    g['lr'] = lr * scale
            b = order[i:i + args.batch]
            model.train()
            loss = loss_fn(model(*data.batch(b, args.feature_dropout, rng)), y[b])
            for o in opts:
                o.zero_grad()
            loss.backward()
            for o in opts:
                o.step()
            step += 1
            smooth = loss.item() if smooth is None else 0.98 * smooth + 0.02 * loss.item()
            if step % 200 == 0:
                print(f'step {step} loss {smooth:.3f} epoch {step * args.batch / len(train):.2f} {time.time() - started:.0f} s', flush=True)
            if step % args.eval_every == 0:
                history.append({'step': steps0 + step, 'seconds': round(time.time() - started), 'epoch': round(step * args.batch / len(train), 2),
                                'loss': round(smooth, 3), **evaluate(model, sets, vocab, baseline)})
                print(json.dumps(history[-1]), flush=True)
                score = calib_score(history[-1])
                if score > best_score:
                    best_score, best_step = score, steps0 + step
                    best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    final = evaluate(model, sets, vocab, baseline)
    if best_state is not None and calib_score(final) < best_score:
        # The calib projects choose the checkpoint (never the test ones).
        print(f'final calib score {calib_score(final):.4f} < {best_score:.4f} at step {best_step}: keeping that checkpoint', flush=True)
        model.load_state_dict(best_state)
        final = evaluate(model, sets, vocab, baseline)
    history.append({'step': steps0 + step, 'seconds': round(time.time() - started), 'epoch': round(step * args.batch / len(train), 2),
                    'loss': round(smooth or 0, 3), **final})
    run = 1 + max((h.get('run', 1) for h in history0), default=0)
    history = [{'run': 1, **h} for h in history0] + [{'run': run, **h} for h in history]
    print(json.dumps(history[-1]), flush=True)
    # For choosing minConfidence (export.py --min-confidence) on the calib projects: per threshold, the
    # share of sites whose best name reaches it and the top-1 accuracy among those.
    thresholds = {}
    keys = [compare_key(v) for v in vocab]
    for lang in ('python', 'javascript'):
        ev, sites = sets[('calib', lang)]
        if not ev:
            continue
        best, arg = predict(model, sites).max(-1)
        right = np.array([keys[j] == compare_key(s['n']) for s, j in zip(ev, arg.tolist())])
        best = best.numpy()
        thresholds[lang] = {str(t): {'share': round(float((best >= t).mean()), 3),
                                     'top1': round(float(right[best >= t].mean()) if (best >= t).any() else 0, 3)}
                            for t in (0, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2)}
    print(json.dumps({'calibThresholds': thresholds}), flush=True)
    torch.save(model.state_dict(), os.path.join(args.out, 'names.pt'))
    json.dump({'args': vars(args), 'vocab': vocab, 'langs': langs, 'baseline': baseline, 'eval': final, 'history': history, 'steps': steps0 + step, 'bestStep': best_step,
               'examples': len(train), 'calibThresholds': thresholds, 'vocabCoverage': round(covered, 4), 'seconds': round(time.time() - started)},
              open(os.path.join(args.out, 'train-log.json'), 'w'))


if __name__ == '__main__':
    main()
