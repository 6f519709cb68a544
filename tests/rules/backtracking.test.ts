import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import { gradeProject } from '../../src/engine/run.js';
import { tempTree } from '../helpers/tmp.js';

// Regression: two rules used /(["'])(?:\\.|(?!\1).)*\1/, which backtracks exponentially on a line
// with many backslashes and no closing quote (a minified bundle took minutes). With the fix the
// whole catalogue grades such files at once; before it, this test hung (a synchronous regex that
// vitest cannot interrupt, so the run never finishes).
describe('rule regexes on hostile lines', () => {
  it('a line of backslashes without a closing quote does not stall any rule', async () => {
    // A statement line that starts with a quote, holds many `\\\\uXXXX` escapes (as in a bundled
    // regex source), closes the string and goes on: the old pattern tried every way of pairing the backslashes.
    const line = `"${'\\\\uD83F[\\\\uDFFE\\\\uDFFF]|'.repeat(20)}" + b;`;
    const t = tempTree({
      'a.js': `export function f(a, b) {\n  ${line}\n  if (${line.slice(0, -1)} === a && b) return a;\n  return a;\n}\n`,
    });
    try {
      const config = resolveConfig(null, { neural: { enabled: false } }, t.dir);
      const { result } = await gradeProject({ paths: ['.'], cwd: t.dir, config, jobs: 1 });
      expect(result.files.map((f) => [f.path, f.status])).toEqual([['a.js', 'graded']]);
    } finally {
      t.remove();
    }
  }, 30_000);
});
