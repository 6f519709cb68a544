import { closeSync, constants, existsSync, lstatSync, openSync, readSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { ResolvedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import type { Language } from '../model/types.js';
import { toPosixRelative } from '../util/paths.js';
import { fileIdentity, readRegularFile } from '../util/read-regular.js';
import { tooLargeReason } from './content.js';
import { languageFromPath, languageFromShebang } from './language.js';

export interface DiscoveredFile {
  absPath: string;
  /** Relative to the working directory, forward slashes: what reports show. */
  path: string;
  language: Language | null;
  size: number;
  /** Set when the file is reported but not graded. */
  skipReason: string | null;
  /** The source itself when it does not come from `absPath` (`toasty grade -`: stdin). */
  content?: Uint8Array;
  /**
   * `dev:ino` of the file that discovery vetted (inside the graded roots, or named on the command
   * line): it is read by this identity, never by whatever the path points at later.
   */
  identity?: string;
  /**
   * What the cache may trust a stored digest of the file by (`dev:ino:size:mtime:ctime`, times in ns,
   * from the stat that gave `identity`): unchanged, the file's content is taken to be unchanged.
   */
  stamp?: string;
  /** The later of the file's mtime and ctime, in ms: a digest is stored for its stamp only once it is old enough (store/digests.ts). */
  changedMs?: number;
}

/** Whether a run grades the file: it has a language and no reason to be skipped. */
export function isGraded<F extends Pick<DiscoveredFile, 'language' | 'skipReason'>>(
  file: F,
): file is F & { language: Language; skipReason: null } {
  return Boolean(file.language) && !file.skipReason;
}

/** The languages of the files a run grades. */
export function languagesGraded(files: readonly Pick<DiscoveredFile, 'language' | 'skipReason'>[]): Set<Language> {
  const languages = new Set<Language>();
  for (const f of files) if (isGraded(f)) languages.add(f.language);
  return languages;
}

/** Why a link found while walking is not followed. */
export const OUTSIDE_ROOTS_REASON = 'symbolic link to a path outside the graded folders (not followed, not read)';

/** Largest .gitignore read (a FIFO or a device is never read). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/** Folders never walked into (unless passed explicitly). */
export const DEFAULT_IGNORED_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'build',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'coverage',
  '.next',
  '.nuxt',
  'site-packages',
  '.eggs',
  'bower_components',
]);

interface IgnoreLayer {
  dir: string;
  ig: Ignore;
}

function readGitignore(dir: string): IgnoreLayer | null {
  const file = join(dir, '.gitignore');
  if (!existsSync(file)) return null;
  try {
    return { dir, ig: ignore().add(readRegularFile(file, { maxBytes: MAX_GITIGNORE_BYTES }).toString('utf8')) };
  } catch {
    return null;
  }
}

