import { plural } from '../../util/plural.js';
import { UsageError } from '../../errors.js';
import type { Finding } from '../../model/results.js';
import { feedbackOn, type FeedbackView } from '../../store/feedback.js';
import { resolveId } from '../../store/lookup.js';
import { openForCommand } from '../../store/open.js';
import { filesOfRun, findingFile, findingsOfFile, getFile, getRun } from '../../store/queries.js';
import { EXIT } from '../exit.js';
import type { GlobalOptions } from '../main.js';
import { escapeLines } from '../../util/escape-terminal.js';

const num = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : x.toFixed(1));

function feedbackLines(list: readonly FeedbackView[]): string[] {
  if (list.length === 0) return ['feedback: none'];
  return [
    'feedback:',
    ...list.map(
      (f) =>
        `  ${f.createdAt.replace('T', ' ').slice(0, 16)}  ${f.user}: ${f.implicit ? 'helpful (implicit: fixed in a later run)' : f.helpful ? 'helpful' : 'not helpful'}` +
        `${f.dimension ? ` [${f.dimension}]` : ''}${f.comment ? ` — ${f.comment}` : ''}`,
    ),
  ];
}

function findingLine(f: Finding): string {
  const state = f.suppressed ? ' (suppressed)' : f.muted ? ` (${f.mutedReason ?? 'muted'})` : '';
  return `  ${f.id.slice(0, 7)}  ${String(f.line).padStart(4)}:${String(f.column).padEnd(3)} ${f.severity.padEnd(7)} ${f.ruleId}  −${f.cost}  ${f.message}${state}`;
}

/** `toasty show <id>`: one run, file result or finding in full, with its feedback. */
export function showCommand(id: string, opts: { format: string }, globals: GlobalOptions): number {
  if (opts.format !== 'pretty' && opts.format !== 'json')
    throw new UsageError(`unknown --format '${opts.format}'; expected pretty or json`);
  const { db } = openForCommand(globals.db);
  try {
    const target = resolveId(db, id);
    const feedback = feedbackOn(db, target.kind, target.kind === 'finding' ? findingFile(db, target.id)!.finding.fingerprint : target.id);
    const out: string[] = [];
    let body: unknown;
    if (target.kind === 'run') {
      const run = getRun(db, target.id)!;
      const files = filesOfRun(db, target.id);
      body = { kind: 'run', run, files, feedback };
      out.push(
        `run ${run.id}`,
        `  started   ${run.startedAt} (${run.durationMs} ms) by ${run.user}${run.agent ? ` via agent ${run.agent}` : ''}`,
        `  where     ${run.cwd}: ${run.paths.join(' ')}`,
        `  toasty    ${run.toolVersion}, config ${run.configFile ?? '(none)'}, learning ${run.learning}`,
        `  score     ${num(run.score)} ${run.grade ?? ''}  ${run.passed ? 'passed' : 'failed'}`,
        `  dimensions ${Object.entries(run.dimensions)
          .map(([d, v]) => `${d} ${num(v)}`)
          .join(', ')}`,
        `  summary   ${plural(run.summary.files, 'file')}, ${run.summary.graded} graded, ${plural(run.summary.findings, 'finding')}, ${run.summary.muted} muted`,
        ...(run.prunedAt ? [`  pruned    ${run.prunedAt}: only the file results and findings that have feedback are kept`] : []),
        'files:',
        ...files.map(
          (f) =>
            `  ${f.id.slice(0, 7)}  ${num(f.score).padStart(5)} ${(f.grade ?? ' ').padEnd(1)}  ${f.path}${f.status !== 'graded' ? `  (${f.status}${f.skipReason ? `: ${f.skipReason}` : ''})` : ''}`,
        ),
      );
    } else if (target.kind === 'file') {
      const file = getFile(db, target.id)!;
      const findings = findingsOfFile(db, target.id);
      body = { kind: 'file', file, findings, feedback };
      out.push(
        `file result ${file.id}: ${file.path} (run ${file.runId.slice(0, 7)})`,
        `  ${file.language ?? 'unknown language'}, ${file.loc} lines (${file.sloc} code), ${file.status}${file.skipReason ? `: ${file.skipReason}` : ''}`,
        `  score ${num(file.score)} ${file.grade ?? ''}${
          file.dimensions
            ? `; ${Object.entries(file.dimensions)
                .map(([d, v]) => `${d} ${num(v)}`)
                .join(', ')}`
            : ''
        }`,
        'findings:',
        ...(findings.length ? findings.map(findingLine) : ['  none']),
      );
    } else {
      const { finding, fileId } = findingFile(db, target.id)!;
      const file = getFile(db, fileId)!;
      body = { kind: 'finding', finding, file: { id: file.id, path: file.path, runId: file.runId }, feedback };
      out.push(
        `finding ${finding.id}: ${finding.ruleId} (${finding.dimension}, ${finding.severity})`,
        `  at        ${file.path}:${finding.line}:${finding.column} (file ${file.id.slice(0, 7)}, run ${file.runId.slice(0, 7)})`,
        `  message   ${finding.message}`,
        `  suggest   ${finding.suggestion}`,
        ...(finding.metric ? [`  metric    ${finding.metric.name} ${finding.metric.value} (threshold ${finding.metric.threshold})`] : []),
        `  cost      −${finding.cost}${finding.muted ? ` (muted: ${finding.mutedReason})` : ''}${finding.suppressed ? ` (suppressed${finding.suppressionReason ? `: ${finding.suppressionReason}` : ''})` : ''}`,
        `  source    ${finding.source}, confidence ${finding.confidence}, fingerprint ${finding.fingerprint.slice(0, 12)}`,
      );
    }
    if (opts.format === 'json') {
      process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return EXIT.ok;
    }
    out.push(...feedbackLines(feedback));
    process.stdout.write(`${escapeLines(out.join('\n'))}\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}
