import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, packageDir } from '../../src/util/paths.js';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'toasty-package-dir-')));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function pkg(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
  return dir;
}

describe('packageDir: where the package at a root loads a dependency from', () => {
  // toasty installed as a dependency: <base>/node_modules/toasty, its dependencies nested or hoisted.
  const hoisted = join(base, 'node_modules');
  const root = pkg(join(hoisted, 'toasty'), 'toasty');
  const onlyHoisted = pkg(join(hoisted, 'grammar-a'), 'grammar-a');
  pkg(join(hoisted, 'grammar-b'), 'grammar-b');
  const nestedB = pkg(join(root, 'node_modules', 'grammar-b'), 'grammar-b');

  it('finds a package nested in its own node_modules first, as Node resolves it', () => {
    expect(packageDir('grammar-b', root)).toBe(nestedB);
    expect(dirname(createRequire(join(root, 'package.json')).resolve('grammar-b/package.json'))).toBe(nestedB);
  });

  it('finds a hoisted package through Node’s resolution', () => {
    expect(packageDir('grammar-a', root)).toBe(onlyHoisted);
  });

  it('is null for a package that is not installed where the root can load it', () => {
    expect(packageDir('no-such-package-here', root)).toBeNull();
  });

  it('gives this package’s tree-sitter-python where Node’s resolution finds it', () => {
    const viaNode = dirname(createRequire(join(PACKAGE_ROOT, 'package.json')).resolve('tree-sitter-python/package.json'));
    expect(packageDir('tree-sitter-python')).toBe(viaNode);
  });
});
