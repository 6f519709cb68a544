import { describe, expect, it } from 'vitest';
import { testRuleFiles } from '../../src/cli/commands/rules-test.js';
import { BUNDLED_RULES_DIR } from '../../src/rules-yaml/index.js';

describe('bundled YAML packs', () => {
  it('every rule passes its fixture', async () => {
    const results = await testRuleFiles(BUNDLED_RULES_DIR);
    const failures = results.filter((r) => !r.passed).map((r) => `${r.ruleId}:\n  ${r.problems.join('\n  ')}`);
    expect(failures).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(30);
  });
});
