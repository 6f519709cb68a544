"""Mines one- and two-line bug fixes of the detectors' kinds from git histories (for the real-bug check; never trained
on, never used to select a threshold).

A commit qualifies when, among its non-test .py/.js/.mjs/.ts files, exactly one file changed, by one or two lines each
replaced by one line (test files, docs and changelogs may change too), and each replaced line differs from its
replacement only by
  - a comparison operator (<, <=, >, >=)                       wrong-comparison-operator
  - an arithmetic twin (+/-, * and /)                            wrong-arithmetic-operator
  - an equality twin (== / !=, === / !==, is / is not)           wrong-equality-operator
  - a boolean twin (and / or, && / ||)                           wrong-boolean-operator
  - two adjacent names exchanged around a comma                  swapped-arguments
  - one name replaced by another (not after `.`, not a keyword,
    not a literal; only with --names)                            wrong-variable
Writes JSONL records {repo, commit, path, line, kind, old, new, buggy, fixed} with both file versions (the parent is
the buggy one); a two-line fix gives one record per line.

Usage: /usr/bin/python3 models/training/detectors/mine_fixes.py [--names] OUT.jsonl GITDIR[:MAX_COMMITS[:SKIP]] ...
         (the newest MAX_COMMITS non-merge commits after the newest SKIP)
       /usr/bin/python3 models/training/detectors/mine_fixes.py --merge OUT.jsonl IN.jsonl ...
         (re-checks each record's kind with this version, drops repeats: same commit and line, or the
         same change to the same file of the same repository — a cherry-picked copy)
"""
import json
import re
import subprocess
import sys

TOKEN = re.compile(r'[A-Za-z_$][A-Za-z0-9_$]*|\d+|>>>=|<<=|>>=|>>>|<<|>>|===|!==|<=|>=|==|!=|\*\*|//|&&|\|\||\?\?|\S')
CMP = {'<', '<=', '>', '>='}
TWINS = [
    ({'+', '-'}, 'wrong-arithmetic-operator'),
    ({'*', '/'}, 'wrong-arithmetic-operator'),
    ({'==', '!='}, 'wrong-equality-operator'),
    ({'===', '!=='}, 'wrong-equality-operator'),
    ({'is', 'is not'}, 'wrong-equality-operator'),
    ({'and', 'or'}, 'wrong-boolean-operator'),
    ({'&&', '||'}, 'wrong-boolean-operator'),
]
IDENT = re.compile(r'^[A-Za-z_$][A-Za-z0-9_$]*$')
KEYWORDS = {'and', 'or', 'not', 'is', 'in', 'if', 'else', 'elif', 'for', 'while', 'return', 'def', 'class', 'lambda', 'None', 'True',
            'False', 'self', 'cls', 'this', 'null', 'undefined', 'true', 'false', 'function', 'var', 'let', 'const', 'new', 'typeof',
            'instanceof', 'import', 'from', 'as', 'with', 'yield', 'await', 'async', 'pass', 'break', 'continue', 'raise', 'throw',
            'try', 'except', 'finally', 'catch', 'del', 'global', 'nonlocal', 'assert', 'void', 'delete', 'of', 'super'}
NAMES = '--names' in sys.argv
SOURCE = re.compile(r'\.(py|js|mjs|ts)$')
TESTISH = re.compile(r'(^|/)(tests?|testing|__tests__|spec|docs?|examples?|benchmarks?)/|(^|/)test_|_test\.py$|\.(test|spec)\.[jt]s$')


def tokens(line):
    out = []
    for t in TOKEN.findall(line):
        if out and ((out[-1] == 'is' and t == 'not') or (out[-1] == 'not' and t == 'in')):
            out[-1] = out[-1] + ' ' + t
        else:
            out.append(t)
    return out


def kind_of(old, new):
    a, b = tokens(old), tokens(new)
    if len(a) != len(b) or a == b:
        return None
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        x, y = a[diff[0]], b[diff[0]]
        if x in CMP and y in CMP:
            return 'wrong-comparison-operator'
        for group, kind in TWINS:
            if x in group and y in group:
                return kind
        i = diff[0]
        if (NAMES and IDENT.match(x) and IDENT.match(y) and x not in KEYWORDS and y not in KEYWORDS and not x[0].isdigit()
                and not (i > 0 and a[i - 1] in ('.', '?.')) and not (i + 1 < len(a) and a[i + 1] in ('(', '='))):
            return 'wrong-variable'
    if len(diff) == 2:
        i, j = diff
        if j == i + 2 and a[i + 1] == ',' and a[i] == b[j] and a[j] == b[i] and IDENT.match(a[i]) and IDENT.match(a[j]):
            return 'swapped-arguments'
    return None


