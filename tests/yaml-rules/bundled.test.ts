import { describe, expect, it } from 'vitest';
import { testRuleFiles } from '../../src/cli/commands/rules-test.js';
import { BUNDLED_RULES_DIR } from '../../src/yaml-rules/index.js';
import { ruleFilesIn } from '../../src/yaml-rules/load.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { snapshotData } from '../../src/yaml-rules/snapshot.js';
import { RuleFileSource } from '../../src/yaml-rules/source.js';
import { validateRuleFile } from '../../src/yaml-rules/validate.js';

describe('bundled YAML packs', () => {
  it('every file validates against schemas/rule.schema.json (grading skips the check for them)', () => {
    const files = ruleFilesIn(BUNDLED_RULES_DIR);
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const path of files) {
      const source = new RuleFileSource(path, path);
      expect(source.read() && validateRuleFile(source), `${path}: ${source.formatted().join('; ')}`).toBe(true);
    }
  });

  it('the build snapshot (dist/rules-snapshot.json) holds every bundled file exactly as YAML parses it, and only while unchanged', () => {
    for (const path of ruleFilesIn(BUNDLED_RULES_DIR)) {
      const text = readFileSync(path, 'utf8');
      expect(snapshotData(path, text), path).toEqual(parse(text));
      expect(snapshotData(path, `${text}\n# edited after the build\n`), path).toBeUndefined();
    }
  });

  it('every rule passes its fixture', async () => {
    const results = await testRuleFiles(BUNDLED_RULES_DIR);
    const failures = results.filter((r) => !r.passed).map((r) => `${r.ruleId}:\n  ${r.problems.join('\n  ')}`);
    expect(failures).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(30);
  });
});
