import { describe, expect, it } from 'vitest';
import { isTestPath } from '../../src/rules/shared/paths.js';

describe('isTestPath (the one test-path predicate of the rules)', () => {
  it('knows test files by name', () => {
    for (const p of ['pkg/test_x.py', 'pkg/x_test.py', 'pkg/x_tests.py', 'conftest.py', 'src/a.test.ts', 'src/a.spec.mjs', 'a.test.jsx'])
      expect(isTestPath(p), p).toBe(true);
  });
  it('knows test folders among the two nearest, so where the project lives does not matter', () => {
    expect(isTestPath('tests/x.py')).toBe(true);
    expect(isTestPath('test/support/x.py')).toBe(true);
    expect(isTestPath('src/__tests__/a.ts')).toBe(true);
    expect(isTestPath('api_tests/a.py')).toBe(true);
    expect(isTestPath('/home/u/tests/proj/src/app/x.py')).toBe(false);
    expect(isTestPath('src/app/contest.py')).toBe(false);
    expect(isTestPath('src/latest/x.ts')).toBe(false);
  });
  it('with samples, fixtures, mocks and examples count too, at any depth', () => {
    for (const p of ['fixtures/a.py', 'examples/demo/a.ts', 'src/__mocks__/a.js', 'testdata/x/y/z.py', 'tests/a/b/c/d.py'])
      expect(isTestPath(p, { samples: true }), p).toBe(true);
    expect(isTestPath('fixtures/a.py')).toBe(false);
    expect(isTestPath('src/app/main.py', { samples: true })).toBe(false);
  });
});
