import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layering of src/ (scripts/layers.mjs) as `npm run lint` enforces it: imports planted in files
// of src/ (linted from memory, nothing is written) with the repository's own eslint.config.js.
const ROOT = resolve(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) });
  return result!.messages.filter((m) => m.ruleId === 'toasty/layers').map((m) => m.message);
}

describe('the lint rejects a backward import', () => {
  it('model importing the engine, naming both layers and the order', async () => {
    const errors = await layerErrors(
      'src/model/planted.ts',
      "import { gateFailures } from '../engine/gate.js';\nexport const g = gateFailures;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('model (src/model/planted.ts) must not import engine (src/engine/gate.ts)');
    expect(errors[0]).toContain('util < model <');
  });

  it('in every import form: type import, export-from, dynamic import(), import() type', async () => {
    expect(
      await layerErrors('src/store/planted.ts', "import type { Rule } from '../engine/rule.js';\nexport type R = Rule;\n"),
    ).toHaveLength(1);
    expect(await layerErrors('src/config/planted.ts', "export { loadRuleSet } from '../engine/registry.js';\n")).toHaveLength(1);
    expect(
      await layerErrors(
        'src/report/planted.ts',
        "export async function f() {\n  return (await import('../engine/run.js')).gradeProject;\n}\n",
      ),
    ).toHaveLength(1);
    expect(await layerErrors('src/scoring/planted.ts', "export type R = import('../engine/rule.js').Rule;\n")).toHaveLength(1);
  });

  it('between layers of the same rank, and from a folder into a sub-folder that is a higher layer', async () => {
    expect(await layerErrors('src/store/planted.ts', "export { reporterFor } from '../report/index.js';\n")).toHaveLength(1);
    // neural/rules/ holds rule definitions (layer rules), above the neural runtime
    expect(await layerErrors('src/neural/planted.ts', "export { NEURAL_RULES } from './rules/index.js';\n")).toHaveLength(1);
    // the rule-writing API (engine/rule.ts) sits below the rest of engine/
    expect(
      await layerErrors('src/engine/rule.ts', "import { loadRuleSet } from './registry.js';\nexport const l = loadRuleSet;\n"),
    ).toHaveLength(1);
  });

  it('a file in a folder that no layer names', async () => {
    const errors = await layerErrors('src/newfolder/planted.ts', "export { sha1 } from '../util/hash.js';\n");
    expect(errors).toEqual(['src/newfolder/planted.ts is in no layer: add its folder to scripts/layers.mjs']);
  });
});

describe('the lint accepts downward imports', () => {
  it('rules on the rule-writing API, the engine on the registry, neural rules on the neural runtime, tests on anything', async () => {
    expect(await layerErrors('src/rules/quality/planted.ts', "export { defineRule } from '../../engine/rule.js';\n")).toEqual([]);
    expect(await layerErrors('src/engine/planted.ts', "export { loadRuleSet } from './registry.js';\n")).toEqual([]);
    expect(await layerErrors('src/neural/rules/planted.ts', "export { DEFAULT_MODEL_DIR } from '../manifest.js';\n")).toEqual([]);
    expect(await layerErrors('src/report/planted.ts', "export { counts } from '../model/gate.js';\n")).toEqual([]);
    expect(await layerErrors('tests/planted.test.ts', "export { gradeProject } from '../src/engine/run.js';\n")).toEqual([]);
  });
});

describe('the command line', () => {
  it('eslint exits 1 on a planted backward import and 0 without it', () => {
    const run = (code: string) =>
      spawnSync(
        process.execPath,
        [resolve(ROOT, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', 'src/learning/planted.ts'],
        {
          cwd: ROOT,
          input: code,
          encoding: 'utf8',
        },
      );
    const bad = run("import { gradeProject } from '../engine/run.js';\nexport const g = gradeProject;\n");
    expect(bad.stdout).toContain('learning (src/learning/planted.ts) must not import engine (src/engine/run.ts)');
    expect(bad.status).toBe(1);
    const good = run("import { DIMENSIONS } from '../model/findings.js';\nexport const d = DIMENSIONS;\n");
    expect(good.stdout).toBe('');
    expect(good.status).toBe(0);
  });

  it('scripts/import-graph.mjs finds no backward edge in src/ today', () => {
    const out = spawnSync(process.execPath, [resolve(ROOT, 'scripts/import-graph.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(out.stdout).toContain('Backward edges: 0 imports');
    expect(out.stdout).toContain('engine -> rules');
    expect(out.status).toBe(0);
  });
});
