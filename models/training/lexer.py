"""Code pre-tokenizer shared by training (this file) and the shipped tool (src/neural/lexer.ts).

The two implementations must produce the same pre-token texts for the same input: the TS side is
checked against ids produced here (tests/neural/fixtures/tokenizer-parity.json). Keep them in step.

A file becomes a sequence of pre-tokens (text, kind, start, end):
  id   identifiers and keywords             [A-Za-z_$][A-Za-z0-9_$]*
  num  numeric literals
  op   operators and punctuation (longest match from the language's list, else one ASCII char)
  str  string literals, as: opening delimiter, up to MAX_STR_WORDS content words, `<str>` when
       words were dropped, closing delimiter (all spanning the whole literal)
  nl / ind / ded   `<nl>` at the end of a line holding tokens, `<indent>` / `<dedent>` when the
       indentation of a line changes (Python-style stack); for Python only outside brackets
  u    `<u>` for a run of non-ASCII characters
Comments are dropped. Every text is printable ASCII without spaces (or a special symbol), capped at
MAX_TOKEN_CHARS characters, so every character is in the vocabulary and there is no <unk>.
"""
import re

MAX_STR_WORDS = 4
MAX_TOKEN_CHARS = 48
SPECIALS = ['<nl>', '<indent>', '<dedent>', '<str>', '<u>']

PY_OPS = ['**=', '//=', '>>=', '<<=', '...', '->', ':=', '==', '!=', '<=', '>=', '**', '//', '<<', '>>',
          '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=']
JS_OPS = ['>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=', '=>', '==', '!=',
          '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=',
          '**', '<<', '>>']

NUM = r'0[xXoObB][0-9a-fA-F_]+n?|(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9][0-9_]*)?[jJnlL]?'
IDENT = r'[A-Za-z_$][A-Za-z0-9_$]*'
PY_STR = (r"(?:[rRbBuUfF]{1,2})?(?:'''(?:[^\\]|\\[\s\S])*?(?:'''|(?![\s\S]))"
          r'|"""(?:[^\\]|\\[\s\S])*?(?:"""|(?![\s\S]))'
          r"|'(?:[^'\\\n]|\\[\s\S])*'?"
          r'|"(?:[^"\\\n]|\\[\s\S])*"?)')
JS_STR = (r"'(?:[^'\\\n]|\\[\s\S])*'?"
          r'|"(?:[^"\\\n]|\\[\s\S])*"?'
          r'|`(?:[^`\\]|\\[\s\S])*`?')
PY_COMMENT = r'#[^\n]*'
JS_COMMENT = r'//[^\n]*|/\*[\s\S]*?(?:\*/|(?![\s\S]))'
SKIP = r'[ \t\f\v\r\n\x00-\x08\x0e-\x1f\x7f]+|\\\n'


def _ops_re(ops):
    return '|'.join(re.escape(o) for o in sorted(ops, key=lambda o: -len(o)))


def _master(lang):
    if lang == 'python':
        parts = [('skip', SKIP), ('comment', PY_COMMENT), ('str', PY_STR), ('num', NUM), ('id', IDENT),
                 ('op', _ops_re(PY_OPS) + r'|[!-~]'), ('u', r'[^\x00-\x7f]+')]
    else:
        parts = [('skip', SKIP), ('comment', JS_COMMENT), ('str', JS_STR), ('num', NUM), ('id', IDENT),
                 ('op', _ops_re(JS_OPS) + r'|[!-~]'), ('u', r'[^\x00-\x7f]+')]
    return re.compile('|'.join(f'(?P<{k}>{v})' for k, v in parts))


MASTER = {'python': _master('python'), 'javascript': _master('javascript')}
STR_WORD = re.compile(r'[A-Za-z0-9_]+|[^\x00-\x7f]+|[!-~]')
# Python: no <nl>/<indent>/<dedent> inside brackets (implicit line joining). JavaScript: none tracked, so a
# whole file wrapped in `(function () { ... })()` still gets its line structure.
OPEN_BRACKETS = {'python': '([{', 'javascript': ''}
CLOSE_BRACKETS = {'python': ')]}', 'javascript': ''}


def _indent_width(text, line_start):
    w = 0
    i = line_start
    while i < len(text):
        c = text[i]
        if c == ' ':
            w += 1
        elif c == '\t':
            w = (w // 8 + 1) * 8
        elif c in '\f\v\r':
            w += 1
        else:
            break
        i += 1
    return w


def _string_parts(s, lang):
    """Opening delimiter, content and closing delimiter ('' when unterminated) of a string literal."""
    i = 0
    if lang == 'python':
        while s[i] not in '\'"':
            i += 1
    q = s[i:i + 3] if lang == 'python' and s[i:i + 3] in ("'''", '"""') else s[i]
    body = i + len(q)
    j = body
    while j < len(s):
        if s[j] == '\\':
            j += 2
        elif s.startswith(q, j):
            return s[:body], s[body:j], q
        else:
            j += 1
    return s[:body], s[body:], ''


def cap(t):
    return t[:MAX_TOKEN_CHARS]


def lex(text, lang):
    """Pre-tokens of `text` as a list of (text, kind, start, end); lang is 'python' or 'javascript'."""
    lang = 'python' if lang == 'python' else 'javascript'
    master = MASTER[lang]
    opens, closes = OPEN_BRACKETS[lang], CLOSE_BRACKETS[lang]
    out = []
    depth = 0
    stack = [0]
    line_has_tokens = False
    at_line_start = True
    pos = 0
    n = len(text)
    while pos < n:
        m = master.match(text, pos)
        kind = m.lastgroup
        start, end = m.start(), m.end()
        s = m.group()
        pos = end
        if kind == 'skip' or kind == 'comment':
            if '\n' in s and s != '\\\n':
                if line_has_tokens and depth == 0:
                    out.append(('<nl>', 'nl', start, start))
                line_has_tokens = False
                at_line_start = True
            continue
        if at_line_start and depth == 0:
            ls = text.rfind('\n', 0, start) + 1
            w = _indent_width(text, ls)
            while stack[-1] > w:
                stack.pop()
                out.append(('<dedent>', 'ded', start, start))
            if w > stack[-1]:
                stack.append(w)
                out.append(('<indent>', 'ind', start, start))
        at_line_start = False
        line_has_tokens = True
        if kind == 'str':
            open_, content, close = _string_parts(s, lang)
            out.append((cap(open_), 'str', start, end))
            words = STR_WORD.findall(content)
            for w in words[:MAX_STR_WORDS]:
                out.append(('<u>' if w[0] > '\x7f' else cap(w), 'str', start, end))
            if len(words) > MAX_STR_WORDS:
                out.append(('<str>', 'str', start, end))
            if close:
                out.append((close, 'str', start, end))
        elif kind == 'u':
            out.append(('<u>', 'u', start, end))
        else:
            out.append((cap(s), kind, start, end))
            if kind == 'op':
                if s in opens:
                    depth += 1
                elif s in closes and depth > 0:
                    depth -= 1
    return out


def language_of(path):
    return 'python' if path.endswith('.py') else 'javascript'
