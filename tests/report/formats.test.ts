import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import { XMLParser } from 'fast-xml-parser';

// ajv-draft-04 is CommonJS with a default export: take the class from either shape.
const Ajv04 = ((Ajv04Module as unknown as { default?: typeof Ajv04Module }).default ?? Ajv04Module) as unknown as new (o: object) => {
  compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown[] | null };
};
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import { summarize } from '../../src/engine/catalogue.js';
import { gradeProject } from '../../src/engine/run.js';
import { BUILTIN_RULES } from '../../src/rules/index.js';
import type { RunResult } from '../../src/model/results.js';
import { reporterFor } from '../../src/report/index.js';
import type { ReportOptions } from '../../src/report/types.js';
import { tempTree } from '../helpers/tmp.js';

const PY = `def handler(request, user, session, db, cache, logger):  # toasty: ignore[too-many-params] -- framework signature
    return request


def route(kind, payload, a, b, c, d):
    if kind == "a" and payload:
        return 1
    return 2
`;

let project: { dir: string; remove: () => void };
let result: RunResult;
let options: ReportOptions;

beforeAll(async () => {
  project = tempTree({
    'app/route.py': PY,
    'app/<weird> & "name".ts': 'export function f(a: number, b: number, c: number, d: number, e: number, g: number) { return a; }\n',
    'app/bad.ts': 'const = ;\n',
  });
  // Complexity rules only, no model: the counts below are about the reporters, not the catalogue.
  const config = resolveConfig(null, { dimensions: ['complexity'], neural: { enabled: false } }, project.dir);
  ({ result } = await gradeProject({ paths: ['.'], cwd: project.dir, config, jobs: 1, user: 'tester' }));
  options = { color: false, tty: false, verbose: false, quiet: false, cwd: project.dir, rules: summarize(BUILTIN_RULES) };
});
afterAll(() => project.remove());

describe('sarif', () => {
  it('validates against the official SARIF 2.1.0 schema and carries fingerprints and suppressions', () => {
    const sarif = JSON.parse(reporterFor('sarif')(result, options));
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'vendor', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = sarif.runs[0];
    const results = run.results as {
      ruleId: string;
      partialFingerprints: Record<string, string>;
      suppressions?: { kind: string; justification?: string }[];
      locations: { physicalLocation: { region: { startLine: number } } }[];
    }[];
    const suppressed = results.find((r) => r.suppressions);
    expect(suppressed?.ruleId).toBe('too-many-params');
    expect(suppressed?.suppressions?.[0]).toEqual({ kind: 'inSource', justification: 'framework signature' });
    const route = results.find(
      (r) => r.ruleId === 'too-many-params' && !r.suppressions && r.locations[0]!.physicalLocation.region.startLine === 5,
    );
    expect(route?.partialFingerprints['toasty/v1']).toMatch(/^[0-9a-f]{40}$/);
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toContain('parse-error');
  });
});

describe('junit', () => {
  type Case = { name: string; failure?: { type: string }; skipped?: { message: string }; 'system-out'?: string };
  type Suite = { name: string; failures: string; testcase: Case | Case[] };
  const parse = (r: RunResult) => {
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(reporterFor('junit')(r, options));
    const suites = [parsed.testsuites.testsuite].flat() as Suite[];
    expect(Number(parsed.testsuites.failures)).toBe(suites.reduce((a, s) => a + Number(s.failures), 0));
    return {
      total: Number(parsed.testsuites.failures),
      suites,
      cases: (name: string) => [suites.find((s) => s.name === name)!.testcase].flat(),
    };
  };
  const withThresholds = (t: Partial<RunResult['thresholds']>): RunResult => ({ ...result, thresholds: { ...result.thresholds, ...t } });

  it('a passing run has no failed testcase: findings below --fail-on are passing testcases with their text in system-out', () => {
    expect(result.thresholds.failOn).toBeNull();
    const { total, suites, cases } = parse(result);
    expect(suites.map((s) => s.name).sort()).toEqual(['app/<weird> & "name".ts', 'app/bad.ts', 'app/route.py']);
    expect(total).toBe(0);
    const [route] = cases('app/route.py');
    expect(route!.name).toMatch(/^grade \(score [\d.]+\)$/);
    expect(route!['system-out']).toContain('app/route.py:5:');
    expect(route!['system-out']).toContain('too-many-params');
    expect(route!['system-out']).not.toContain('app/route.py:1:'); // suppressed: not listed
    const [bad] = cases('app/bad.ts');
    expect(bad!.skipped!.message).toMatch(/^not graded: /);
  });

  it('with --fail-on, exactly the findings that fail the gate are failed testcases; with --baseline only new ones', () => {
    const { total, cases } = parse(withThresholds({ failOn: 'warning' }));
    const failed = (name: string) =>
      cases(name)
        .filter((c) => c.failure)
        .map((c) => c.failure!.type);
    expect(failed('app/route.py')).toEqual(['too-many-params']); // the suppressed one is not a failure
    expect(failed('app/bad.ts')).toEqual(['parse-error']);
    const gating = result.files.flatMap((f) => f.findings).filter((f) => !f.suppressed && f.severity !== 'info');
    expect(total).toBe(gating.length);
    const existing = {
      ...withThresholds({ failOn: 'warning' }),
      files: result.files.map((f) => ({ ...f, findings: f.findings.map((x) => ({ ...x, baseline: 'existing' as const })) })),
    };
    expect(parse(existing).total).toBe(0);
  });

  it('--min-score is a testcase of its own that fails as the gate does', () => {
    const fail = parse({ ...withThresholds({ minScore: 101 }), failures: ['project score 80 is below --min-score 101'] });
    expect(fail.total).toBe(1);
    expect(fail.cases('toasty gate')[0]!.failure!.type).toBe('min-score');
    const pass = parse(withThresholds({ minScore: 0 }));
    expect(pass.total).toBe(0);
    expect(pass.cases('toasty gate')[0]!.name).toContain('--min-score 0');
  });
});