/** .gitignore layers from the enclosing git root down to `dir` (exclusive). */
function ancestorLayers(dir: string): IgnoreLayer[] {
  const chain: string[] = [];
  let cur = dirname(dir);
  let gitRoot: string | null = existsSync(join(dir, '.git')) ? dir : null;
  while (!gitRoot) {
    chain.push(cur);
    if (existsSync(join(cur, '.git'))) gitRoot = cur;
    const up = dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  if (!gitRoot) return [];
  return chain
    .reverse()
    .map(readGitignore)
    .filter((l): l is IgnoreLayer => l !== null);
}

function isIgnored(layers: readonly IgnoreLayer[], abs: string, isDir: boolean): boolean {
  for (const { dir, ig } of layers) {
    const rel = relative(dir, abs);
    if (!rel || rel.startsWith('..')) continue;
    if (ig.ignores(isDir ? `${rel.split('\\').join('/')}/` : rel.split('\\').join('/'))) return true;
  }
  return false;
}

function firstLine(abs: string): string {
  let fd: number | null = null;
  try {
    // Never blocks on a FIFO swapped in since the walk saw a regular file.
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const buf = Buffer.alloc(256);
    const n = readSync(fd, buf, 0, 256, 0);
    return buf.subarray(0, n).toString('utf8').split('\n', 1)[0] ?? '';
  } catch {
    return '';
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function isVirtualenv(dir: string): boolean {
  return existsSync(join(dir, 'pyvenv.cfg'));
}

function isWithin(real: string, roots: readonly string[]): boolean {
  return roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));
}

/**
 * Files to grade, from paths given on the command line (default `.`), in a
 * deterministic order (sorted by path). Folders are walked iteratively;
 * symlinked folders are followed once (by real path), so loops end.
 * A link found while walking is followed only when its real path is inside one of the
 * folders given (the graded roots); one that leads outside is reported as skipped and never
 * read. A path named on the command line is the user's choice and is followed.
 * `only` (absolute paths, e.g. from `--changed`) keeps just those files.
 */
/**
 * The bytes of a discovered file: the very file discovery vetted (by `dev:ino`, so a link or a
 * FIFO swapped in since is refused), within `maxBytes`. Throws FileRefusedError or a system error.
 */
/** A file's bytes: the content it carries (`toasty grade -`: stdin), else read from disk by the identity discovery vetted. */
export function readDiscoveredFile(file: DiscoveredFile, maxBytes: number): Buffer {
  // Across a worker thread a Buffer arrives as a plain Uint8Array: view it as a Buffer again.
  if (file.content) return Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength);
  return readRegularFile(file.absPath, { maxBytes, ...(file.identity ? { identity: file.identity } : {}) });
}

