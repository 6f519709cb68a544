"""Reference ids from the Python tokenizer for the TS parity checks.

Writes
  tests/neural/fixtures/tokenizer-parity.json   small fixture: tricky snippets + a few held-out files
  bench/out/parity-ids.json                     every corpus file (trained and held out), for bench/neural/parity

Usage: /usr/bin/python3 models/training/parity.py
"""
import json
import os
import pickle
import sys

sys.path.insert(0, os.path.dirname(__file__))
from lexer import lex  # noqa: E402
from tokenizer import Tokenizer  # noqa: E402

DATA = 'models/training/data'

SNIPPETS = [
    ('python', 'def f(xs, n=1):\n    """Doc string with several words in it."""\n    for i in range(len(xs) + 1):\n'
               '        if xs[i] <= n and (a or\n                b):  # comment\n            return f"{i!r} ok"\n'
               '    x = 0x1F + 1.5e-3 + 10_000j\n    s = r\'raw\\n\' + b"\\x00" + \'\'\'multi\nline\'\'\'\n'
               '\tif x:\n\t\treturn None\n    y = 1 \\\n        + 2\n    return "unterminated\n'),
    ('python', 'class A(B):\n    def m(self) -> int:\n        return self.x ** 2 // 3 @ m\n\n\n'
               'name = "h\u00e9llo w\u00f6rld \U0001F600"\nπ = 3.14\n'),
    ('javascript', "const a = `x${y}z`; /* block\n comment */ let b = a?.c ?? 0n;\n"
                   "if (a !== b && c >>>= 2) { return { k: 'v', 'q': \"w\" }; }\n"
                   "export default function (x) {\n\treturn x => x + 1 // done\n}\nconst re = /ab+c/gi;\n"
                   "const s = 'caf\u00e9 \U0001F600';\n#priv = 1;\n"),
    ('javascript', '(function (root, factory) {\n  if (typeof define === "function") {\n    define([], factory);\n'
                   '  } else {\n    root.x = factory();\n  }\n})(this, function () {\n  return 42;\n});\n'),
]


def ids_of(tok, text, lang):
    return [i for t, _, _, _ in lex(text, lang) for i in tok.encode_pretoken(t)]


def main():
    tok = Tokenizer(os.path.join(DATA, 'spm.model'))
    corpus = pickle.load(open(os.path.join(DATA, 'corpus.pkl'), 'rb'))
    manifest = json.load(open(os.path.join(DATA, 'corpus.json')))
    held = [m for m in manifest if m['split'] != 'train']
    cases = [{'language': lang, 'text': text, 'ids': ids_of(tok, text, lang)} for lang, text in SNIPPETS]
    small = [m for m in held if m['lines'] < 120]
    for m in small[:2] + [x for x in small if x['language'] == 'python'][:2]:
        text = read_source(m['path'])
        cases.append({'language': m['language'], 'path': m['path'], 'text': text, 'ids': ids_of(tok, text, m['language'])})
    os.makedirs('tests/neural/fixtures', exist_ok=True)
    json.dump({'vocab': 'models/toasty-rtd-small.vocab.json', 'cases': cases}, open('tests/neural/fixtures/tokenizer-parity.json', 'w'))
    os.makedirs('bench/out', exist_ok=True)
    full = [{'path': m['path'], 'language': m['language'], 'ids': ids_of(tok, read_source(m['path']), m['language'])} for m in manifest]
    json.dump(full, open('bench/out/parity-ids.json', 'w'))
    print('fixture cases', len(cases), 'files', len(full), 'ids', sum(len(f['ids']) for f in full))
    del corpus


def read_source(rel):
    if rel.startswith('python3.11/'):
        return open('/usr/lib/' + rel, encoding='utf-8').read()
    return open(rel, encoding='utf-8').read()


if __name__ == '__main__':
    main()