describe('github', () => {
  it('emits one escaped workflow command per counted finding plus a verdict notice', () => {
    const out = reporterFor('github')(result, options).trim().split('\n');
    const warning = out.find((l) => l.startsWith('::warning file=app/route.py,line=5,'));
    expect(warning).toMatch(
      /^::warning file=app\/route\.py,line=5,col=\d+,endLine=5,endColumn=\d+,title=toasty too-many-params \(complexity\)::`route` takes 6 parameters/,
    );
    expect(warning).toContain('%0A'); // message and suggestion on two lines, escaped
    expect(out.some((l) => l.startsWith('::error file=app/bad.ts,line=1,'))).toBe(true);
    expect(out.some((l) => l.includes('file=app/<weird> & "name".ts'))).toBe(true);
    expect(out.at(-1)).toMatch(/^::notice title=toasty::score [\d.]+ \([A-F]\); passed$/);
  });
});

describe('markdown and codeclimate', () => {
  it('markdown has the score, the dimension table and the top findings', () => {
    const md = reporterFor('markdown')({ ...result }, { ...options, baselineScore: 90 });
    expect(md).toMatch(/^## ✅ toasty: \*\*[\d.]+\*\* \([A-F]\) \([+-][\d.]+ vs baseline 90\.0\)/);
    expect(md).toContain('| complexity | readability |');
    expect(md).toMatch(/\| `app\/route\.py` \| 5 \| `too-many-params` \|/);
  });

  it('codeclimate lists counted findings with GitLab fields', () => {
    const issues = JSON.parse(reporterFor('codeclimate')(result, options)) as {
      check_name: string;
      severity: string;
      location: { path: string };
      fingerprint: string;
      categories: string[];
    }[];
    expect(
      issues.some(
        (i) =>
          i.check_name === 'too-many-params' &&
          i.location.path === 'app/route.py' &&
          i.severity === 'major' &&
          i.categories[0] === 'Complexity',
      ),
    ).toBe(true);
    expect(issues.filter((i) => i.check_name === 'too-many-params' && i.location.path === 'app/route.py')).toHaveLength(1);
  });
});

describe('baseline', () => {
  it('after edits that shift lines, reorder functions and add one problem, exactly that problem is new', async () => {
    const { baselineFrom, applyBaseline } = await import('../../src/engine/baseline.js');
    const t = tempTree({
      'm.py': 'def a(p1, p2, p3, p4, p5, p6):\n    return p1\n\n\ndef b(q1, q2, q3, q4, q5, q6):\n    return q1\n',
    });
    try {
      const config = resolveConfig(null, { dimensions: ['complexity'], neural: { enabled: false } }, t.dir);
      const { result: before } = await gradeProject({ paths: ['.'], cwd: t.dir, config, jobs: 1 });
      const baseline = baselineFrom(before);
      expect(baseline.findings).toHaveLength(2);
      writeFileSync(
        join(t.dir, 'm.py'),
        '"""Module."""\nimport os\n\n\ndef b(q1, q2, q3, q4, q5, q6):\n    return q1\n\n\ndef renamed_helper():\n    return os.sep\n\n\ndef a(p1, p2, p3, p4, p5, p6):\n    return p1\n\n\ndef c(r1, r2, r3, r4, r5, r6):\n    return r1\n',
      );
      const { result: after } = await gradeProject({ paths: ['.'], cwd: t.dir, config, jobs: 1 });
      applyBaseline(after, baseline);
      const fresh = after.files.flatMap((f) => f.findings).filter((f) => f.baseline === 'new');
      expect(fresh.map((f) => [f.ruleId, f.line])).toEqual([['too-many-params', 17]]);
      expect(after.baselineFixed).toEqual([]);
    } finally {
      t.remove();
    }
  });
});
