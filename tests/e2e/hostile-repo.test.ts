import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { toasty, type CliResult } from '../helpers/cli.js';

/**
 * A repository written by an attacker (CI grades pull requests from strangers): names with
 * newlines, workflow commands and ESC sequences, source text with ESC sequences in a parse
 * error, and links to files outside the graded tree. Every output format is searched for what
 * must never appear.
 */

const INJECTED_NAME = 'evil\n::error file=pwned.py,line=1::INJECTED\n.py';
const COMMAND_NAME = '::warning file=x.py,line=1::NAMED.py';
const ESC_NAME = 'esc\x1b[2Jname.py';
const CR_NAME = 'cr\rname.py';
// A security finding in every graded file, so each name reaches every format's finding lines.
const FLAGGED = 'def run(x):\n    return eval(x)\n';
const FORMATS = ['pretty', 'json', 'sarif', 'github', 'junit', 'markdown', 'codeclimate'] as const;

let base: string;
let root: string;
let secret: string;
const outputs = new Map<string, CliResult>();

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'toasty-hostile-'));
  root = join(base, 'repo');
  mkdirSync(join(root, 'pkg'), { recursive: true });
  secret = `TOPSECRET-${randomBytes(8).toString('hex')}`;
  writeFileSync(join(base, 'secret.py'), `${secret} = (\n`); // outside the root; would be a parse error with a frame
  writeFileSync(join(root, INJECTED_NAME), FLAGGED);
  writeFileSync(join(root, COMMAND_NAME), FLAGGED);
  writeFileSync(join(root, CR_NAME), FLAGGED);
  // A parse error whose message and code frame carry ESC sequences (clear screen, set window title).
  writeFileSync(join(root, ESC_NAME), 'def f(:\n    "\x1b]0;OWNED\x07\x1b[2J"\n');
  writeFileSync(join(root, 'pkg', 'inner.py'), FLAGGED);
  symlinkSync(join(base, 'secret.py'), join(root, 'shadow.py'));
  if (existsSync('/etc/passwd')) symlinkSync('/etc/passwd', join(root, 'passwd.py'));
  symlinkSync('/', join(root, 'rootfs'));
  symlinkSync(base, join(root, 'up'));
  symlinkSync(join(root, 'pkg', 'inner.py'), join(root, 'inside-link.py')); // inside the root: graded
  for (const format of FORMATS) {
    outputs.set(format, toasty(['grade', '.', '--no-neural', '--no-learning', '--verbose', '--format', format], root));
  }
}, 240_000);

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a hostile repository', () => {
  it('grades the tree and exits normally in every format', () => {
    for (const format of FORMATS) {
      const r = outputs.get(format)!;
      expect(r.code, `${format}: ${r.stderr}`).toBe(0);
    }
  });

  it('never follows a link found while walking out of the graded folder, and says why', () => {
    const result = JSON.parse(outputs.get('json')!.stdout) as RunResult;
    const byPath = new Map(result.files.map((f) => [f.path, f]));
    for (const link of ['shadow.py', 'rootfs', 'up', ...(existsSync('/etc/passwd') ? ['passwd.py'] : [])]) {
      expect(byPath.get(link)?.status, link).toBe('skipped');
      expect(byPath.get(link)?.skipReason, link).toMatch(/outside the graded folders/);
    }
    expect(byPath.get('inside-link.py')?.status).toBe('graded');
    expect(byPath.get(INJECTED_NAME)?.status).toBe('graded');
    expect(byPath.get(ESC_NAME)?.status).toBe('parse-error');
    // Nothing under the link to / or to the folder above was walked.
    expect(result.files.every((f) => !f.path.startsWith('rootfs/') && !f.path.startsWith('up/'))).toBe(true);
  });

  it('prints no byte of a file outside the graded folder, in any format', () => {
    for (const format of FORMATS) {
      const { stdout, stderr } = outputs.get(format)!;
      expect(stdout + stderr, format).not.toContain(secret);
      expect(stdout + stderr, format).not.toMatch(/root:[^:\n]*:0:0:/);
    }
  });

  it('lets no control character of a name or a source line reach the output', () => {
    for (const format of FORMATS) {
      const { stdout, stderr } = outputs.get(format)!;
      // NO_COLOR is set by the helper: toasty itself writes no ESC, so any would be the attacker's.
      // eslint-disable-next-line no-control-regex
      expect(stdout + stderr, format).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    }
    const pretty = outputs.get('pretty')!.stdout;
    expect(pretty).toContain('evil\\n::error file=pwned.py,line=1::INJECTED\\n.py');
    expect(pretty).toContain('\\x3a:warning file=x.py,line=1::NAMED.py');
    expect(pretty).toContain('esc\\x1b[2Jname.py');
    expect(pretty).toContain('cr\\rname.py');
    // The code frame of the parse error shows the ESC as a visible picture, in place.
    expect(pretty).toContain('\u241b]0;OWNED\u2407\u241b[2J');
  });

  it('lets no line start a GitHub Actions workflow command, except github format`s own', () => {
    for (const format of FORMATS) {
      const lines = `${outputs.get(format)!.stdout}\n${outputs.get(format)!.stderr}`.split('\n');
      for (const line of lines) {
        if (format === 'github' && line.startsWith('::')) {
          // Property values cannot hold `:` or `,` (escaped as %3A, %2C): one command per line, ours.
          expect(line).toMatch(
            /^::(error|warning|notice) (file=[^,:]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^,:]*|title=toasty)::[^\n]*$/,
          );
          continue;
        }
        expect(line, `${format}: ${JSON.stringify(line)}`).not.toMatch(/^\s*::/);
      }
    }
    expect(outputs.get('github')!.stdout).toContain('file=evil%0A%3A%3Aerror file=pwned.py%2Cline=1%3A%3AINJECTED%0A.py,');
  });

  it('explain and show escape names and messages the same way', () => {
    const result = JSON.parse(outputs.get('json')!.stdout) as RunResult;
    const finding = result.files.find((f) => f.path === INJECTED_NAME)!.findings[0]!;
    for (const args of [
      ['explain', INJECTED_NAME, '--no-learning'],
      ['explain', ESC_NAME, '--no-learning'],
      ['show', finding.id],
    ]) {
      const r = toasty(args, root);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      const text = `${r.stdout}\n${r.stderr}`;
      // eslint-disable-next-line no-control-regex
      expect(text, args[0]).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      for (const line of text.split('\n')) expect(line, args[0]).not.toMatch(/^\s*::/);
    }
  });
});

