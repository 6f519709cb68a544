/** File-level metrics of a Python module, radon-exact: raw counts, Halstead volume, cyclomatic total, MI. */
import type { FileMetrics } from '../../model/types.js';
import { commentPercent, maintainabilityIndex } from '../mi.js';
import type { PyNode } from './parse.js';
import { totalComplexity } from './cyclomatic.js';
import { moduleVolume } from './halstead.js';
import { normalizeNewlines, rawMetrics } from './raw-metrics.js';

/** `halsteadVolume`: the module's, where the caller has it (`halsteadVolumes`). */
export function fileMetrics(src: string, root: PyNode, halsteadVolume = moduleVolume(src, root)): FileMetrics {
  const raw = rawMetrics(normalizeNewlines(src));
  const cyclomaticTotal = totalComplexity(root);
  return {
    loc: raw.loc,
    sloc: raw.sloc,
    lloc: raw.lloc,
    comments: raw.comments,
    multi: raw.multi,
    blank: raw.blank,
    halsteadVolume,
    cyclomaticTotal,
    maintainabilityIndex: maintainabilityIndex(
      halsteadVolume,
      cyclomaticTotal,
      raw.lloc,
      commentPercent(raw.comments, raw.multi, raw.sloc),
    ),
    commentRatio: raw.loc ? (raw.comments + raw.multi) / raw.loc : 0,
  };
}
