/**
 * Maintainability Index exactly as radon computes it (radon/metrics.py `mi_compute`):
 *
 *   MI = clamp(0, 100, (171 - 5.2 ln V - 0.23 G - 16.2 ln L + 50 sin(sqrt(2.46 * radians(C)))) * 100 / 171)
 *
 * V = Halstead volume, G = cyclomatic complexity total, L = logical lines (radon passes `lloc`),
 * C = comment percentage (radon's `mi_parameters`: (comments + multi) / sloc * 100, or 0 when sloc is 0).
 * Returns 100 when V or L is not positive, as radon does.
 */
export function maintainabilityIndex(volume: number, complexity: number, lloc: number, commentPercent: number): number {
  if (!(volume > 0) || !(lloc > 0)) return 100;
  const slocScale = Math.log(lloc);
  const volumeScale = Math.log(volume);
  const commentsScale = Math.sqrt(2.46 * ((commentPercent * Math.PI) / 180));
  const nnMi = 171 - 5.2 * volumeScale - 0.23 * complexity - 16.2 * slocScale + 50 * Math.sin(commentsScale);
  return Math.min(Math.max(0, (nnMi * 100) / 171), 100);
}

/** radon's comment percentage for MI: (comments + multi) / sloc * 100, 0 when sloc is 0. */
export function commentPercent(comments: number, multi: number, sloc: number): number {
  return sloc !== 0 ? ((comments + multi) / sloc) * 100 : 0;
}
