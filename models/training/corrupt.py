"""Realistic token corruptions for replaced-token detection (training, evaluation and benchmarks).

A window of pre-tokens [(text, kind)] is corrupted at a few scorable positions (identifiers,
keywords, numbers, operators). Corruption types, drawn with TYPE_WEIGHTS:
  op     an operator / keyword / constant swapped within its confusion group (`<`↔`<=`↔`>`,
         `==`↔`!=`, `+`↔`-`, `and`↔`or`, `&&`↔`||`, `True`↔`False`, `break`↔`continue`, `min`↔`max`…)
  id     an identifier replaced by another identifier of the same window (same file and scope)
  num    an integer literal off by one
  swap   two adjacent call arguments swapped: f(a, b) -> f(b, a)
  random a scorable token replaced by another token of the window (any kind)
"""
import re

PY_KEYWORDS = set('''False None True and as assert async await break class continue def del elif else except
finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case'''.split())
JS_KEYWORDS = set('''break case catch class const continue debugger default delete do else export extends false
finally for function if import in instanceof new null return super switch this throw true try typeof var void
while with yield let static enum await implements package protected interface private public async of get set
undefined'''.split())

COMMON_GROUPS = [['<', '<=', '>', '>='], ['+', '-'], ['*', '/'], ['+=', '-='], ['*=', '/='], ['<<', '>>'],
                 ['&', '|'], ['|', '^'], ['min', 'max'], ['break', 'continue'], ['startswith', 'endswith'],
                 ['lower', 'upper'], ['keys', 'values', 'items'], ['floor', 'ceil'], ['first', 'last'],
                 ['left', 'right'], ['width', 'height'], ['start', 'end'], ['x', 'y'], ['row', 'col'],
                 ['push', 'unshift'], ['pop', 'shift'], ['before', 'after'], ['prev', 'next'],
                 ['min_', 'max_'], ['i', 'j'], ['src', 'dst'], ['key', 'value']]
PY_GROUPS = COMMON_GROUPS + [['==', '!='], ['is', '=='], ['and', 'or'], ['True', 'False'], ['/', '//'],
                             ['any', 'all'], ['append', 'extend'], ['if', 'elif'], ['%', '//']]
JS_GROUPS = COMMON_GROUPS + [['===', '!=='], ['==', '!='], ['&&', '||'], ['||', '??'], ['true', 'false'],
                             ['null', 'undefined'], ['++', '--'], ['let', 'const'], ['slice', 'splice'],
                             ['some', 'every'], ['indexOf', 'lastIndexOf'], ['%', '/']]


def _group_map(groups):
    out = {}
    for g in groups:
        for t in g:
            out.setdefault(t, set()).update(x for x in g if x != t)
    return {k: sorted(v) for k, v in out.items()}


GROUPS = {'python': _group_map(PY_GROUPS), 'javascript': _group_map(JS_GROUPS)}
KEYWORDS = {'python': PY_KEYWORDS, 'javascript': JS_KEYWORDS}
SCORABLE = ('id', 'num', 'op')
TYPE_WEIGHTS = [('id', 0.35), ('op', 0.30), ('num', 0.10), ('swap', 0.10), ('random', 0.15)]
INT = re.compile(r'^[0-9]{1,6}$')
ARG_OPEN = {'(', ','}
ARG_CLOSE = {')', ','}


def candidates(texts, kinds, lang):
    """Positions eligible for each corruption type."""
    groups, kw = GROUPS[lang], KEYWORDS[lang]
    c = {'id': [], 'op': [], 'num': [], 'swap': [], 'random': []}
    for i, (t, k) in enumerate(zip(texts, kinds)):
        if k not in SCORABLE:
            continue
        c['random'].append(i)
        if t in groups:
            c['op'].append(i)
        if k == 'id' and t not in kw:
            c['id'].append(i)
        elif k == 'num' and INT.match(t):
            c['num'].append(i)
        if (k in ('id', 'num') and i >= 1 and i + 3 < len(texts) and texts[i - 1] in ARG_OPEN
                and texts[i + 1] == ',' and kinds[i + 2] in ('id', 'num') and texts[i + 3] in ARG_CLOSE
                and texts[i + 2] != t and kinds[i - 1] == 'op'):
            c['swap'].append(i)
    return c


def corrupt(texts, kinds, lang, rng, rate):
    """Returns (new_texts, labels, originals, types): labels[i] is 1 where the token was changed."""
    texts = list(texts)
    n = len(texts)
    labels = [0] * n
    originals = list(texts)
    types = [''] * n
    c = candidates(texts, kinds, lang)
    n_scorable = len(c['random'])
    if n_scorable == 0:
        return texts, labels, originals, types
    k = max(1, round(rate * n_scorable))
    kw = KEYWORDS[lang]
    ids = sorted({texts[i] for i in c['id']})
    names, weights = zip(*TYPE_WEIGHTS)
    tries = 0
    done = 0
    while done < k and tries < 8 * k:
        tries += 1
        typ = rng.choices(names, weights)[0]
        pool = c[typ]
        if not pool:
            continue
        i = pool[rng.randrange(len(pool))]
        if labels[i] or (typ == 'swap' and labels[i + 2]):
            continue
        t = texts[i]
        if typ == 'op':
            new = rng.choice(GROUPS[lang][t])
        elif typ == 'id':
            choices = [x for x in ids if x != t and x not in kw]
            if not choices:
                continue
            new = rng.choice(choices)
        elif typ == 'num':
            v = int(t)
            new = str(v + 1) if v == 0 or rng.random() < 0.5 else str(v - 1)
        elif typ == 'swap':
            a, b = texts[i], texts[i + 2]
            texts[i], texts[i + 2] = b, a
            labels[i] = labels[i + 2] = 1
            types[i] = types[i + 2] = 'swap'
            done += 1
            continue
        else:
            j = c['random'][rng.randrange(n_scorable)]
            new = texts[j]
        if new == t:
            continue
        texts[i] = new
        labels[i] = 1
        types[i] = typ
        done += 1
    return texts, labels, originals, types
