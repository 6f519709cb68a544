/**
 * Rule documentation from `meta` plus the annotated fixtures: the examples shown by
 * `toasty rules show <id>` and the generated reference page `docs/rules.md` are the
 * fixture lines under `ruleid:` (bad) and `ok:` (good), so they are tested by construction.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAnnotation, parseAnnotations } from '../engine/annotations.js';
import type { Rule } from '../engine/rule.js';
import { optionsSchema } from '../engine/rule-options.js';
import { DIMENSIONS } from '../model/findings.js';
import type { Language } from '../model/types.js';
import { PACKAGE_ROOT } from '../util/paths.js';

export const FIXTURE_DIR = join(PACKAGE_ROOT, 'tests', 'fixtures', 'rules');

const EXTENSIONS = ['.py', '.ts', '.js'] as const;
const LANGUAGE_OF: Record<(typeof EXTENSIONS)[number], Language> = { '.py': 'python', '.ts': 'typescript', '.js': 'javascript' };
/** At most this many lines per example snippet. */
const MAX_SNIPPET = 8;

export interface FixtureExamples {
  language: Language;
  /** Path of the fixture, relative to the package root. */
  fixture: string;
  bad: string[];
  good: string[];
}

export interface RuleDocs {
  /** All bad/good snippets, Python first, then JS/TS. */
  examples: { bad: string[]; good: string[] };
  /** The same, per fixture (for code fences with the right language). */
  fixtures: FixtureExamples[];
}

/** Remove the common indentation of the snippet lines. */
function dedent(lines: string[]): string {
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)![0].length));
  return lines
    .map((l) => l.slice(Number.isFinite(indent) ? indent : 0).trimEnd())
    .join('\n')
    .trim();
}

/**
 * The code an annotation points at: from the next code line, the lines that follow until a blank
 * line, another annotation, or a line indented less than the first one (the end of its block).
 */
function snippet(lines: readonly string[], annotationIndex: number): string {
  let start = annotationIndex + 1;
  while (start < lines.length && (lines[start]!.trim() === '' || isAnnotation(lines[start]!))) start++;
  const first = lines[start];
  if (first === undefined) return '';
  const indent = /^\s*/.exec(first)![0].length;
  const out = [first];
  for (let i = start + 1; i < lines.length && out.length < MAX_SNIPPET; i++) {
    const l = lines[i]!;
    if (l.trim() === '' || isAnnotation(l)) break;
    const own = /^\s*/.exec(l)![0].length;
    if (
      own < indent ||
      (own === indent && !/^\s*[)\]}]|^\s*(else|elif|except|finally|catch)\b/.test(l) && !/[{([,:]\s*$/.test(out[out.length - 1]!))
    )
      break;
    out.push(l);
  }
  return dedent(out);
}

/** Bad and good examples of one rule, read from its fixtures. */
export function ruleDocs(rule: Rule, fixtureDir: string = FIXTURE_DIR): RuleDocs {
  const fixtures: FixtureExamples[] = [];
  for (const ext of EXTENSIONS) {
    const path = join(fixtureDir, `${rule.id}${ext}`);
    if (!existsSync(path)) continue;
    const lines = readFileSync(path, 'utf8').split('\n');
    const bad: string[] = [];
    const good: string[] = [];
    for (const a of parseAnnotations(lines)) {
      if (a.ruleId !== rule.id || (a.kind !== 'ruleid' && a.kind !== 'ok')) continue;
      const code = snippet(lines, a.line - 1);
      const list = a.kind === 'ruleid' ? bad : good;
      if (code && !list.includes(code)) list.push(code);
    }
    fixtures.push({ language: LANGUAGE_OF[ext], fixture: `tests/fixtures/rules/${rule.id}${ext}`, bad, good });
  }
  return { examples: { bad: fixtures.flatMap((f) => f.bad), good: fixtures.flatMap((f) => f.good) }, fixtures };
}

