"""Licences and the project split of the mined real fixes (mine_fixes.py → real-sites.mjs), for fine-tuning on them.

Each mined repository's licence is read from its newest commit (LICENSE / LICENCE / COPYING at the top, else the
`license` of package.json): only permissively licensed projects may be trained on (finetune.py), the others are
test pairs only. Projects, never pairs, are split: sha1(project) % 10 in 0–2 → test, 3 → calib, else train;
a non-permissive project drawn for train or calib goes to test. Nothing here reads the pairs' scores.

Usage: /usr/bin/python3 models/training/detectors/real_split.py --real REAL.jsonl --mirror /work/.mirror
         [--out models/training/detectors/real-fix-repos.tsv]
Writes one line per mined repository: owner/name, licence (SPDX-ish, `unknown` when none was recognised), split,
pairs at a candidate site — the list of what was mined, committed next to the corpus lists.
"""
import argparse
import hashlib
import json
import os
import re
import subprocess

PERMISSIVE = {'MIT', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', 'ISC', 'PSF-2.0', 'Zlib', 'Unlicense', '0BSD'}
PATTERNS = [  # first match wins; text of the licence file, whitespace collapsed
    ('GPL', re.compile(r'GNU (LESSER |AFFERO )?GENERAL PUBLIC LICEN[CS]E', re.I)),
    ('MPL-2.0', re.compile(r'Mozilla Public License', re.I)),
    ('Apache-2.0', re.compile(r'Apache License,? Version 2\.0|Licensed under the Apache License', re.I)),
    ('MIT', re.compile(r'Permission is hereby granted, free of charge|\bMIT License\b', re.I)),
    ('ISC', re.compile(r'Permission to use, copy, modify, and/?or distribute this software for any purpose', re.I)),
    ('BSD-3-Clause', re.compile(r'Redistribution and use in source and binary forms.*(Neither the name|names of its contributors)', re.I)),
    ('BSD-2-Clause', re.compile(r'Redistribution and use in source and binary forms', re.I)),
    ('PSF-2.0', re.compile(r'PYTHON SOFTWARE FOUNDATION LICENSE', re.I)),
    ('Unlicense', re.compile(r'This is free and unencumbered software released into the public domain', re.I)),
]
SPDX = {'mit': 'MIT', 'isc': 'ISC', 'apache-2.0': 'Apache-2.0', 'bsd-3-clause': 'BSD-3-Clause', 'bsd-2-clause': 'BSD-2-Clause'}


def git(gitdir, *args):
    return subprocess.run(['git', '--git-dir', gitdir, *args], capture_output=True, text=True, errors='replace').stdout


def licence(gitdir):
    names = git(gitdir, 'ls-tree', '--name-only', 'HEAD').split('\n')
    for name in names:
        if re.match(r'(LICEN[CS]E|COPYING)(\.(md|txt|rst))?$', name, re.I):
            text = ' '.join(git(gitdir, 'show', f'HEAD:{name}').split())
            for spdx, pattern in PATTERNS:
                if pattern.search(text):
                    return spdx
    if 'package.json' in names:
        try:
            value = json.loads(git(gitdir, 'show', 'HEAD:package.json')).get('license')
        except ValueError:
            value = None
        if isinstance(value, str) and value.lower() in SPDX:
            return SPDX[value.lower()]
    return 'unknown'


def split_of(project, lic):
    r = int(hashlib.sha1(project.encode()).hexdigest(), 16) % 10
    split = 'test' if r <= 2 else 'calib' if r == 3 else 'train'
    return split if lic in PERMISSIVE or split == 'test' else 'test'


# PyPIBugs (Allamanis et al., NeurIPS 2021) holds one-token fixes of popular PyPI projects' GitHub histories up to its
# collection in the first half of 2021; its commit list is not available here, so no Python fix committed before this
# date is trained on (finetune.py): such a pair may be a PyPIBugs bug. Later Python fixes and every JS/TS fix may be.
PYPIBUGS_BEFORE = '2021-07-01'


def commit_date(mirror, project, commit):
    """ISO committer date of a mined commit (YYYY-MM-DD), '' when the mirror does not have it."""
    return git(os.path.join(mirror, project, 'repo'), 'show', '-s', '--format=%cs', commit).strip()


def read_splits(path):
    """{owner+name: (licence, split)} from a real-fix-repos.tsv."""
    out = {}
    for line in open(path):
        if line.startswith('#') or not line.strip():
            continue
        repo, lic, split, _ = line.rstrip('\n').split('\t')
        out[repo.replace('/', '+')] = (lic, split)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--real', required=True)
    ap.add_argument('--mirror', default='/work/.mirror')
    ap.add_argument('--mined', default=None, help='directory of per-repository mine_fixes.py outputs (<owner+name>.jsonl): '
                    'repositories mined without a pair at a site are listed too')
    ap.add_argument('--out', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'real-fix-repos.tsv'))
    args = ap.parse_args()
    pairs = {}
    for line in open(args.real):
        p = json.loads(line)['project']
        pairs[p] = pairs.get(p, 0) + 1
    projects = set(pairs)
    if args.mined:
        projects |= {f[:-len('.jsonl')] for f in os.listdir(args.mined) if f.endswith('.jsonl')}
    with open(args.out, 'w') as out:
        out.write('# repository\tlicence\tsplit\tpairs at a site (mine_fixes.py + real-sites.mjs; real_split.py)\n')
        for p in sorted(projects, key=str.lower):
            lic = licence(os.path.join(args.mirror, p, 'repo'))
            out.write(f"{p.replace('+', '/')}\t{lic}\t{split_of(p, lic)}\t{pairs.get(p, 0)}\n")


if __name__ == '__main__':
    main()
