"""Mines one-line bug fixes of the detectors' kinds from git histories (for the real-bug check; never trained on).

A commit qualifies when its diff in one .py/.js/.ts file is a single line replaced by a single line and
the two lines differ only by a comparison operator (<, <=, >, >=), an arithmetic twin (+/-, * and /),
or two adjacent identifiers exchanged around a comma (swapped arguments). Writes JSONL records
{repo, commit, path, line, kind, buggy, fixed} with both file versions (the parent is the buggy one).

Usage: /usr/bin/python3 models/training/detectors/mine_fixes.py OUT.jsonl GITDIR[:MAX_COMMITS] ...
"""
import json
import re
import subprocess
import sys

TOKEN = re.compile(r'[A-Za-z_$][A-Za-z0-9_$]*|\d+|<=|>=|==|!=|===|!==|\*\*|//|&&|\|\||\S')
CMP = {'<', '<=', '>', '>='}
ARITH = [{'+', '-'}, {'*', '/'}]
IDENT = re.compile(r'^[A-Za-z_$][A-Za-z0-9_$]*$')


def kind_of(old, new):
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    if len(a) != len(b) or a == b:
        return None
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        x, y = a[diff[0]], b[diff[0]]
        if x in CMP and y in CMP:
            return 'wrong-comparison-operator'
        if any(x in g and y in g for g in ARITH):
            return 'wrong-arithmetic-operator'
    if len(diff) == 2:
        i, j = diff
        if j == i + 2 and a[i + 1] == ',' and a[i] == b[j] and a[j] == b[i] and IDENT.match(a[i]) and IDENT.match(a[j]):
            return 'swapped-arguments'
    return None


def git(gitdir, *args):
    return subprocess.run(['git', '--git-dir', gitdir, *args], capture_output=True, text=True, errors='replace').stdout


def mine(gitdir, max_commits, out):
    log = git(gitdir, 'log', '--no-merges', f'--max-count={max_commits}', '--format=@@@%H %P', '-p', '--unified=0',
              '--', '*.py', '*.js', '*.ts')
    found = 0
    for chunk in log.split('@@@')[1:]:
        head, _, body = chunk.partition('\n')
        parts = head.split()
        if len(parts) != 2:
            continue
        commit, parent = parts
        files = re.findall(r'^\+\+\+ b/(.+)$', body, re.M)
        removed = [l[1:] for l in body.split('\n') if l.startswith('-') and not l.startswith('---')]
        added = [l[1:] for l in body.split('\n') if l.startswith('+') and not l.startswith('+++')]
        if len(files) != 1 or len(removed) != 1 or len(added) != 1 or re.search(r'(^|/)(tests?|testing)/|test_', files[0]):
            continue
        kind = kind_of(removed[0], added[0])
        if not kind:
            continue
        m = re.search(r'^@@ -\d+(?:,\d+)? \+(\d+)', body, re.M)
        path = files[0]
        buggy = git(gitdir, 'show', f'{parent}:{path}')
        fixed = git(gitdir, 'show', f'{commit}:{path}')
        if not buggy or not fixed:
            continue
        out.write(json.dumps({'repo': gitdir, 'commit': commit, 'path': path, 'line': int(m.group(1)) if m else None,
                              'kind': kind, 'old': removed[0].strip(), 'new': added[0].strip(), 'buggy': buggy, 'fixed': fixed}) + '\n')
        found += 1
    return found


if __name__ == '__main__':
    with open(sys.argv[1], 'w') as out:
        for spec in sys.argv[2:]:
            gitdir, _, n = spec.partition(':')
            print(gitdir, mine(gitdir, int(n or 100000), out), file=sys.stderr, flush=True)
