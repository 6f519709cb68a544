"""Held-out RTD evaluation set for the shipped (int8, TypeScript) pipeline: bench/out/rtd-eval.json.

Every file of the `test` split is corrupted the way training corrupts (corrupt.py), chunk by chunk
(chunks of 200 pre-tokens, so "same window" identifiers mean the same as in training), at a fixed
rate of 5% of scorable tokens and a fixed seed. bench/neural/auc.ts runs the real pipeline on it.

Usage: /usr/bin/python3 models/training/evalset.py
"""
import json
import os
import pickle
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
from corrupt import corrupt  # noqa: E402

DATA = 'models/training/data'
SEED = 7
RATE = 0.05
CHUNK = 200


def main():
    corpus = pickle.load(open(os.path.join(DATA, 'corpus.pkl'), 'rb'))
    rng = random.Random(SEED)
    out = []
    for rel in sorted(corpus):
        lang, split, toks = corpus[rel]
        if split != 'test':
            continue
        texts = [t for t, _ in toks]
        kinds = [k for _, k in toks]
        new, labels, types = [], [], []
        for s in range(0, len(texts), CHUNK):
            n, l, _, ty = corrupt(texts[s:s + CHUNK], kinds[s:s + CHUNK], lang, rng, RATE)
            new += n
            labels += l
            types += ty
        out.append({'path': rel, 'language': lang, 'texts': new, 'kinds': kinds, 'labels': labels, 'types': types})
    os.makedirs('bench/out', exist_ok=True)
    json.dump(out, open('bench/out/rtd-eval.json', 'w'))
    print('files', len(out), 'tokens', sum(len(f['texts']) for f in out), 'corrupted', sum(sum(f['labels']) for f in out))


if __name__ == '__main__':
    main()
