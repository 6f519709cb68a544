import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../config/resolve.js';
import type { ResolvedConfig } from '../../config/types.js';
import { gradeProject } from '../../engine/run.js';
import type { Dimension } from '../../model/findings.js';
import type { RunResult } from '../../model/results.js';
import { loadRuleSet, type RuleSet } from '../../engine/registry.js';
import type { GradeJob, GradeWorkerInit, GradeWorkerMessage } from './grade-pool.js';

/**
 * A grading process of `toasty serve` (forked by GradePool): loads the config and rules once,
 * warms the parsers up, says it is ready, then grades one file per message.
 */
const post = (m: GradeWorkerMessage): void => void process.send!(m);

function grade(base: ResolvedConfig, ruleSet: RuleSet, job: GradeJob): Promise<RunResult> {
  const config = { ...base, root: job.dir, dimensions: (job.dimensions as Dimension[] | null) ?? base.dimensions };
  return gradeProject({
    paths: [job.name],
    cwd: job.dir,
    config,
    jobs: 1,
    user: job.user,
    agent: null,
    history: null,
    cache: false,
    learning: { mode: 'off' },
    ruleSet,
  }).then((graded) => graded.result);
}

/** One tiny file per language first: the first parse compiles grammars and queries (hundreds of ms), not a request's time. */
async function warmUp(base: ResolvedConfig, ruleSet: RuleSet): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'toasty-serve-warm-'));
  try {
    for (const [name, code] of [
      ['w.py', 'def f(a):\n    return a\n'],
      ['w.js', 'function f(a) { return a; }\n'],
      ['w.ts', 'export function f(a: number): number { return a; }\n'],
    ] as const) {
      writeFileSync(join(dir, name), code);
      await grade(base, ruleSet, { dir, name, user: 'warm-up', dimensions: null });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.once('message', (init: GradeWorkerInit) => {
  void (async () => {
    const base = resolveConfig(init.file, init.user, init.cwd);
    const ruleSet = await loadRuleSet(base);
    await warmUp(base, ruleSet);
    process.on('message', (job: GradeJob) => {
      grade(base, ruleSet, job).then(
        (result) => post({ kind: 'done', result }),
        (error: Error) => post({ kind: 'failed', message: error.message }),
      );
    });
    post({ kind: 'ready' });
  })();
});
// The server gone (its IPC channel closed): nothing left to grade for.
process.on('disconnect', () => process.exit(0));
