import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import { gradeProject } from '../../src/engine/run.js';
import type { RunResult } from '../../src/model/results.js';
import { jsonPieces, jsonReporter } from '../../src/report/json.js';
import { writePieces, writeTextPiecesSync } from '../../src/util/write-text.js';
import { tempTree } from '../helpers/tmp.js';

const joined = (result: RunResult): string => [...jsonPieces(result)].join('');

describe('the JSON report in pieces', () => {
  let result: RunResult;
  const out = mkdtempSync(join(tmpdir(), 'toasty-json-pieces-'));
  beforeAll(async () => {
    const project = tempTree({
      'app/route.py': 'def handler(a, b, c, d, e, f, g):\n    if a and b or c:\n        print("héllo — \\u2028 ✓")\n    return eval(a)\n',
      'app/empty.py': '',
      'web/x.ts': 'export function f(a: number) { if (a) { return a == 1; } return 0; }\n',
    });
    const config = resolveConfig(null, { neural: { enabled: false } }, project.dir);
    ({ result } = await gradeProject({ paths: ['.'], cwd: project.dir, config, jobs: 1, user: 'tester' }));
    project.remove();
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('join to exactly the text of the report for a real grade', () => {
    expect(result.files.length).toBe(3);
    expect(result.files.some((f) => f.findings.length > 0)).toBe(true);
    expect(joined(result)).toBe(jsonReporter(result, {} as never));
  });

  it('join to JSON.stringify’s text at the edges: no files, skipped keys, odd strings, nested arrays', () => {
    const odd = {
      ...result,
      files: [],
      extra: undefined,
      fn: () => 1,
      text: 'a\ud800b \u{1F600} — é \u2028 "q" \\ \n',
      nested: { list: [[], {}, [1, { a: [null] }]], when: new Date(0) },
    } as unknown as RunResult;
    expect(joined(odd)).toBe(`${JSON.stringify(odd, null, 2)}\n`);
    const holes = { ...result, files: [result.files[0], undefined, result.files[1]] } as unknown as RunResult;
    expect(joined(holes)).toBe(`${JSON.stringify(holes, null, 2)}\n`);
    expect(joined({} as RunResult)).toBe('{}\n');
    expect(joined({ only: undefined } as unknown as RunResult)).toBe('{}\n');
  });

  it('are written as the same UTF-8 bytes, across chunk boundaries and with a piece over a megabyte', () => {
    const big = 'x'.repeat(400_000) + '—'.repeat(300_000);
    const pieces = ['{"a": ', JSON.stringify(big), ...Array.from({ length: 5000 }, (_, i) => `, "k${i}": "é${i}"`), '}\n'];
    const chunks: Buffer[] = [];
    writePieces(pieces, (bytes) => chunks.push(Buffer.from(bytes)));
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(Buffer.from(pieces.join('')))).toBe(true);
    const file = join(out, 'report.json');
    writeTextPiecesSync(file, jsonPieces(result));
    expect(readFileSync(file).equals(Buffer.from(jsonReporter(result, {} as never)))).toBe(true);
  });
});
