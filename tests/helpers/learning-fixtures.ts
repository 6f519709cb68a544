/** Python sources the learning tests vote on. */

/** Functions with 6 to 9 parameters: too-many-params (max 5) fires on each. */
export const PARAMS_PY = [6, 7, 8, 9]
  .map((n) => `def f${n}(${Array.from({ length: n }, (_, i) => `a${i}`).join(', ')}):\n    return a0\n`)
  .join('\n');

/** A function whose cyclomatic complexity is `cc` (cc − 1 `if`s). */
export function branchy(name: string, cc: number): string {
  const ifs = Array.from({ length: cc - 1 }, (_, i) => `    if x == ${i}:\n        y = ${i}\n`).join('');
  return `def ${name}(x):\n    y = 0\n${ifs}    return y\n`;
}

/** cyclomatic-complexity (max 10) fires on the first three (11, 11, 12); 9 and 8 are under the default. */
export const BRANCHY_PY = [branchy('c11a', 11), branchy('c11b', 11), branchy('c12', 12), branchy('c9', 9), branchy('c8', 8)].join('\n\n');
