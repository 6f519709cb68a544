import { parse } from '@babel/parser';
import { transform } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settleExports } from '../../scripts/settle-exports.mjs';
import { BUNDLE } from '../helpers/cli.js';

/** `source` (an ES module) as the build makes it: esbuild's CommonJS form, its exports settled; then evaluated. */
async function built(source: string): Promise<{ code: string; exports: Record<string, unknown> }> {
  const converted = await transform(source, { format: 'cjs', platform: 'node', target: 'node20' });
  const program = parse(converted.code, { sourceType: 'script' }).program;
  const code = settleExports('test.js', converted.code, program);
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', code)(module, module.exports);
  return { code, exports: module.exports };
}

const isData = (o: object, key: string) => 'value' in Object.getOwnPropertyDescriptor(o, key)!;

describe('settled exports of the CommonJS bundle (scripts/settle-exports.mjs, issue 19)', () => {
  it('makes constants, functions and classes plain data properties, and keeps a reassigned binding live', async () => {
    const { exports } = await built(`
      export const FLAG = 4;
      export const TYPES = new Set(['a']);
      export function twice(x) { return x * 2; }
      export class Box {}
      export let counter = 0;
      export function bump() { counter++; }
      let swapped = 'a';
      export { swapped as renamed };
      export function swap() { [swapped] = ['b']; }
    `);
    for (const key of ['FLAG', 'TYPES', 'twice', 'Box']) expect(isData(exports, key), key).toBe(true);
    expect(exports.FLAG).toBe(4);
    expect((exports.twice as (x: number) => number)(3)).toBe(6);
    // `counter` and `renamed` are assigned after their declaration: still getters, still live.
    expect(isData(exports, 'counter')).toBe(false);
    (exports.bump as () => void)();
    expect(exports.counter).toBe(1);
    expect(isData(exports, 'renamed')).toBe(false);
    (exports.swap as () => void)();
    expect(exports.renamed).toBe('b');
  });

  it('leaves a module without exports as it was', async () => {
    const source = 'console.log(1);\n';
    const converted = await transform(source, { format: 'cjs' });
    expect(settleExports('x.js', converted.code, parse(converted.code, { sourceType: 'script' }).program)).toBe(converted.code);
  });

  it('settled every numeric constant a chunk of the built bundle exports (whatever the chunking)', () => {
    const cjs = join(BUNDLE, 'cjs');
    let exported = 0;
    for (const f of readdirSync(cjs).filter((name) => name.endsWith('.cjs'))) {
      const code = readFileSync(join(cjs, f), 'utf8');
      const constants = new Set([...code.matchAll(/^var ([A-Za-z_$][\w$]*) = -?\d+;$/gm)].map((m) => m[1]));
      for (const [, key, local] of code.matchAll(/^ {2}([A-Za-z_$][\w$]*): \(\) => ([A-Za-z_$][\w$]*),?$/gm)) {
        if (!constants.has(local)) continue;
        exported++;
        expect(code, `${f}: ${key}`).toContain(`"${key}": { value: ${local}, enumerable: true }`);
      }
    }
    // The bundle has such exports (constants shared between chunks): the check above is not vacuous.
    expect(exported).toBeGreaterThan(5);
  });
});
