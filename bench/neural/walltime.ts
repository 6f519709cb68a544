/**
 * Wall time to grade one ~200-line file with the model, in a fresh process, model load included:
 * parse with toasty's language adapter, then neuralFindings (lazy model load + inference).
 * The parent runs the child several times and reports the median of (a) the child's own time from
 * process start to findings and (b) the spawn-to-exit wall time.
 *
 * Usage: npx tsc -p bench/neural && node bench/out/neural-build/bench/neural/walltime.js
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAdapter } from '../../src/languages/registry.js';
import type { Language } from '../../src/model/types.js';
import { neuralFindings } from '../../src/neural/index.js';
import { getModel } from '../../src/neural/session.js';
import { ROOT, readSource } from './common.js';

const FILES: [string, Language][] = [
  ['python3.11/xml/etree/ElementInclude.py', 'python'],
  ['node_modules/@eslint/eslintrc/lib/config-array/override-tester.js', 'javascript'],
];

if (process.argv[2] === '--child') {
  const [path, language] = [process.argv[3]!, process.argv[4] as Language];
  const text = readSource(path);
  const adapter = await loadAdapter(language);
  const file = adapter.parse(path, text, language);
  const findings = await neuralFindings(file, { modelDir: join(ROOT, 'models') });
  const model = await getModel(join(ROOT, 'models'));
  process.stdout.write(JSON.stringify({ msSinceStart: Math.round(performance.now()), loadMs: Math.round(model.loadMs), findings: findings.length, lines: file.lines.length }));
} else {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const result: Record<string, unknown> = {};
  for (const [path, language] of FILES) {
    const runs: { msSinceStart: number; loadMs: number; findings: number; lines: number; wallMs: number }[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [process.argv[1]!, '--child', path, language], { encoding: 'utf8' });
      const wallMs = performance.now() - t0;
      if (r.status !== 0) throw new Error(r.stderr);
      runs.push({ ...JSON.parse(r.stdout), wallMs });
    }
    result[path] = {
      language,
      lines: runs[0]!.lines,
      findings: runs[0]!.findings,
      medianInProcessMs: median(runs.map((r) => r.msSinceStart)),
      medianModelLoadMs: median(runs.map((r) => r.loadMs)),
      medianWallMs: Math.round(median(runs.map((r) => r.wallMs))),
    };
  }
  console.log(JSON.stringify(result, null, 1));
  writeFileSync(join(ROOT, 'bench/out/walltime.json'), JSON.stringify(result, null, 1));
}