/** Rules can be shipped switched off (noisy on some codebases); enable them in the config. */
export function isDefaultOn(rule: Rule): boolean {
  return rule.meta.defaultOff !== true;
}

const FENCE: Record<Language, string> = { python: 'python', javascript: 'js', typescript: 'ts' };

/** What an option's schema accepts, in words: `integer ≥ 1`, `array of string`. */
function accepts(schema: { type?: string; minimum?: number; maximum?: number; items?: { type?: string } }): string {
  const type = schema.type === 'array' && schema.items?.type ? `array of ${schema.items.type}` : (schema.type ?? 'any');
  const bounds = [schema.minimum !== undefined ? `≥ ${schema.minimum}` : '', schema.maximum !== undefined ? `≤ ${schema.maximum}` : '']
    .filter(Boolean)
    .join(', ');
  return bounds ? `${type} ${bounds}` : type;
}

function optionsTable(rule: Rule): string[] {
  const entries = Object.entries(rule.defaultOptions);
  if (!entries.length) return ['Options: none.'];
  const { properties } = optionsSchema(rule) as { properties: Record<string, Parameters<typeof accepts>[0]> };
  return [
    '| Option | Default | Accepts |',
    '| --- | --- | --- |',
    ...entries.map(([k, v]) => `| \`${k}\` | \`${JSON.stringify(v)}\` | ${accepts(properties[k] ?? {})} |`),
  ];
}

function examplesSection(docs: RuleDocs, max = 3): string[] {
  const out: string[] = [];
  for (const kind of ['bad', 'good'] as const) {
    const blocks = docs.fixtures.flatMap((f) => f[kind].slice(0, max).map((code) => ({ code, fence: FENCE[f.language] })));
    if (!blocks.length) continue;
    out.push(kind === 'bad' ? '**Reported:**' : '**Not reported:**', '');
    for (const b of blocks) out.push(`\`\`\`${b.fence}`, b.code, '```', '');
  }
  return out;
}

/** The whole `docs/rules.md` page: deterministic, from meta and fixtures only. */
export function generateRulesDoc(rules: readonly Rule[], fixtureDir: string = FIXTURE_DIR): string {
  const sorted = [...rules].sort((a, b) => DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) || (a.id < b.id ? -1 : 1));
  const out: string[] = [
    '# Rule reference',
    '',
    '<!-- Generated by `node scripts/gen-rules-doc.mjs` from rule meta and tests/fixtures/rules; do not edit by hand. -->',
    '',
    `${rules.length} built-in rules. Severity, options and on/off can be set per rule in the config (\`rules: { <id>: <severity> | off | { severity, options } }\`) and per path in \`overrides\`.`,
    '',
    '| Rule | Dimension | Severity | Languages | Default |',
    '| --- | --- | --- | --- | --- |',
    ...sorted.map(
      (r) =>
        `| [\`${r.id}\`](#${r.id}) | ${r.dimension} | ${r.meta.severity} | ${r.meta.languages.join(', ')} | ${isDefaultOn(r) ? 'on' : 'off'} |`,
    ),
    '',
  ];
  for (const dimension of DIMENSIONS) {
    const inDimension = sorted.filter((r) => r.dimension === dimension);
    if (!inDimension.length) continue;
    out.push(`## ${dimension.charAt(0).toUpperCase()}${dimension.slice(1)}`, '');
    for (const rule of inDimension) {
      out.push(
        `### ${rule.id}`,
        '',
        rule.meta.description,
        '',
        `- Dimension: ${rule.dimension}`,
        `- Severity: ${rule.meta.severity}`,
        `- Languages: ${rule.meta.languages.join(', ')}`,
        `- Default: ${isDefaultOn(rule) ? 'on' : 'off'}`,
        '',
        `**Why:** ${rule.meta.why}`,
        '',
        ...optionsTable(rule),
        '',
        ...examplesSection(ruleDocs(rule, fixtureDir)),
      );
    }
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
