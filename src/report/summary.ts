import { counts } from '../model/gate.js';
import type { RunResult } from '../model/results.js';
import { plural } from '../util/plural.js';

/**
 * The run in one line: `3 files: 2 graded, 1 skipped, 0 unparseable; 1 finding, 2 suppressed`.
 * With `--baseline`, how many of the findings are new and existing, and how many baseline
 * findings are gone.
 */
export function summaryLine(result: RunResult): string {
  const s = result.summary;
  const extra = [s.suppressed ? `${s.suppressed} suppressed` : '', s.muted ? `${s.muted} muted` : ''].filter(Boolean);
  let baseline = '';
  if (result.baselineFixed) {
    const counted = result.files.flatMap((f) => f.findings).filter(counts);
    const fresh = counted.filter((f) => f.baseline === 'new').length;
    baseline = ` (${fresh} new, ${counted.length - fresh} existing; ${result.baselineFixed.length} fixed since the baseline)`;
  }
  return (
    `${plural(s.files, 'file')}: ${s.graded} graded, ${s.skipped} skipped, ${s.parseErrors} unparseable; ` +
    `${plural(s.findings, 'finding')}${baseline}${extra.map((e) => `, ${e}`).join('')}`
  );
}
