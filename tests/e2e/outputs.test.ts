import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/report/types.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

let t: { dir: string; remove: () => void };
beforeAll(() => {
  // unused-parameter (info), bare-except and swallowed-exception (warnings)
  t = tempTree({ 'a.py': 'def f(x):\n    try:\n        return 1\n    except:\n        pass\n' });
});
afterAll(() => t.remove());

const grade = (...args: string[]) => toasty(['grade', 'a.py', '--no-neural', ...args], t.dir);
const read = (file: string) => readFileSync(join(t.dir, file), 'utf8');

describe('--output without --format: the format follows the extension', () => {
  it('.json, .sarif, .sarif.json, .xml, .md and .txt', () => {
    const r = grade(
      '--output',
      'r.json',
      '--output',
      'r.sarif',
      '--output',
      'r.sarif.json',
      '--output',
      'r.xml',
      '--output',
      'r.md',
      '--output',
      'r.txt',
    );
    expect(r.stderr).not.toContain('toasty: failed');
    expect(r.code).toBe(0);
    expect(JSON.parse(read('r.json'))).toMatchObject({ schemaVersion: 1, tool: { name: 'toasty' } });
    expect(JSON.parse(read('r.sarif'))).toMatchObject({ version: '2.1.0' });
    expect(JSON.parse(read('r.sarif.json'))).toMatchObject({ version: '2.1.0' });
    expect(read('r.xml')).toMatch(/^<\?xml[^]*<testsuites /);
    expect(read('r.md')).toContain('|');
    expect(read('r.txt')).toContain('bare-except');
    expect(r.stderr).toContain('wrote json report to r.json');
    expect(r.stderr).toContain('wrote junit report to r.xml');
  });

  it('a --format before --output still decides', () => {
    expect(grade('--format', 'pretty', '--output', 'p.json').code).toBe(0);
    expect(read('p.json')).toContain('bare-except');
    expect(() => JSON.parse(read('p.json'))).toThrow();
  });

  it('.html (no HTML report yet) and unknown extensions are exit 2 naming the file, the extension and the known ones', () => {
    const html = grade('--output', 'r.html');
    expect(html.code).toBe(2);
    expect(html.stderr).toContain('--output r.html: there is no HTML report yet; known extensions: .sarif.json (sarif), .json (json)');
    const csv = grade('--output', 'r.csv');
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain("--output r.csv: unknown extension '.csv'");
    expect(csv.stderr).toContain('.xml (junit)');
    expect(csv.stderr).toContain('hint: put --format FORMAT before --output');
    const bare = grade('--output', 'report');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--output report: no extension');
    for (const f of ['r.html', 'r.csv', 'report']) expect(existsSync(join(t.dir, f))).toBe(false);
  });
});

describe('junit through the CLI', () => {
  it('a passing run with info and warning findings has failures="0"; --fail-on warning fails the two warnings only', () => {
    expect(grade('--output', 'pass.xml').code).toBe(0);
    expect(read('pass.xml')).toMatch(/<testsuites name="toasty" tests="\d+" failures="0"/);
    expect(read('pass.xml')).toContain('unused-parameter'); // listed, in system-out
    expect(grade('--fail-on', 'warning', '--output', 'fail.xml').code).toBe(1);
    expect(read('fail.xml')).toMatch(/<testsuites name="toasty" tests="\d+" failures="2"/);
    expect(read('fail.xml')).toContain('<failure message="Bare `except:`');
  });
});

describe('grade --help', () => {
  it('lists every format, codeclimate included', () => {
    const r = toasty(['grade', '--help'], t.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(FORMATS.join('|'));
    expect(r.stdout).toContain('codeclimate');
  });
});
