/** Where a file sits: test code (and, for the rules that ask, fixtures, mocks and examples). */

/** Test files by name: `test_x.py`, `x_test.py`, `conftest.py`, `x.test.ts`, `x.spec.mjs`. */
const TEST_FILE = /^(test_.*|.*_tests?|conftest)\.py$|\.(test|spec)\.[cm]?[jt]sx?$/i;
/** Folders that hold tests. */
const TEST_DIR = /^(tests?|__tests__|__mocks__|specs?|testing|\w+_tests?)$/i;
/** Folders that hold sample data rather than product code: fixtures, mocks, examples. */
const SAMPLE_DIR = /^(fixtures?|mocks?|__mocks__|examples?|samples?|testdata|test_data)$/i;

/**
 * Test code, judged from the file name and its two nearest folders (`test_x.py`, `x.spec.ts`,
 * `tests/x.py`, `test/support/x.py`), so that where a project itself lives does not matter.
 * With `samples`, also anything under a fixtures/mocks/examples/samples/testdata folder or a test
 * folder at any depth: where hard-coded secrets, weak randomness and open file modes are expected.
 */
export function isTestPath(path: string, { samples = false }: { samples?: boolean } = {}): boolean {
  const parts = path.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? '';
  if (TEST_FILE.test(base)) return true;
  const dirs = samples ? parts.slice(0, -1) : parts.slice(-3, -1);
  return dirs.some((dir) => TEST_DIR.test(dir) || (samples && SAMPLE_DIR.test(dir)));
}
