"""Windows of the pre-tokenized corpus and batches of corrupted windows for RTD training/evaluation."""
import os
import pickle
import random
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from corrupt import SCORABLE, corrupt  # noqa: E402
from tokenizer import Tokenizer  # noqa: E402

DATA = 'models/training/data'
MAX_LEN = 256
CONTENT = MAX_LEN - 2


def load(split_names):
    corpus = pickle.load(open(os.path.join(DATA, 'corpus.pkl'), 'rb'))
    tok = Tokenizer(os.path.join(DATA, 'spm.model'))
    files = []
    for rel in sorted(corpus):
        lang, split, toks = corpus[rel]
        if split in split_names:
            files.append((rel, lang, [t for t, _ in toks], [k for _, k in toks], split))
    return files, tok


def windows(files, tok):
    """Non-overlapping windows (file index, start, end) at pre-token boundaries, each ≤ CONTENT pieces."""
    out = []
    for fi, (_, _, texts, _, _) in enumerate(files):
        start, count = 0, 0
        for i, t in enumerate(texts):
            n = len(tok.encode_pretoken(t))
            if count + n > CONTENT and i > start:
                out.append((fi, start, i))
                start, count = i, 0
            count += n
        if len(texts) > start:
            out.append((fi, start, len(texts)))
    return out


def make_batch(files, tok, wins, rng, rate_range=(0.02, 0.10), clean_mlm=0.1):
    """Tensors for a batch of corrupted windows plus per-piece metadata for evaluation."""
    b = len(wins)
    ids = np.zeros((b, MAX_LEN), dtype=np.int64)
    mask = np.zeros((b, MAX_LEN), dtype=np.int64)
    label = np.zeros((b, MAX_LEN), dtype=np.float32)
    target = np.zeros((b, MAX_LEN), dtype=np.int64)
    mlm_sel = np.zeros((b, MAX_LEN), dtype=bool)
    meta = []  # per window: list of (piece position, pretoken index, is_first_piece, scorable, type, lang)
    for r, (fi, s, e) in enumerate(wins):
        _, lang, texts, kinds, _ = files[fi]
        texts, kinds = texts[s:e], kinds[s:e]
        rate = rng.uniform(*rate_range) if rate_range else 0.0
        new, labels, orig, types = corrupt(texts, kinds, lang, rng, rate) if rate > 0 else (texts, [0] * len(texts), texts, [''] * len(texts))
        seq = [tok.sp.bos_id()]
        lab = [0]
        tgt = [0]
        sel = [False]
        m = []
        for i, t in enumerate(new):
            pieces = tok.encode_pretoken(t)
            first_orig = tok.encode_pretoken(orig[i])[0]
            scorable = kinds[i] in SCORABLE
            pick = bool(labels[i]) or (scorable and rng.random() < clean_mlm)
            for j, p in enumerate(pieces):
                if len(seq) >= MAX_LEN - 1:
                    break
                m.append((len(seq), i, j == 0, scorable, types[i], lang))
                seq.append(p)
                lab.append(labels[i])
                tgt.append(first_orig)
                sel.append(pick)
        seq.append(tok.sp.eos_id())
        lab.append(0)
        tgt.append(0)
        sel.append(False)
        n = len(seq)
        ids[r, :n] = seq
        mask[r, :n] = 1
        label[r, :n] = lab
        target[r, :n] = tgt
        mlm_sel[r, :n] = sel
        meta.append(m)
    return (torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(label), torch.from_numpy(target),
            torch.from_numpy(mlm_sel), meta)


def auc(scores, labels):
    """Area under the ROC curve (Mann-Whitney, ties counted half)."""
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    pos = labels.sum()
    neg = len(labels) - pos
    if pos == 0 or neg == 0:
        return float('nan')
    order = np.argsort(scores, kind='mergesort')
    s = scores[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[i:j + 1] = (i + j) / 2 + 1
        i = j + 1
    r = np.empty(len(s))
    r[order] = ranks
    return float((r[labels == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def shuffled(items, seed):
    items = list(items)
    random.Random(seed).shuffle(items)
    return items