/** A "billion laughs" YAML document: 10^9 strings once every alias is expanded. */
function billionLaughs(): string {
  const lines = [`a: &a [${Array(10).fill('"lol"').join(', ')}]`];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++)
    lines.push(
      `${names[i]}: &${names[i]} [${Array(10)
        .fill(`*${names[i - 1]}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

describe('a hostile config file gets the rule files` limits (exit 2, file:line:col, never blocks)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'toasty-hostile-config-'));
    writeFileSync(join(dir, 'a.py'), 'x = 1\n');
    writeFileSync(join(dir, 'laughs.yaml'), billionLaughs());
    writeFileSync(join(dir, 'huge.yaml'), `# ${'x'.repeat(1024 * 1024)}\nminScore: 1\n`);
    mkdirSync(join(dir, 'folder.yaml'));
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, string[], RegExp][] = [
    ['billion laughs', ['--config', 'laughs.yaml'], /^toasty: laughs\.yaml:2:\d+ too many YAML alias expansions \(more than 100\)/m],
    ['over the size limit', ['--config', 'huge.yaml'], /^toasty: huge\.yaml:1:1 config file is larger than 1048576 bytes/m],
    ['a folder', ['--config', 'folder.yaml'], /^toasty: folder\.yaml:1:1 config file is a folder, not a file/m],
    ['a FIFO', ['--config', 'fifo.yaml'], /^toasty: fifo\.yaml:1:1 config file is not a regular file \(a FIFO, socket or device\)/m],
    ['/dev/zero', ['--config', '/dev/zero'], /^toasty: \/dev\/zero:1:1 config file is not a regular file/m],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const started = Date.now();
      const r = toasty(['grade', 'a.py', '--no-neural', ...args], dir);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(Date.now() - started).toBeLessThan(20_000);
    });
  }

  it('a JSON syntax error: exit 2, file:line:col and one code frame (issue 18)', () => {
    writeFileSync(join(dir, 'bad.json'), '{\n  "minScore": 70,\n  "ignore": ["a",, "b"]\n}\n');
    const r = toasty(['grade', 'a.py', '--no-neural', '--config', 'bad.json'], dir);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^toasty: bad\.json:3:18 JSON syntax error: unexpected ',', expected a value$/m);
    expect(r.stderr.match(/> 3 \|/g)).toHaveLength(1);
    expect(r.stderr.match(/bad\.json:/g)).toHaveLength(1);
  });

  it('a FIFO or a billion-laughs file found by the config search', () => {
    for (const [name, make] of [
      ['.toastyrc', (path: string) => execFileSync('mkfifo', [path])],
      ['.toastyrc.yaml', (path: string) => writeFileSync(path, billionLaughs())],
    ] as const) {
      const sub = mkdtempSync(join(dir, 'search-'));
      writeFileSync(join(sub, 'package.json'), '{}');
      writeFileSync(join(sub, 'a.py'), 'x = 1\n');
      make(join(sub, name));
      const r = toasty(['grade', '.', '--no-neural'], sub);
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`${name}:`);
    }
  });
});
