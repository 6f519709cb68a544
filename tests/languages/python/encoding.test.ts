import { describe, expect, it } from 'vitest';
import { declaredEncoding, decodePythonSource } from '../../../src/languages/python/encoding.js';
import { toasty } from '../../helpers/cli.js';
import { tempTree } from '../../helpers/tmp.js';
import type { RunResult } from '../../../src/model/results.js';

describe('PEP 263 encoding declarations', () => {
  it('finds the cookie on the first line, or on the second after a comment or blank line', () => {
    expect(declaredEncoding('# -*- coding: latin-1 -*-\nx = 1\n')).toBe('latin-1');
    expect(declaredEncoding('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n')).toBe('cp1252');
    expect(declaredEncoding('\n# coding=iso_8859_15\n')).toBe('iso-8859-15');
    // Not after code, not on the third line, and UTF-8 in any spelling is the default.
    expect(declaredEncoding('x = 1\n# coding: latin-1\n')).toBeNull();
    expect(declaredEncoding('# a\n# b\n# coding: latin-1\n')).toBeNull();
    expect(declaredEncoding('# -*- coding: UTF_8 -*-\n')).toBeNull();
    expect(declaredEncoding('# coding: utf-8-sig\n')).toBeNull();
  });

  it('decodes a declared single-byte encoding, and falls back to UTF-8 for an unknown one', () => {
    const latin1 = Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\ns = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]);
    expect(decodePythonSource(latin1)).toContain('s = "café"');
    expect(decodePythonSource(Buffer.from('# coding: no-such-codec\ns = "é"\n'))).toContain('s = "é"');
    expect(decodePythonSource(Buffer.from('s = "é"\n'))).toBe('s = "é"\n');
  });

  it('grades a Latin-1 file with its real names (built CLI)', () => {
    const source = Buffer.concat([
      Buffer.from('# -*- coding: latin-1 -*-\ndef caf'),
      Buffer.from([0xe9]),
      Buffer.from('(x):\n    if x:\n        return 1\n    return 2\n'),
    ]);
    const tree = tempTree({ 'old.py': source });
    const r = toasty(['grade', '.', '--format', 'json', '--no-neural', '--no-cache'], tree.dir);
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout) as RunResult;
    expect(run.files[0]!.status).toBe('graded');
    expect(run.files[0]!.functions.map((f) => [f.name, f.metrics.cyclomatic])).toEqual([['café', 2]]);
    tree.remove();
  });
});
