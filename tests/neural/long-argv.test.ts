import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGV_FILE_FLAG, commandLineBytes, LONG_ARGV_BYTES, readRelaunchedArgs, relaunchArgs } from '../../src/neural/long-argv.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MODEL_DIR = join(ROOT, 'models');

/** A child-process copy of src/neural as plain ESM (transpiled here, so the test needs no build). */
let dir = '';

const CHILD = `
import { existsSync, readFileSync } from 'node:fs';
import { relaunchIfLong, readRelaunchedArgs } from './long-argv.js';
import { getModel, runWindows } from './session.js';
const relaunched = process.env.TOASTY_TEST_NO_RELAUNCH ? null : relaunchIfLong();
if (relaunched) {
  process.exitCode = await relaunched;
} else {
  const argv = readRelaunchedArgs();
  const model = await getModel(process.env.TOASTY_MODEL_DIR);
  const t = model.tokenizer;
  const [out] = await runWindows(model, [[t.bosId, ...t.encodePreToken('x'), t.eosId]]);
  const cmdlineBytes = existsSync('/proc/self/cmdline') ? readFileSync('/proc/self/cmdline').length : process.argv.join(' ').length + 1;
  process.stdout.write(JSON.stringify({ args: argv.slice(2), cmdlineBytes, pieces: out.rtd.length }));
}
`;

beforeAll(() => {
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  dir = mkdtempSync(join(cache, 'toasty-argv-test-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  const src = join(ROOT, 'src', 'neural');
  for (const f of readdirSync(src).filter((x) => x.endsWith('.ts'))) {
    const out = ts.transpileModule(readFileSync(join(src, f), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(dir, basename(f, '.ts') + '.js'), out.outputText);
  }
  writeFileSync(join(dir, 'child.js'), CHILD);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const longArgs = Array.from({ length: 1600 }, (_, i) => `src/package_${i % 40}/module_${String(i).padStart(4, '0')}.py`);

function runChild(env: Record<string, string> = {}): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, [join(dir, 'child.js'), ...longArgs], {
    encoding: 'utf8',
    env: { ...process.env, TOASTY_MODEL_DIR: MODEL_DIR, ...env },
    timeout: 60_000,
  });
}

describe('long command lines and onnxruntime-node', () => {
  it('a >40 KB argv is relaunched through a temp file and the child creates a real session', () => {
    expect(commandLineBytes([process.execPath, 'child.js', ...longArgs])).toBeGreaterThan(40_000);
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('toasty-argv-')).length;
    const r = runChild();
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    const out = JSON.parse(String(r.stdout)) as { args: string[]; cmdlineBytes: number; pieces: number };
    expect(out.args).toEqual(longArgs);
    expect(out.cmdlineBytes).toBeLessThan(LONG_ARGV_BYTES);
    expect(out.pieces).toBe(3);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('toasty-argv-')).length).toBe(before);
  });

  // Documents the bug the relaunch works around: if this starts failing, onnxruntime-node fixed it.
  it('leaves short command lines alone and round-trips long ones', () => {
    expect(relaunchArgs(['node', 'bin/toasty.js', 'grade', 'src'], [])).toBeNull();
    const argv = ['node', 'bin/toasty.js', 'grade', ...longArgs];
    const relaunch = relaunchArgs(argv, ['--enable-source-maps'])!;
    expect(relaunch.args.slice(0, 3)).toEqual(['--enable-source-maps', 'bin/toasty.js', ARGV_FILE_FLAG]);
    expect(commandLineBytes(relaunch.args)).toBeLessThan(1000);
    expect(readRelaunchedArgs(['node', 'bin/toasty.js', ...relaunch.args.slice(2)])).toEqual(argv);
    expect(() => readFileSync(relaunch.file)).toThrow();
  });
});
