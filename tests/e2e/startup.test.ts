import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The launcher (bin/toasty.js) and the bundle it runs (scripts/bundle.mjs); npm packages stay outside it, in require's cache.
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'toasty.js');
const dir = mkdtempSync(join(tmpdir(), 'toasty-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built CLI in a fresh process and lists the CommonJS packages it loaded (the heavy libraries are all CommonJS). */
function packagesLoaded(args: string[]): { code: number; packages: string[]; stderr: string } {
  const script = `
    import { createRequire } from 'node:module';
    const { main } = createRequire(import.meta.url)(${JSON.stringify(BIN)}).loadBundled('main.js');
    const code = await main(['node', 'toasty', ...${JSON.stringify(args)}]);
    const files = Object.keys(createRequire(import.meta.url).cache);
    // The build's copy of @babel/parser (dist/vendor/, scripts/patch-babel.mjs) counts as the package.
    const packages = [...new Set(files.map((f) => f.endsWith('/dist/vendor/babel-parser.cjs') ? '@babel/parser' : /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean))];
    process.stderr.write('\\n' + JSON.stringify({ code, packages }) + '\\n');
    process.exit(0);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true', TOASTY_HOME: join(dir, 'home') },
    timeout: 120_000,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '{}';
  const parsed = JSON.parse(last) as { code: number; packages: string[] };
  return { ...parsed, stderr: r.stderr };
}

/**
 * Runs the built CLI through its launcher in a fresh process, stdout and stderr pipes, and lists the
 * Node built-in modules loaded by the time `main()` returns (process.moduleLoadList).
 */
function builtinsLoaded(args: string[], stdout: 'pipe' | number = 'pipe'): { code: number; builtins: string[]; stderr: string } {
  const script = `
    const { writeSync } = require('node:fs');
    const { main } = require(${JSON.stringify(BIN)}).loadBundled('main.js');
    main(['node', 'toasty', ...${JSON.stringify(args)}]).then((code) => {
      const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
      writeSync(2, '\\n' + JSON.stringify({ code, builtins }) + '\\n');
      process.exit(0);
    });`;
  // A script file, not `node -e`: Node's eval entry loads node:crypto itself (for its globals).
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, script);
  const r = spawnSync(process.execPath, [probe], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', stdout, 'pipe'],
    env: { ...process.env, NO_COLOR: '1', CI: 'true', TOASTY_HOME: join(dir, 'home') },
    timeout: 120_000,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '{}';
  return { ...(JSON.parse(last) as { code: number; builtins: string[] }), stderr: r.stderr };
}

describe('the CommonJS bundle the launcher reads', () => {
  it('is ASCII, so V8 holds each file as a one-byte string (a two-byte one is read on a slower path: issue 19)', () => {
    const cjs = join(import.meta.dirname, '..', '..', 'dist', 'bundle', 'cjs');
    const files = readdirSync(cjs).filter((f) => f.endsWith('.cjs'));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) expect(/[^\0-\x7f]/.exec(readFileSync(join(cjs, f), 'latin1'))?.[0], f).toBeUndefined();
  });
});

/**
 * Runs the built CLI through its launcher (TOASTY_DEBUG_CODE_CACHE=1 lists the bundle files it ran;
 * dist/bundle/modules.json maps them to modules) and returns the compiled modules it loaded.
 */
function modulesLoaded(args: string[], env: Record<string, string>): { code: number; modules: string[]; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TOASTY_HOME: join(dir, 'home-modules'), TOASTY_DEBUG_CODE_CACHE: '1', ...env },
    timeout: 120_000,
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('toasty-code-cache '));
  const files = (JSON.parse(line!.slice('toasty-code-cache '.length)) as { files: string[] }).files;
  const byFile = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'dist', 'bundle', 'modules.json'), 'utf8')) as Record<
    string,
    string[]
  >;
  return { code: r.status ?? -1, modules: files.flatMap((f) => byFile[f.split('/').pop()!] ?? []), stderr: r.stderr };
}

/**
 * Runs the built CLI through its launcher with a preload (`node -r`: no V8 flag, so the code cache
 * is still taken) that records every file under `under` the run opens or reads (`openSync`,
 * `readFileSync`: what the bundle reads files with), relative to `under`.
 */
function filesRead(args: string[], under: string): { code: number; read: string[]; stderr: string } {
  const preload = join(dir, 'record-reads.cjs');
  writeFileSync(
    preload,
    `const fs = require('node:fs');
    const under = ${JSON.stringify(under + '/')};
    const read = new Set();
    for (const name of ['openSync', 'readFileSync']) {
      const original = fs[name];
      fs[name] = function (path, ...rest) {
        if (typeof path === 'string' && path.startsWith(under)) read.add(path.slice(under.length));
        return original.call(this, path, ...rest);
      };
    }
    process.on('exit', () => fs.writeSync(2, '\\ntoasty-test-read ' + JSON.stringify([...read].sort()) + '\\n'));`,
  );
  const r = spawnSync(process.execPath, ['-r', preload, BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true', TOASTY_HOME: join(dir, 'home-reads') },
    timeout: 120_000,
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('toasty-test-read '));
  return { code: r.status ?? -1, read: JSON.parse(line?.slice('toasty-test-read '.length) ?? 'null') as string[], stderr: r.stderr };
}

describe('start-up reads only what the command uses', () => {
  const RULES = join(import.meta.dirname, '..', '..', 'rules');

  it('grading a Python file compiles the bundled Python packs from the build snapshot, reading no pack file (issue 19)', () => {
    // The Python packs did compile: their rule found the open() without an encoding.
    writeFileSync(join(dir, 'y.py'), 'def y(path):\n    with open(path) as f:\n        return f.read()\n');
    const yaml = filesRead(['grade', 'y.py', '--no-cache', '--no-neural', '--format', 'json', '--output', join(dir, 'y.json')], RULES);
    expect(yaml.code, yaml.stderr).toBeLessThanOrEqual(1);
    const found = (
      JSON.parse(readFileSync(join(dir, 'y.json'), 'utf8')) as { files: { findings: { ruleId: string; source?: string }[] }[] }
    ).files[0]!.findings;
    expect(found.filter((f) => f.source === 'yaml').map((f) => f.ruleId)).toEqual(['open-without-encoding']);
    expect(yaml.read).toEqual([]);
    // Listing the rules loads the packs from their files: the recorder sees those reads (the checks above can fail).
    const listed = filesRead(['rules', 'list', '--format', 'json'], RULES);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.read.filter((f) => f.startsWith('python/')).length).toBeGreaterThan(10);
  });
});

describe('start-up loads only what the command uses', () => {
  it("a CI run without --profile loads no learner, profile parser or lowered thresholds; a user's own run loads the learner (issue 19)", () => {
    writeFileSync(join(dir, 'l.py'), 'def l(a):\n    if a:\n        return a + 1\n    return 0\n');
    const LEARNER = /learning\/(learn|team|resolve|profile-file|lowered)\.js$/;
    const args = ['grade', 'l.py', '--no-cache', '--no-neural'];
    const ci = modulesLoaded(args, { CI: 'true' });
    expect(ci.code, ci.stderr).toBe(0);
    expect(ci.modules).toContain('dist/engine/run.js'); // the list is the real one
    expect(ci.modules.filter((m) => LEARNER.test(m))).toEqual([]);
    // A user's own run (not CI) applies the profile learned from the history, empty or not: the learner loads (the check above can fail).
    const own = modulesLoaded(args, { CI: '' });
    expect(own.code, own.stderr).toBe(0);
    expect(own.modules.filter((m) => LEARNER.test(m))).toContain('dist/learning/resolve.js');
  });

  it('a Python run loads none of the JS/TS front-end (its walk and type tables); a JavaScript run does (issue 19)', () => {
    writeFileSync(join(dir, 'w.py'), 'def w(a):\n    return a\n');
    writeFileSync(join(dir, 'w.js'), 'export function w(a) {\n  return a;\n}\n');
    const JS_FRONT_END = /^dist\/languages\/javascript\/(walk|node-info|semantic\/codes)\.js$/;
    const python = modulesLoaded(['grade', 'w.py', '--no-cache', '--no-neural'], { CI: 'true' });
    expect(python.code, python.stderr).toBe(0);
    // The YAML selector matcher is there (it reads the walk's recorded preorder from its own small module).
    expect(python.modules).toContain('dist/yaml-rules/matchers/selector.js');
    expect(python.modules.filter((m) => JS_FRONT_END.test(m))).toEqual([]);
    const js = modulesLoaded(['grade', 'w.js', '--no-cache', '--no-neural'], { CI: 'true' });
    expect(js.code, js.stderr).toBe(0);
    expect(js.modules.filter((m) => JS_FRONT_END.test(m)).sort()).toEqual([
      'dist/languages/javascript/node-info.js',
      'dist/languages/javascript/semantic/codes.js',
      'dist/languages/javascript/walk.js',
    ]);
  });

  it('--version loads no package: commander is in the bundle, and neither SQLite nor any parser loads', () => {
    const r = packagesLoaded(['--version']);
    expect(r.code).toBe(0);
    expect(r.packages).toEqual([]);
  });

  it('grading one Python file without a config loads no YAML, config search, schema, Babel or model library', () => {
    writeFileSync(join(dir, 'f.py'), 'def f(a):\n    return a + 1\n');
    const r = packagesLoaded(['grade', 'f.py', '--no-cache', '--no-neural', '--format', 'json', '--output', join(dir, 'out.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.packages).toContain('tree-sitter-python');
    // toasty's own addon parses (native/python-flat): node-tree-sitter's JS and node-gyp-build's search are not loaded.
    expect(r.packages).not.toContain('tree-sitter');
    expect(r.packages).not.toContain('node-gyp-build');
    expect(r.packages).toContain('better-sqlite3'); // the run is recorded in the history
    for (const heavy of ['yaml', 'cosmiconfig', 'js-yaml', 'ajv', '@babel/parser', '@babel/code-frame', 'onnxruntime-node'])
      expect(r.packages).not.toContain(heavy);
  });

  it('grading one JavaScript file loads the build’s copy of @babel/parser, and no Python parser or model library', () => {
    writeFileSync(join(dir, 'h.js'), 'export const h = (a) => `${a}`;\n');
    const r = packagesLoaded(['grade', 'h.js', '--no-cache', '--no-neural', '--format', 'json', '--output', join(dir, 'out-js.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.packages).toContain('@babel/parser');
    for (const unused of ['tree-sitter', 'tree-sitter-python', 'onnxruntime-node']) expect(r.packages).not.toContain(unused);
  });

  it('grading one Python file to a pipe loads no thread, serializer, terminal or socket module (issue 19)', () => {
    writeFileSync(join(dir, 'g.py'), 'def g(a):\n    if a:\n        return a + 1\n    return 0\n');
    const r = builtinsLoaded(['grade', 'g.py', '--no-cache', '--no-neural']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.builtins).toContain('fs'); // the list is the real one
    // worker_threads and v8 load with the first grading thread (engine/pool.ts); tty and net with a
    // stdout or stderr stream, which a report written with write(2) off a terminal never creates.
    // (This runs main() without the launcher: bin/toasty.js itself loads v8 to set V8's tiering flag.)
    // The digests come from toasty's start-up addon (util/hash.ts), not node:crypto's whole module.
    for (const unused of ['worker_threads', 'v8', 'tty', 'net', 'perf_hooks', 'crypto']) expect(r.builtins).not.toContain(unused);
  });

  it('grading one Python file with stdout on /dev/null loads no terminal or socket module; another character device does (issue 19)', () => {
    writeFileSync(join(dir, 'n.py'), 'def n(a):\n    return a\n');
    const toNull = openSync('/dev/null', 'w');
    const toZero = openSync('/dev/zero', 'w');
    try {
      const discarded = builtinsLoaded(['grade', 'n.py', '--no-cache', '--no-neural'], toNull);
      expect(discarded.code, discarded.stderr).toBe(0);
      expect(discarded.builtins).toContain('fs');
      for (const unused of ['tty', 'net']) expect(discarded.builtins).not.toContain(unused);
      // /dev/zero is a character device too but not the null device: node:tty is asked (so the check above can fail).
      const zero = builtinsLoaded(['grade', 'n.py', '--no-cache', '--no-neural'], toZero);
      expect(zero.code, zero.stderr).toBe(0);
      expect(zero.builtins).toContain('tty');
    } finally {
      closeSync(toNull);
      closeSync(toZero);
    }
  });

  it('grading with plugins or on grading threads still loads worker_threads (the check above can fail)', () => {
    const many = join(dir, 'many');
    mkdirSync(many, { recursive: true });
    const body = Array.from({ length: 120 }, (_, i) => `def f${i}(a, b):\n    if a and b:\n        return a + ${i}\n    return b\n`).join(
      '\n',
    );
    for (let i = 0; i < 60; i++) writeFileSync(join(many, `m${i}.py`), body);
    const r = builtinsLoaded([
      'grade',
      'many',
      '--no-cache',
      '--no-neural',
      '--jobs',
      '2',
      '--format',
      'json',
      '--output',
      join(dir, 'many.json'),
    ]);
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    expect(r.builtins).toContain('worker_threads');
    expect(r.builtins).toContain('v8');
  });
});
