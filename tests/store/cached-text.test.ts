import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { baselineFrom } from '../../src/engine/baseline.js';
import { childId } from '../../src/engine/ids.js';
import { gradeProject, type RunOptions } from '../../src/engine/run.js';
import { fileText, knownFileText, replaceIds } from '../../src/model/file-text.js';
import type { FileResult, GradeOutcome, RunResult } from '../../src/model/results.js';
import { jsonPieces } from '../../src/report/json.js';
import { outcomeText, parseOutcome } from '../../src/store/cache.js';
import { RunHistory } from '../../src/store/history.js';
import { tempTree } from '../helpers/tmp.js';

// The cache keeps each result in the text the JSON report gives it, and a cached re-run writes that
// text with its own ids put in (issue 19). These tests hold the report to JSON.stringify's text on
// real runs served from a real SQLite cache, and check that ids land only where they belong.

const reportText = (result: RunResult) => `${JSON.stringify(result, null, 2)}\n`;
const joined = (result: RunResult) => [...jsonPieces(result)].join('');
/** The findings' `baseline` marks of a report. */
const marks = (result: RunResult) => result.files.flatMap((f) => f.findings.map((x) => x.baseline ?? null));
const unmarked = (result: RunResult) => marks(result).every((m) => m === null);

describe('results served from the cache are written in their stored text', () => {
  let project: ReturnType<typeof tempTree>;
  let home: string;
  let config: ResolvedConfig;
  const run = async (extra: Partial<RunOptions> = {}): Promise<RunResult> => {
    const history = RunHistory.open(join(home, 'toasty.db'), (m) => {
      throw new Error(m);
    })!;
    try {
      const graded = await gradeProject({ paths: ['.'], cwd: project.dir, config, jobs: 1, user: 'tester', history, ...extra });
      history.record(graded.record);
      return graded.result;
    } finally {
      history.close();
    }
  };
  beforeAll(() => {
    project = tempTree({
      'app/route.py':
        'import os\n\nDEBUG = True\n\n\ndef handler(a, b, c, d, e, f, g):\n    """Doc with "id": "0123456789ab" in it."""\n    if a and b or c:\n        print("héllo — \\u2028 ✓ \\"id\\": 1")\n    return eval(a)\n',
      'app/empty.py': '',
      'app/clean.py': 'def add(a, b):\n    return a + b\n',
      'web/x.ts': 'export function f(a: number) { if (a) { return a == 1; } return 0; }\nexport const id = "0123456789ab";\n',
    });
    home = mkdtempSync(join(tmpdir(), 'toasty-cached-text-'));
    config = resolveConfig(null, { neural: { enabled: false } }, project.dir);
  });
  afterAll(() => {
    project.remove();
    rmSync(home, { recursive: true, force: true });
  });

  it('a cold run and a cached re-run write exactly the report text, the re-run with its own ids', async () => {
    const cold = await run();
    expect(cold.files.some((f) => f.findings.length > 1)).toBe(true);
    // Stored in this run: the text is known for every graded result and is what the report writes.
    for (const f of cold.files) expect(knownFileText(f)?.join('')).toBe(fileText(f));
    expect(joined(cold)).toBe(reportText(cold));

    const cached = await run();
    expect(cached.run.id).not.toBe(cold.run.id);
    for (const f of cached.files) {
      expect(knownFileText(f), f.path).toBeDefined(); // served from the cache, in its stored text
      expect(f.id).toBe(childId(cached.run.id, f.path));
      for (const x of f.findings) expect(x.id).toBe(childId(f.id, x.fingerprint));
    }
    expect(joined(cached)).toBe(reportText(cached));
    // The same report but for the ids and the run's own data.
    const strip = (r: RunResult) => r.files.map((f) => ({ ...f, id: '', findings: f.findings.map((x) => ({ ...x, id: '' })) }));
    expect(strip(cached)).toEqual(strip(cold));
  });

  it('--baseline marks new objects: the report is exact, and a later run without it has no marks (the cache kept none)', async () => {
    const first = await run();
    const baseline = baselineFrom(first);
    baseline.findings = baseline.findings.slice(1); // one finding is new against it
    const withBaseline = await run({ baseline });
    expect(marks(withBaseline)).toContain('new');
    expect(marks(withBaseline)).toContain('existing');
    expect(joined(withBaseline)).toBe(reportText(withBaseline));
    const after = await run();
    expect(unmarked(after)).toBe(true);
    expect(joined(after)).toBe(reportText(after));
    // Graded afresh with the baseline (and stored): the cache still keeps no mark.
    expect(marks(await run({ baseline, cache: false }))).toContain('new');
    const again = await run();
    expect(unmarked(again)).toBe(true);
  });

  it('--changed-lines and a learned profile make new results, written exactly', async () => {
    const route = join(project.dir, 'app', 'route.py');
    const changed = await run({ changedLines: new Map([[route, new Set([10])]]) });
    const file = changed.files.find((f) => f.path.endsWith('route.py'))!;
    expect(file.findings.length).toBeGreaterThan(0);
    expect(file.findings.every((x) => x.line <= 10 && x.endLine >= 10)).toBe(true);
    expect(joined(changed)).toBe(reportText(changed));
    const profile = {
      version: 1 as const,
      feedbackCount: 3,
      rules: [],
      thresholds: [],
      weights: [{ dimension: 'complexity' as const, factor: 1.5, helpful: 3, notHelpful: 0, reason: 'test' }],
      dimensions: [],
    };
    const learned = await run({ learning: { mode: 'profile', profile } });
    expect(joined(learned)).toBe(reportText(learned));
  });
});

