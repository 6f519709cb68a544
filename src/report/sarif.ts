import { pathToFileURL } from 'node:url';
import type { Finding } from '../model/results.js';
import type { Reporter } from './types.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** A finding's fix as a SARIF `fix`: one artifact change, a replacement per edit. */
function sarifFix(path: string, f: Finding) {
  const fix = f.fix!;
  return {
    description: {
      text: fix.applicability === 'safe' ? 'Safe fix (`toasty fix`).' : 'Unsafe fix: it may change behaviour (`toasty fix --unsafe`).',
    },
    artifactChanges: [
      {
        artifactLocation: { uri: encodeURI(path), uriBaseId: 'SRCROOT' },
        replacements: fix.edits.map((e) => ({
          deletedRegion: { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn },
          insertedContent: { text: e.text },
        })),
      },
    ],
    properties: { applicability: fix.applicability },
  };
}

/**
 * `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. Fingerprints go in
 * `partialFingerprints`; inline suppressions and learning mutes become `suppressions`
 * (so dashboards hide them but nothing is dropped).
 */
export const sarifReporter: Reporter = (result, options) => {
  const used = new Set(result.files.flatMap((f) => f.findings.map((x) => x.ruleId)));
  const rules = options.rules.filter((r) => used.has(r.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const suppressions = (f: Finding) => {
    if (f.suppressed) return [{ kind: 'inSource', justification: f.suppressionReason ?? undefined }];
    if (f.muted) return [{ kind: 'external', justification: f.mutedReason ?? undefined }];
    return undefined;
  };
  const results = result.files.flatMap((file) =>
    file.findings.map((f) => ({
      ruleId: f.ruleId,
      ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
      level: LEVEL[f.severity],
      message: { text: `${f.message} ${f.suggestion}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(file.path), uriBaseId: 'SRCROOT' },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.column) },
          },
        },
      ],
      ...(f.fix ? { fixes: [sarifFix(file.path, f)] } : {}),
      partialFingerprints: { 'toasty/v1': f.fingerprint },
      ...(suppressions(f) ? { suppressions: suppressions(f) } : {}),
      ...(f.baseline ? { baselineState: f.baseline === 'new' ? 'new' : 'unchanged' } : {}),
      properties: {
        id: f.id,
        dimension: f.dimension,
        cost: f.cost,
        suggestion: f.suggestion,
        confidence: f.confidence,
        source: f.source,
        ...(f.metric ? { metric: f.metric } : {}),
        ...(f.nameSuggestions ? { nameSuggestions: f.nameSuggestions } : {}),
      },
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'toasty',
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: 'https://github.com/toasty-dev/toasty',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.description },
              fullDescription: { text: `${r.description} ${r.why}` },
              help: { text: r.why, markdown: `**${r.id}** (${r.dimension}): ${r.description}\n\n${r.why}` },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { dimension: r.dimension, tags: [r.dimension], source: r.source },
            })),
          },
        },
        automationDetails: { id: `toasty/${result.run.id}` },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(options.cwd).href.replace(/\/?$/, '/')}` } },
        invocations: [{ executionSuccessful: true, startTimeUtc: result.run.startedAt }],
        results,
        properties: { score: result.score, grade: result.grade, passed: result.passed, dimensions: result.dimensions },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};