export function discoverFiles(paths: readonly string[], cwd: string, config: ResolvedConfig, only?: ReadonlySet<string>): DiscoveredFile[] {
  const include = config.include.length ? picomatch(config.include, { dot: true }) : null;
  const exclude = config.exclude.length ? picomatch(config.exclude, { dot: true }) : null;
  const byReal = new Map<string, DiscoveredFile>();
  const visitedDirs = new Set<string>();
  const roots: string[] = [];
  for (const given of paths) {
    try {
      const real = realpathSync(resolve(cwd, given));
      if (statSync(real).isDirectory()) roots.push(real);
    } catch {
      // reported as not found below
    }
  }

  /** `knownReal`: the file's real path when the walk knows it (a regular file in a folder whose real path it has). */
  const consider = (abs: string, st: Stats, explicit: boolean, knownReal?: string): void => {
    let real: string;
    let identity: string;
    let stamp: string;
    let changedMs: number;
    try {
      real = knownReal ?? realpathSync(abs);
      const big = statSync(real, { bigint: true });
      identity = fileIdentity(big);
      stamp = `${identity}:${big.size}:${big.mtimeNs}:${big.ctimeNs}`;
      changedMs = Number((big.mtimeNs > big.ctimeNs ? big.mtimeNs : big.ctimeNs) / 1_000_000n);
    } catch {
      return;
    }
    if (byReal.has(real)) return;
    if (only && !only.has(abs) && !only.has(real)) return;
    const rootRel = toPosixRelative(config.root, abs);
    if (!explicit) {
      if (include && !include(rootRel)) return;
      if (exclude?.(rootRel)) return;
    }
    const language = languageFromPath(abs) ?? (explicit || !/\.[^/]+$/.test(abs) ? languageFromShebang(firstLine(real)) : null);
    if (!language) {
      if (explicit)
        byReal.set(real, {
          absPath: abs,
          path: toPosixRelative(cwd, abs),
          language: null,
          size: st.size,
          skipReason: 'unsupported language (by extension and shebang)',
        });
      return;
    }
    const skipReason = tooLargeReason(st.size, config.maxFileSize);
    byReal.set(real, { absPath: abs, path: toPosixRelative(cwd, abs), language, size: st.size, skipReason, identity, stamp, changedMs });
  };

  /** A link found while walking that leads outside the roots: listed as skipped when it would have been graded. */
  const outside = (abs: string, layers: readonly IgnoreLayer[], isDir: boolean): void => {
    if (byReal.has(abs) || isIgnored(layers, abs, isDir)) return;
    if (isDir && (DEFAULT_IGNORED_DIRS.has(basename(abs)) || isVirtualenv(abs))) return;
    const rootRel = toPosixRelative(config.root, abs);
    if (exclude && (exclude(rootRel) || (isDir && exclude(`${rootRel}/`)))) return;
    const language = isDir ? null : languageFromPath(abs);
    if (!isDir && (!language || (include && !include(rootRel)))) return;
    if (only && !only.has(abs)) return;
    byReal.set(abs, { absPath: abs, path: toPosixRelative(cwd, abs), language, size: 0, skipReason: OUTSIDE_ROOTS_REASON });
  };

  for (const given of paths) {
    const abs = resolve(cwd, given);
    let st: Stats;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`path not found: ${given}`, 'pass existing files or folders, e.g. `toasty grade src/`');
    }
    if (st.isFile()) {
      consider(abs, st, true);
      continue;
    }
    if (!st.isDirectory()) {
      // A FIFO, socket or device named on the command line is reported, never read (a FIFO blocks).
      byReal.set(abs, {
        absPath: abs,
        path: toPosixRelative(cwd, abs),
        language: null,
        size: 0,
        skipReason: 'not a regular file (a FIFO, socket or device)',
      });
      continue;
    }
    // Iterative depth-first walk; each stack entry carries the .gitignore layers in force.
    // The enclosing repository's .gitignore applies below the given folder, unless that folder is
    // itself ignored: then the user asked for it explicitly (e.g. `toasty grade vendor/lib`).
    const inherited = config.gitignore ? ancestorLayers(abs) : [];
    const rootLayers = isIgnored(inherited, abs, true) ? [] : inherited;
    // Each folder's real path goes with it: a real folder's entry that is no link has the real path
    // of the folder joined with its name. realpathSync per file lstat'ed every component of its path
    // again (29 ms of a fully cached 0.5 s JS/TS corpus run, issue 19).
    let rootReal: string;
    try {
      rootReal = realpathSync(abs);
    } catch {
      continue;
    }
    const stack: { dir: string; real: string; layers: IgnoreLayer[] }[] = [{ dir: abs, real: rootReal, layers: rootLayers }];
    while (stack.length) {
      const { dir, real, layers: parentLayers } = stack.pop()!;
      if (visitedDirs.has(real)) continue;
      visitedDirs.add(real);
      const own = config.gitignore ? readGitignore(dir) : null;
      const layers = own ? [...parentLayers, own] : parentLayers;
      let entries: string[];
      try {
        entries = readdirSync(dir).sort();
      } catch {
        continue;
      }
      const subdirs: { dir: string; real: string }[] = [];
      for (const name of entries) {
        const child = join(dir, name);
        let cst: Stats;
        let childReal: string;
        try {
          cst = lstatSync(child);
          if (cst.isSymbolicLink()) {
            const target = statSync(child); // loops are cut by visitedDirs
            childReal = realpathSync(child);
            if (!isWithin(childReal, roots)) {
              if (target.isDirectory() || target.isFile()) outside(child, layers, target.isDirectory());
              continue;
            }
            cst = target;
          } else childReal = join(real, name);
        } catch {
          continue;
        }
        if (cst.isDirectory()) {
          if (DEFAULT_IGNORED_DIRS.has(name) || isVirtualenv(child)) continue;
          if (isIgnored(layers, child, true)) continue;
          const rootRel = toPosixRelative(config.root, child);
          if (exclude && (exclude(rootRel) || exclude(`${rootRel}/`))) continue;
          subdirs.push({ dir: child, real: childReal });
        } else if (cst.isFile()) {
          if (isIgnored(layers, child, false)) continue;
          consider(child, cst, false, childReal);
        }
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ ...subdirs[i]!, layers });
    }
  }
  return [...byReal.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
