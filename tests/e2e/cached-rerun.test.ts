import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A fully cached re-run (issue 19) through the built CLI: what it loads (TOASTY_DEBUG_CODE_CACHE=1
// lists the bundle files a command ran and the packages require() loaded; dist/bundle/modules.json
// maps the files to modules), and that every change a result depends on still misses the cache.
const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'toasty-cached-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number;
  stderr: string;
  /** Files the cache served (`--verbose`: "N of M files from the cache"). */
  hits: number;
  /** Compiled modules of the bundle files the command ran (`dist/yaml-rules/compile.js`, …). */
  modules: string[];
  /** Files require() loaded from node_modules. */
  required: string[];
  report: { files: { path: string; findings: { ruleId: string; message: string }[] }[] };
}

function grade(pkg: string, project: string, home: string): Run {
  const out = join(work, 'out.json');
  const r = spawnSync(
    process.execPath,
    [join(pkg, 'bin', 'toasty.js'), 'grade', '.', '--no-neural', '--verbose', '--format', 'json', '--output', out],
    { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true', TOASTY_HOME: home, TOASTY_DEBUG_CODE_CACHE: '1' } },
  );
  const line = r.stderr.split('\n').find((l) => l.startsWith('toasty-code-cache '));
  const loaded = JSON.parse(line!.slice('toasty-code-cache '.length)) as { files: string[]; required: string[] };
  const byFile = JSON.parse(readFileSync(join(pkg, 'dist', 'bundle', 'modules.json'), 'utf8')) as Record<string, string[]>;
  return {
    code: r.status ?? -1,
    stderr: r.stderr,
    hits: Number(/toasty: (\d+) of \d+ files? from the cache/.exec(r.stderr)?.[1] ?? NaN),
    modules: loaded.files.flatMap((f) => byFile[f.split('/').pop()!] ?? []),
    required: loaded.required,
    report: JSON.parse(readFileSync(out, 'utf8')) as Run['report'],
  };
}

/** The findings of a report, without what differs between runs (ids). */
const findings = (run: Run) => run.report.files.map((f) => [f.path, f.findings.map((x) => [x.ruleId, x.message])]);

/** What only grading a file needs: the YAML compiler and matchers, the front-ends, the pool, the model code. */
const GRADING = [
  /yaml-rules\/(compile|load|fix)\.js$/,
  /yaml-rules\/matchers\//,
  /languages\/python\/(index|parse|build-model)\.js$/,
  /languages\/javascript\/(index|parse)\.js$/,
  /engine\/(pool|grade-file|run-rules)\.js$/,
  /neural\/(detectors\/model|lexer|onnx)\.js$/,
];
const grading = (run: Run) => run.modules.filter((m) => GRADING.some((re) => re.test(m)));
/** Parsers and the model's runtime: packages, and the build's copy of @babel/parser (scripts/patch-babel.mjs). */
const parsers = (run: Run) =>
  run.required.filter(
    (f) =>
      /node_modules\/(tree-sitter|tree-sitter-python|@babel\/parser|onnxruntime-node)\//.test(f) ||
      f.endsWith('dist/vendor/babel-parser.cjs'),
  );

function project(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const SOURCES = {
  'settings.py': 'import os\n\nDEBUG = True\n\n\ndef f(a, b, c, d, e, g):\n    if a and b or c:\n        return d\n    return e + g\n',
  'app.js': 'export function g(a) {\n  if (a == null) return eval(a);\n  return a + 1;\n}\n',
};

describe('a fully cached re-run (built CLI)', () => {
  it('compiles no YAML rule and loads no parser or grading code, with the same findings', () => {
    const dir = project('plain', SOURCES);
    const home = join(work, 'home-plain');
    const cold = grade(ROOT, dir, home);
    expect(cold.code, cold.stderr).toBeLessThanOrEqual(1);
    expect(cold.hits).toBe(0);
    // The check below can fail: grading loads all of these.
    expect(grading(cold).length).toBeGreaterThanOrEqual(8);
    expect(parsers(cold).length).toBeGreaterThanOrEqual(2);
    expect(findings(cold).flat(2).join(' ')).toContain('django-debug-true');

    const cached = grade(ROOT, dir, home);
    expect(cached.code, cached.stderr).toBe(cold.code);
    expect(cached.hits).toBe(2);
    expect(grading(cached)).toEqual([]);
    expect(parsers(cached)).toEqual([]);
    expect(cached.modules).toContain('dist/yaml-rules/bundled.js'); // the bundled packs were listed, from placeholders
    expect(findings(cached)).toEqual(findings(cold));
  });

  describe('on a copy of the package whose files can change', () => {
    let pkg: string;
    beforeAll(() => {
      // Times kept, so the copy's code stamp is the build's (its files are no newer than the stamp).
      pkg = join(work, 'pkg');
      const keep = { recursive: true, preserveTimestamps: true };
      cpSync(join(ROOT, 'bin'), join(pkg, 'bin'), keep);
      cpSync(join(ROOT, 'dist', 'bundle'), join(pkg, 'dist', 'bundle'), keep);
      cpSync(join(ROOT, 'dist', 'vendor'), join(pkg, 'dist', 'vendor'), keep); // stamped with the bundle
      cpSync(join(ROOT, 'native'), join(pkg, 'native'), keep); // the addons, stamped with the grammar
      cpSync(join(ROOT, 'dist', 'rules-snapshot.json'), join(pkg, 'dist', 'rules-snapshot.json'), keep);
      cpSync(join(ROOT, 'rules'), join(pkg, 'rules'), keep);
      cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'), keep);
      for (const linked of ['node_modules', 'models', 'schemas']) symlinkSync(join(ROOT, linked), join(pkg, linked));
    });

    it('an edited bundled YAML rule misses the cache, and its new text is reported', () => {
      const dir = project('bundled-edit', SOURCES);
      const home = join(work, 'home-bundled-edit');
      expect(grade(pkg, dir, home).hits).toBe(0);
      const cached = grade(pkg, dir, home);
      expect(cached.hits).toBe(2);
      expect(grading(cached)).toEqual([]);

      const rule = join(pkg, 'rules', 'python', 'security', 'django-debug-true.yaml');
      const text = readFileSync(rule, 'utf8');
      expect(text).toContain('message: Django settings set `DEBUG = True`');
      writeFileSync(rule, text.replace('message: Django settings set `DEBUG = True`', 'message: DEBUG is on in the settings'));
      const edited = grade(pkg, dir, home);
      expect(edited.hits).toBe(0);
      const debug = edited.report.files.flatMap((f) => f.findings).filter((x) => x.ruleId === 'django-debug-true');
      expect(debug.map((x) => x.message)).toEqual(['DEBUG is on in the settings']);
      expect(grade(pkg, dir, home).hits).toBe(2);
    });
  });

  it("an edited rule of the config's rule folder, and an edited config, miss the cache", () => {
    const rule = (message: string) =>
      `rules:\n  - id: no-debug-flag\n    languages: [python]\n    dimension: security\n    severity: warning\n    message: ${message}\n    suggestion: Read it from the environment\n    regex: 'DEBUG = True'\n`;
    const dir = project('user-rules', {
      ...SOURCES,
      '.toastyrc.yaml': 'rules:\n  dirs: [team-rules]\n',
      'team-rules/debug.yaml': rule('a debug flag'),
    });
    const home = join(work, 'home-user-rules');
    expect(grade(ROOT, dir, home).hits).toBe(0);
    const cached = grade(ROOT, dir, home);
    expect(cached.hits).toBe(2);
    expect(parsers(cached)).toEqual([]);
    expect(findings(cached).flat(2).join(' ')).toContain('a debug flag');

    writeFileSync(join(dir, 'team-rules', 'debug.yaml'), rule('the debug flag is on'));
    const edited = grade(ROOT, dir, home);
    expect(edited.hits).toBe(0);
    expect(findings(edited).flat(2).join(' ')).toContain('the debug flag is on');
    expect(grade(ROOT, dir, home).hits).toBe(2);

    writeFileSync(join(dir, '.toastyrc.yaml'), 'rules:\n  dirs: [team-rules]\n  no-debug-flag: error\n');
    expect(grade(ROOT, dir, home).hits).toBe(0);
  });
});