def git(gitdir, *args):
    return subprocess.run(['git', '--git-dir', gitdir, *args], capture_output=True, text=True, errors='replace').stdout


def file_diffs(body):
    """{path: [(new line number, [removed], [added]) per hunk]} of one commit's -U0 patch."""
    out = {}
    path = None
    for part in re.split(r'^diff --git ', body, flags=re.M)[1:]:
        m = re.search(r'^\+\+\+ b/(.+)$', part, re.M)
        path = m.group(1) if m else None
        if not path:
            continue
        hunks = []
        for h in re.split(r'^(?=@@ )', part, flags=re.M)[1:]:
            hm = re.match(r'@@ -\d+(?:,\d+)? \+(\d+)', h)
            lines = h.split('\n')[1:]
            removed = [l[1:] for l in lines if l.startswith('-')]
            added = [l[1:] for l in lines if l.startswith('+')]
            hunks.append((int(hm.group(1)) if hm else None, removed, added))
        out[path] = hunks
    return out


def candidates(gitdir, max_commits, skip=0):
    """(commit, parent, path) of commits whose only non-test source change is one file with 1 or 2 lines replaced (numstat)."""
    log = subprocess.Popen(['git', '--git-dir', gitdir, 'log', '--no-merges', f'--max-count={max_commits}', f'--skip={skip}', '--format=@@@%H %P',
                            '--numstat', '--no-renames'], stdout=subprocess.PIPE, text=True, errors='replace')
    commit = parent = None
    files = []

    def flush():
        src = [(a, d, p) for a, d, p in files if SOURCE.search(p) and not TESTISH.search(p)]
        if commit and parent and len(src) == 1 and src[0][0] == src[0][1] and src[0][0] in ('1', '2'):
            return (commit, parent, src[0][2])
        return None

    for line in log.stdout:
        line = line.rstrip('\n')
        if line.startswith('@@@'):
            c = flush()
            if c:
                yield c
            parts = line[3:].split()
            commit, parent = (parts[0], parts[1]) if len(parts) == 2 else (None, None)
            files = []
        elif line:
            cols = line.split('\t')
            if len(cols) == 3:
                files.append(tuple(cols))
    c = flush()
    if c:
        yield c


def mine(gitdir, max_commits, out, skip=0):
    found = 0
    for commit, parent, path in candidates(gitdir, max_commits, skip):
        body = git(gitdir, 'show', '--format=', '--unified=0', '--no-renames', commit, '--', path)
        hunks = file_diffs(body).get(path)
        if not hunks:
            continue
        changed = []
        for line, removed, added in hunks:
            if len(removed) != len(added):
                changed = None
                break
            changed += [(line + k if line else None, removed[k], added[k]) for k in range(len(added))]
        if not changed or len(changed) > 2:
            continue
        kinds = [kind_of(r, a) for _, r, a in changed]
        if not all(kinds):
            continue
        buggy = git(gitdir, 'show', f'{parent}:{path}')
        fixed = git(gitdir, 'show', f'{commit}:{path}')
        if not buggy or not fixed:
            continue
        for (line, removed, added), kind in zip(changed, kinds):
            out.write(json.dumps({'repo': gitdir, 'commit': commit, 'path': path, 'line': line, 'kind': kind, 'old': removed.strip(),
                                  'new': added.strip(), 'buggy': buggy, 'fixed': fixed}) + '\n')
            out.flush()
            found += 1
    return found


def merge(out_path, in_paths):
    seen, kept, dropped = set(), 0, 0
    with open(out_path, 'w') as out:
        for path in in_paths:
            for line in open(path):
                try:
                    r = json.loads(line)
                except ValueError:  # a file still being written
                    continue
                keys = [(r['commit'], r['line']), (r['repo'], r['path'], r['old'], r['new'])]
                if any(k in seen for k in keys):
                    continue
                seen.update(keys)
                if kind_of(r['old'], r['new']) != r['kind']:
                    dropped += 1
                    continue
                out.write(json.dumps(r) + '\n')
                kept += 1
    print(f'{kept} records, {dropped} no longer qualify', file=sys.stderr)


if __name__ == '__main__' and sys.argv[1] == '--merge':
    merge(sys.argv[2], [a for a in sys.argv[3:] if a != '--names'])
elif __name__ == '__main__':
    argv = [a for a in sys.argv if a != '--names']
    with open(argv[1], 'w') as out:
        for spec in argv[2:]:
            gitdir, _, rest = spec.partition(':')
            n, _, skip = rest.partition(':')
            print(gitdir, mine(gitdir, int(n or 100000), out, int(skip or 0)), file=sys.stderr, flush=True)
