import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { DIMENSION_ALIASES, dimensionOf, originalFields } from '../../src/sync/server/aliases.js';
import { buildServer } from '../../src/sync/server/app.js';
import { createKey } from '../../src/sync/server/keys.js';
import { openServerDb, type Sql } from '../../src/sync/server/sql.js';

const DOC = readFileSync(join(import.meta.dirname, '../../docs/original-api.md'), 'utf8');

/** The fenced blocks of one language in the doc, in order. */
function blocks(lang: string): string[] {
  return [...DOC.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

/** A shell command line split into words: single quotes literal, double quotes with \" and \\, backslash-newline joins lines. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n') {
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      if (cur !== null) words.push(cur);
      cur = null;
      continue;
    }
    cur ??= '';
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      cur += text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      i++;
      while (text[i] !== '"') {
        if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++;
        cur += text[i++];
      }
    } else cur += c;
  }
  if (cur !== null) words.push(cur);
  return words;
}

interface Curl {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function parseCurl(command: string): Curl {
  const words = shellWords(command);
  expect(words[0]).toBe('curl');
  const out: Curl = { method: 'GET', url: '', headers: {}, body: undefined };
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-X') out.method = words[++i]!;
    else if (w === '-H') {
      const h = words[++i]!;
      const colon = h.indexOf(':');
      out.headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
    } else if (w === '-d' || w === '--data') {
      out.body = words[++i]!;
      if (out.method === 'GET') out.method = 'POST';
    } else if (!w.startsWith('-')) out.url = w;
    else throw new Error(`curl option not understood by the replay: ${w}`);
  }
  return out;
}

describe("the original platform's documented examples (docs/original-api.md)", () => {
  let sql: Sql;
  let app: FastifyInstance;
  let base: string;
  let token: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toasty-original-'));
    sql = await openServerDb({ file: join(dir, 'server.db') });
    app = await buildServer({
      sql,
      tiers: { free: 10, premium: 1000 },
      gradeWorkers: 1,
      config: { file: null, user: { neural: { enabled: false } }, cwd: process.cwd() },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    token = (
      await createKey(sql, {
        user: 'user123',
        role: 'user',
        scopes: ['grade:read', 'grade:write', 'feedback:write'],
        tier: 'premium',
        label: null,
      })
    ).key;
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Replays one documented curl call, with the doc's three placeholders filled in. */
  async function replay(block: string, gradingId?: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const curl = parseCurl(block.replaceAll('YOUR_TOKEN', token).replaceAll('grading_123', gradingId ?? 'grading_123'));
    expect(curl.url.startsWith('http://localhost:8000/')).toBe(true);
    const res = await fetch(curl.url.replace('http://localhost:8000', base), {
      method: curl.method,
      headers: curl.headers,
      body: curl.body,
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('replays the REST examples as written: grade with the original dimension names, then feedback on its grading_id', async () => {
    const [gradeCall, feedbackCall] = blocks('bash');
    expect(gradeCall).toContain('"dimensions": ["code_quality", "complexity", "readability"]');
    expect(feedbackCall).toContain('"dimension": "code_quality"');

    const graded = await replay(gradeCall!);
    expect(graded.status).toBe(200);
    const report = graded.json as unknown as RunResult & Record<string, unknown>;
    // toasty's own report is unchanged, and the original's fields sit beside it.
    expect(report.schemaVersion).toBe(1);
    expect(report.run.user).toBe('user123');
    expect(report.grading_id).toBe(report.run.id);
    expect(report.overall_score).toBe(report.score);
    expect(typeof report.overall_score).toBe('number');
    const feedback = report.feedback as { dimension: string; score: number; feedback: string }[];
    expect(feedback.map((f) => f.dimension)).toEqual(['code_quality', 'complexity', 'readability']);
    expect(feedback[0]!.score).toBe(report.dimensions.quality);
    expect(feedback[2]!.score).toBe(report.dimensions.readability);
    // The documented snippet is clean: full marks, said in words, and nothing to improve.
    expect(report.score).toBe(100);
    expect(feedback).toEqual([
      { dimension: 'code_quality', score: 100, feedback: 'No code quality issues found.' },
      { dimension: 'complexity', score: 100, feedback: 'No complexity issues found.' },
      { dimension: 'readability', score: 100, feedback: 'No readability issues found.' },
    ]);
    expect(report.improvement_suggestions).toEqual([]);

    const fed = await replay(feedbackCall!, report.grading_id as string);
    expect(fed.status).toBe(200);
    expect(fed.json).toMatchObject({ recorded: true, target: { kind: 'run', id: report.run.id } });
    // Stored under toasty's name for the dimension.
    const row = await sql.get<{ dimension: string; comment: string }>(
      'SELECT dimension, comment FROM srv_feedback WHERE user_name = ? AND target_key = ?',
      ['user123', report.run.id],
    );
    expect(row).toEqual({ dimension: 'quality', comment: 'Very helpful feedback!' });
  });

  it('without the aliases the documented calls were a 400; unknown names still are, naming the allowed values', async () => {
    const res = await fetch(`${base}/grade`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'x = 1\n', language: 'python', dimensions: ['code_qualty'] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/dimensions\/0 must be equal to one of the allowed values/);
    const fb = await fetch(`${base}/feedback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ grading_id: 'abcdef0', was_helpful: true, dimension: 'speediness' }),
    });
    expect(fb.status).toBe(400);
  });

  it('an alias and its dimension asked together are one dimension; performance grades speed', async () => {
    const res = await fetch(`${base}/grade`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        code: 'def f(xs):\n    s = ""\n    for x in xs:\n        s += str(x)\n    return s\n',
        language: 'python',
        dimensions: ['quality', 'code_quality', 'performance'],
      }),
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as RunResult & { feedback: { dimension: string; score: number; feedback: string }[] };
    expect(report.feedback.map((f) => f.dimension)).toEqual(['quality', 'performance']);
    expect(report.feedback[1]!.score).toBe(report.dimensions.speed);
    expect(report.files[0]!.findings.every((f) => f.dimension === 'quality' || f.dimension === 'speed')).toBe(true);
    // String concatenation in a loop costs speed points: reported under the name the client used.
    expect(report.dimensions.speed).toBeLessThan(100);
    expect(report.feedback[1]!.feedback).toMatch(/^1 issue: .*\(line 4\)$/);
    const suggestions = (report as unknown as { improvement_suggestions: { category: string; description: string; priority: string }[] })
      .improvement_suggestions;
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions[0]).toMatchObject({ category: 'performance', description: expect.stringMatching(/\(line 4, [a-z0-9-]+\)$/) });
    for (const s of suggestions) expect(['high', 'medium', 'low']).toContain(s.priority);
  });

  it('POST /sync/push accepts alias names in feedback and stores ours', async () => {
    const res = await fetch(`${base}/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        feedback: [
          {
            kind: 'import',
            key: 'rule:unused-import',
            targetId: 'x',
            helpful: false,
            weight: 1,
            implicit: false,
            dimension: 'performance',
            findingDimension: 'code_quality',
            ruleId: 'unused-import',
            createdAt: '2026-12-06T00:00:00.000Z',
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const row = await sql.get<{ dimension: string; finding_dimension: string }>(
      "SELECT dimension, finding_dimension FROM srv_feedback WHERE user_name = 'user123' AND target_key = 'rule:unused-import'",
    );
    expect(row).toEqual({ dimension: 'speed', finding_dimension: 'quality' });
  });
});

describe('the alias table', () => {
  it('maps every alias to one of our dimensions, and ours to themselves', () => {
    expect(DIMENSION_ALIASES).toEqual({ code_quality: 'quality', performance: 'speed' });
    expect(dimensionOf('security')).toBe('security');
    expect(dimensionOf('code_quality')).toBe('quality');
    expect(dimensionOf('toString')).toBeUndefined();
    expect(dimensionOf('maintainability')).toBeUndefined();
  });

  it('lists at most 20 suggestions, costliest first', () => {
    const finding = (i: number) => ({
      id: `f${i}`,
      ruleId: 'r',
      dimension: 'readability' as const,
      severity: 'warning' as const,
      line: i,
      cost: i,
      message: `m${i}`,
      suggestion: '',
      muted: false,
      suppressed: false,
    });
    const result = {
      run: { id: 'abc1234' },
      score: 50,
      dimensions: { complexity: 100, readability: 0, quality: 100, reliability: 100, speed: 100, security: 100 },
      files: [{ findings: Array.from({ length: 25 }, (_, i) => finding(i + 1)) }],
    } as unknown as RunResult;
    const out = originalFields(result, ['readability']);
    expect(out.improvement_suggestions).toHaveLength(20);
    expect(out.improvement_suggestions[0]).toEqual({ category: 'readability', description: 'm25 (line 25, r)', priority: 'medium' });
    expect(out.feedback).toEqual([
      { dimension: 'readability', score: 0, feedback: '25 issues: m25 (line 25); m24 (line 24); m23 (line 23); …' },
    ]);
  });
});
