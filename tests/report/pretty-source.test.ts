/**
 * The pretty reporter's code frames show the source as grading read it: the same decoding and no
 * byte-order mark, so the frame's line holds exactly the graded text and the carets sit under the
 * finding's columns. Real CLI, real files with a UTF-8 BOM.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const trees: { remove: () => void }[] = [];
afterAll(() => trees.forEach((t) => t.remove()));

/** The frame's source line for `line` and the caret line under it, as printed. */
function frameAt(stdout: string, line: number): { source: string; carets: string } {
  const lines = stdout.split('\n');
  const i = lines.findIndex((l) => new RegExp(`^\\s*> ${line} \\| `).test(l));
  expect(i, stdout).toBeGreaterThanOrEqual(0);
  const source = lines[i]!.replace(/^\s*> \d+ \| /, '');
  const gutter = lines[i]!.indexOf('| ') + 2;
  return { source, carets: lines[i + 1]!.slice(gutter) };
}

describe('pretty code frames read the source as grading does', () => {
  it('a JS file with a BOM: no BOM in the frame, carets exactly under the finding (1:5-1:11)', () => {
    const t = tempTree({ 'app.js': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('if (a == b) { x(); }\n')]) });
    trees.push(t);
    const r = toasty(['grade', '.', '--no-neural', '--select', 'loose-equality'], t.dir);
    expect(r.stdout).toContain('1:5');
    expect(r.stdout).not.toContain('\uFEFF');
    const { source, carets } = frameAt(r.stdout, 1);
    expect(source).toBe('if (a == b) { x(); }');
    expect(carets).toBe('    ^^^^^^');
    expect(source.slice(carets.indexOf('^'), carets.length)).toBe('a == b');
  });

  it('a Python file with a BOM and an encoding declaration: the frame matches the graded text', () => {
    const body = '# -*- coding: utf-8 -*-\ndef f(x):\n    return x == None\n';
    const t = tempTree({ 'app.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]) });
    trees.push(t);
    const r = toasty(['grade', '.', '--no-neural', '--select', 'none-comparison'], t.dir);
    expect(r.stdout).not.toContain('\uFEFF');
    const { source, carets } = frameAt(r.stdout, 3);
    expect(source).toBe('    return x == None');
    expect(source.slice(carets.indexOf('^'), carets.length)).toBe('x == None');
  });
});
