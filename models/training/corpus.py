"""Step 1: build the corpus manifest (models/training/data/corpus.json) and the pre-tokenized corpus.

Sources
  python      /usr/lib/python3.11/**.py (Debian's python3.11 standard library), licence PSF-2.0;
              test packages, site/dist-packages and encodings/ (generated codec tables) excluded.
  javascript  *.js/*.mjs/*.cjs (and non-declaration *.ts) of the top-level packages in
              node_modules/, licence from each package.json; only permissive licences kept; no
              *.min.js, no bundles/minified files (long lines), no files over 256 KB.

Split (deterministic): a *unit* is a top-level stdlib module or package, or an npm package. A unit
is held out when sha1(unit) % 10 == 0 or it is in EXTRA_HELD_OUT (never trained on); held-out files are split further into
`calib` (sha1(path) even: threshold calibration) and `test` (odd: every reported metric).
Duplicate file contents are kept once (first in path order; held-out copies of trained text dropped).

Usage: /usr/bin/python3 models/training/corpus.py [--node-modules node_modules] [--out models/training/data]
"""
import argparse
import hashlib
import json
import os
import pickle
import sys

sys.path.insert(0, os.path.dirname(__file__))
from lexer import lex  # noqa: E402

PERMISSIVE = {'MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', '0BSD', 'BlueOak-1.0.0',
              'Python-2.0', 'CC0-1.0', 'Unlicense', 'MIT-0', '(MIT OR CC0-1.0)', 'MIT OR Apache-2.0',
              '(MIT OR Apache-2.0)', 'Apache-2.0 OR MIT', '(BSD-2-Clause OR MIT OR Apache-2.0)', 'BSD'}
PY_ROOT = '/usr/lib/python3.11'
PY_EXCLUDE_DIRS = {'test', 'tests', 'idle_test', 'site-packages', 'dist-packages', '__pycache__',
                   'config-3.11-x86_64-linux-gnu', 'lib-dynload', 'encodings'}  # encodings: generated codec tables
# Held out on top of the hash rule, to give the JavaScript test set enough real, hand-written code.
EXTRA_HELD_OUT = {'js-yaml', 'commander'}
MAX_BYTES = 256 * 1024


def h(s):
    return int(hashlib.sha1(s.encode()).hexdigest(), 16)


def split_of(unit, path):
    if h(unit) % 10 != 0 and unit not in EXTRA_HELD_OUT:
        return 'train'
    return 'calib' if h(path) % 2 == 0 else 'test'


def looks_minified(text):
    lines = text.split('\n')
    if not lines:
        return False
    longest = max(len(line) for line in lines)
    avg = len(text) / max(1, len(lines))
    return longest > 1000 or avg > 120


def python_files():
    for root, dirs, files in os.walk(PY_ROOT):
        dirs[:] = sorted(d for d in dirs if d not in PY_EXCLUDE_DIRS and not d.startswith('test'))
        for f in sorted(files):
            if not f.endswith('.py') or f.startswith('test_'):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, PY_ROOT)
            unit = rel.split(os.sep)[0]
            yield path, f'python3.11/{rel}', unit, 'PSF-2.0', 'python'


def js_files(node_modules):
    packages = []
    for name in sorted(os.listdir(node_modules)):
        if name.startswith('.'):
            continue
        if name.startswith('@'):
            for sub in sorted(os.listdir(os.path.join(node_modules, name))):
                packages.append(f'{name}/{sub}')
        else:
            packages.append(name)
    licences = {}
    for pkg in packages:
        pj = os.path.join(node_modules, pkg, 'package.json')
        try:
            meta = json.load(open(pj))
        except (OSError, ValueError):
            continue
        lic = meta.get('license')
        if isinstance(lic, dict):
            lic = lic.get('type')
        lic = str(lic) if lic else 'UNKNOWN'
        licences[pkg] = {'license': lic, 'version': meta.get('version', ''), 'included': lic in PERMISSIVE}
        if lic not in PERMISSIVE:
            continue
        base = os.path.join(node_modules, pkg)
        for root, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if d not in ('node_modules', 'test', 'tests', '__tests__', 'types'))
            for f in sorted(files):
                if f.endswith('.d.ts') or f.endswith('.d.mts') or f.endswith('.d.cts') or '.min.' in f:
                    continue
                if not f.endswith(('.js', '.mjs', '.cjs', '.ts', '.mts', '.cts')):
                    continue
                path = os.path.join(root, f)
                yield path, f'node_modules/{os.path.relpath(path, node_modules)}', pkg, lic, 'javascript'
    json.dump(licences, open(os.path.join(OUT, 'js-licences.json'), 'w'), indent=1, sort_keys=True)


def main():
    global OUT
    ap = argparse.ArgumentParser()
    ap.add_argument('--node-modules', default='node_modules')
    ap.add_argument('--out', default='models/training/data')
    args = ap.parse_args()
    OUT = args.out
    os.makedirs(OUT, exist_ok=True)
    manifest = []
    corpus = {}
    seen = {}
    for gen in (python_files(), js_files(args.node_modules)):
        for path, rel, unit, lic, lang in gen:
            if os.path.getsize(path) > MAX_BYTES:
                continue
            try:
                text = open(path, encoding='utf-8').read()
            except (UnicodeDecodeError, OSError):
                continue
            if lang == 'javascript' and looks_minified(text):
                continue
            digest = hashlib.sha256(text.encode()).hexdigest()
            split = split_of(unit, rel)
            if digest in seen:
                continue
            seen[digest] = rel
            toks = lex(text, lang)
            if len(toks) < 20:
                continue
            manifest.append({'path': rel, 'language': lang, 'unit': unit, 'license': lic, 'split': split,
                             'sha256': digest, 'lines': text.count('\n') + 1, 'pretokens': len(toks)})
            corpus[rel] = (lang, split, [(t, k) for t, k, _, _ in toks])
    json.dump(manifest, open(os.path.join(OUT, 'corpus.json'), 'w'), indent=0)
    pickle.dump(corpus, open(os.path.join(OUT, 'corpus.pkl'), 'wb'))
    summary = {}
    for m in manifest:
        key = f"{m['language']}/{m['split']}"
        s = summary.setdefault(key, {'files': 0, 'lines': 0, 'pretokens': 0})
        s['files'] += 1
        s['lines'] += m['lines']
        s['pretokens'] += m['pretokens']
    json.dump(summary, open(os.path.join(OUT, 'corpus-summary.json'), 'w'), indent=1, sort_keys=True)
    print(json.dumps(summary, indent=1, sort_keys=True))


if __name__ == '__main__':
    main()
