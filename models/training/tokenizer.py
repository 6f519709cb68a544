"""Step 2: train the sentencepiece BPE vocabulary over pre-tokens of the training split.

Each pre-token is one sentencepiece "word" (so every piece starts inside one pre-token and
pre-tokens that start a word carry the ▁ prefix). Normalization is the identity and no
script/number splitting is used, so the encoder is plain BPE-by-score over characters: this is
what src/neural/tokenizer.ts reimplements. Special symbols are user-defined pieces and never go
through BPE. Writes models/training/data/spm.model and models/<name>.vocab.json (pieces + scores).

Usage: /usr/bin/python3 models/training/tokenizer.py [--vocab-size 8000]
"""
import argparse
import json
import os
import pickle
import random
import sys

import sentencepiece as spm

sys.path.insert(0, os.path.dirname(__file__))
from lexer import SPECIALS  # noqa: E402

DATA = 'models/training/data'
PRINTABLE = ''.join(chr(c) for c in range(0x21, 0x7f))


class Tokenizer:
    """Python reference encoder: pre-token texts -> piece ids (the ids the TS tokenizer must match)."""

    def __init__(self, model_file):
        self.sp = spm.SentencePieceProcessor(model_file=model_file)
        self.cache = {}
        self.special = {s: self.sp.piece_to_id(s) for s in SPECIALS}

    def encode_pretoken(self, text):
        ids = self.cache.get(text)
        if ids is None:
            ids = [self.special[text]] if text in self.special else self.sp.encode(text)
            self.cache[text] = ids
        return ids

    def __len__(self):
        return self.sp.get_piece_size()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--vocab-size', type=int, default=8000)
    ap.add_argument('--name', default='toasty-rtd-small')
    args = ap.parse_args()
    corpus = pickle.load(open(os.path.join(DATA, 'corpus.pkl'), 'rb'))
    lines = []
    for rel in sorted(corpus):
        lang, split, toks = corpus[rel]
        if split != 'train':
            continue
        cur = []
        for t, k in toks:
            if k == 'nl':
                if cur:
                    lines.append(' '.join(cur))
                cur = []
            elif t not in SPECIALS:
                cur.append(t)
        if cur:
            lines.append(' '.join(cur))
    random.Random(0).shuffle(lines)
    path = os.path.join(DATA, 'spm-train.txt')
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    spm.SentencePieceTrainer.train(
        input=path, model_prefix=os.path.join(DATA, 'spm'), vocab_size=args.vocab_size, model_type='bpe',
        character_coverage=1.0, normalization_rule_name='identity', remove_extra_whitespaces=False,
        split_by_unicode_script=False, split_by_number=False, split_by_whitespace=True, split_digits=False,
        add_dummy_prefix=True, byte_fallback=False, max_sentencepiece_length=16, required_chars=PRINTABLE,
        user_defined_symbols=SPECIALS, pad_id=0, unk_id=1, bos_id=2, eos_id=3, max_sentence_length=100000,
        input_sentence_size=3000000, shuffle_input_sentence=True, seed_sentencepiece_size=1000000,
        num_threads=2, minloglevel=1)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(DATA, 'spm.model'))
    pieces = [[sp.id_to_piece(i), sp.get_score(i)] for i in range(sp.get_piece_size())]
    kinds = ['unk' if sp.is_unknown(i) else 'control' if sp.is_control(i) else 'user' if sp.id_to_piece(i) in SPECIALS
             else 'normal' for i in range(sp.get_piece_size())]
    vocab = {'kind': 'sentencepiece-bpe', 'pad_id': 0, 'unk_id': 1, 'bos_id': 2, 'eos_id': 3,
             'specials': SPECIALS, 'pieces': [[p, s, k] for (p, s), k in zip(pieces, kinds)]}
    os.makedirs('models', exist_ok=True)
    json.dump(vocab, open(f'models/{args.name}.vocab.json', 'w'), separators=(',', ':'))
    missing = [c for c in PRINTABLE if sp.piece_to_id('▁' + c) == 0 and sp.piece_to_id(c) == sp.unk_id()]
    print('pieces', sp.get_piece_size(), 'missing chars', missing)


if __name__ == '__main__':
    main()