describe('a result text with new ids', () => {
  const finding = (id: string, fingerprint: string) => ({
    ruleId: 'r',
    message: `"id": "${id}"`,
    metric: { name: 'm', value: 1, id },
    id,
    fingerprint,
  });
  const result = {
    path: 'a.py',
    id: 'aaaaaaaaaaaa',
    note: { id: 'aaaaaaaaaaaa' },
    findings: [finding('bbbbbbbbbbbb', 'f1'), finding('bbbbbbbbbbbb', 'f2'), finding('cccccccccccc', 'f3')],
  } as unknown as FileResult;

  it('replaces the result id and each finding id in turn, and nothing that only looks like one', () => {
    const text = fileText(result);
    const ids: [string, string][] = [
      ['aaaaaaaaaaaa', '111111111111'],
      ['bbbbbbbbbbbb', '222222222222'],
      ['bbbbbbbbbbbb', '333333333333'],
      ['cccccccccccc', '444444444444'],
    ];
    const rebound = {
      ...result,
      id: '111111111111',
      findings: result.findings.map((f, i) => ({ ...f, id: ids[i + 1]![1] })),
    };
    expect(replaceIds([text], ids)!.join('')).toBe(fileText(rebound));
    // Given in parts, the same.
    expect(replaceIds([text.slice(0, 50), text.slice(50)], ids)!.join('')).toBe(fileText(rebound));
  });

  it('gives up where an id is not where it must be', () => {
    const text = fileText(result);
    expect(replaceIds([text], [['zzzzzzzzzzzz', '1']])).toBeUndefined();
    expect(
      replaceIds(
        [text],
        [
          ['aaaaaaaaaaaa', '1'],
          ['cccccccccccc', '2'],
          ['bbbbbbbbbbbb', '3'],
        ],
      ),
    ).toBeUndefined();
    expect(replaceIds([JSON.stringify(result)], [['aaaaaaaaaaaa', '1']])).toBeUndefined(); // compact text
  });
});

describe('an outcome as the cache stores it', () => {
  const outcome: GradeOutcome = {
    result: { path: 'a.py', id: 'aaaaaaaaaaaa', findings: [{ id: 'bbbbbbbbbbbb', message: '"result": {\n' }] } as unknown as FileResult,
    dimensionsRan: ['complexity'],
    warnings: ['"result": x'],
  };

  it('parses to the outcome, with the result text known', () => {
    const text = outcomeText(outcome);
    const parsed = parseOutcome(text);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(outcome)));
    expect(knownFileText(parsed.result)?.join('')).toBe(fileText(parsed.result));
    const bare = parseOutcome(outcomeText({ result: outcome.result, dimensionsRan: [] }));
    expect(knownFileText(bare.result)?.join('')).toBe(fileText(outcome.result));
  });

  it('reads an entry stored compactly by an earlier build, without a text', () => {
    const parsed = parseOutcome(JSON.stringify(outcome));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(outcome)));
    expect(knownFileText(parsed.result)).toBeUndefined();
  });
});
