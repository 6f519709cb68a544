import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import { summarize } from '../../src/engine/catalogue.js';
import { gradeProject } from '../../src/engine/run.js';
import { BUILTIN_RULES } from '../../src/rules/index.js';
import type { RunResult } from '../../src/model/results.js';
import { reporterFor } from '../../src/report/index.js';
import type { ReportOptions } from '../../src/report/types.js';
import { tempTree } from '../helpers/tmp.js';

const Ajv04 = ((Ajv04Module as unknown as { default?: typeof Ajv04Module }).default ?? Ajv04Module) as unknown as new (o: object) => {
  compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown[] | null };
};

let project: { dir: string; remove: () => void };
let result: RunResult;
let options: ReportOptions;

beforeAll(async () => {
  project = tempTree({
    'app.py': 'import json\n\n\ndef f(x):\n    if x is 1:\n        return json.loads(json.dumps(x))\n    return x == None\n',
  });
  const config = resolveConfig(null, { neural: { enabled: false } }, project.dir);
  ({ result } = await gradeProject({ paths: ['.'], cwd: project.dir, config, jobs: 1, user: 'tester' }));
  options = { color: false, tty: false, verbose: false, quiet: false, cwd: project.dir, rules: summarize(BUILTIN_RULES) };
});
afterAll(() => project.remove());

describe('fixes in the reports', () => {
  it('SARIF results carry fixes (artifactChanges/replacements) and still validate against the official schema', () => {
    const sarif = JSON.parse(reporterFor('sarif')(result, options));
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'vendor', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const results = sarif.runs[0].results as { ruleId: string; fixes?: unknown[] }[];
    const isLiteral = results.find((r) => r.ruleId === 'is-literal-comparison');
    expect(isLiteral?.fixes).toEqual([
      {
        description: { text: 'Safe fix (`toasty fix`).' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'app.py', uriBaseId: 'SRCROOT' },
            replacements: [
              { deletedRegion: { startLine: 5, startColumn: 10, endLine: 5, endColumn: 12 }, insertedContent: { text: '==' } },
            ],
          },
        ],
        properties: { applicability: 'safe' },
      },
    ]);
    // Two edits in one fix: the import and the call.
    const clone = results.find((r) => r.ruleId === 'json-roundtrip-clone') as {
      fixes: { artifactChanges: { replacements: unknown[] }[] }[];
    };
    expect(clone.fixes[0]!.artifactChanges[0]!.replacements).toHaveLength(2);
  });

  it('JSON findings keep range/text and add applicability and edits', () => {
    const finding = result.files[0]!.findings.find((f) => f.ruleId === 'json-roundtrip-clone')!;
    expect(finding.fix).toEqual({
      applicability: 'unsafe',
      edits: [
        { line: 1, column: 1, endLine: 1, endColumn: 1, text: 'import copy\n' },
        { line: 6, column: 16, endLine: 6, endColumn: 41, text: 'copy.deepcopy(x)' },
      ],
      range: { line: 1, column: 1, endLine: 6, endColumn: 41 },
      text: 'import copy\nimport json\n\n\ndef f(x):\n    if x is 1:\n        return copy.deepcopy(x)',
    });
  });

  it('pretty marks fixable findings and counts them', () => {
    const text = reporterFor('pretty')(result, options);
    expect(text).toMatch(/is-literal-comparison .* \[\*\] fixable$/m);
    expect(text).toMatch(/none-comparison .* \[\*\] fixable with --unsafe$/m);
    expect(text).toContain('1 fixable with `toasty fix` (2 more with `toasty fix --unsafe`)');
  });
});
