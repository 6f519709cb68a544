// A real corpus for the learning and store benchmarks: a copy of some of the Python standard
// library and some JavaScript from node_modules, in a temp folder (stable relative paths).
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * A private copy of the built tool (bin, dist, package.json, schemas, rules; node_modules and
 * models linked), so rebuilds in the working tree during a long benchmark do not change the code
 * under test (nor, through the rule-set stamp, invalidate its cache).
 */
function snapshotTool() {
  const dir = mkdtempSync(join(tmpdir(), 'toasty-tool-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  for (const p of ['bin', 'dist', 'package.json', 'schemas', 'rules']) if (existsSync(join(ROOT, p))) cpSync(join(ROOT, p), join(dir, p), { recursive: true });
  for (const p of ['node_modules', 'models']) if (existsSync(join(ROOT, p))) symlinkSync(join(ROOT, p), join(dir, p));
  return dir;
}
export const BIN = join(snapshotTool(), 'bin', 'toasty.js');

const PY = ['email', 'json', 'asyncio', 'http', 'logging', 'xml', 'urllib', 'concurrent', 'importlib', 'argparse.py', 'difflib.py', 'inspect.py', 'pydoc.py', 'tarfile.py', 'typing.py'];
const JS = ['commander/lib', 'ajv/dist/compile', 'yaml/dist', 'picomatch/lib', 'cosmiconfig/dist', 'chalk/source', 'ignore/index.js'];

export function makeCorpus(size = 'default') {
  const dir = mkdtempSync(join(tmpdir(), 'toasty-corpus-'));
  const py = size === 'large' ? [...PY, 'multiprocessing', 'unittest', 'tkinter', 'idlelib', 'lib2to3', 'pydoc_data', 'distutils'] : PY;
  for (const p of py) {
    const src = join('/usr/lib/python3.11', p);
    if (existsSync(src)) cpSync(src, join(dir, 'corpus', 'py', basename(p)), { recursive: true });
  }
  for (const p of JS) {
    const src = join(ROOT, 'node_modules', p);
    if (existsSync(src)) cpSync(src, join(dir, 'corpus', 'js', p.replace(/\//g, '_')), { recursive: true });
  }
  return dir;
}
