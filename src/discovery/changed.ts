import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { childProcess } from '../util/child-process.js';

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = childProcess().spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw new UsageError(`--changed needs git, which could not be run: ${r.error.message}`);
  return { ok: r.status === 0, out: r.stdout, err: r.stderr.trim() };
}

/** The merge base with the default branch (origin/HEAD, origin/main, main, master), or null. */
function defaultBase(cwd: string): string | null {
  const candidates = [];
  const originHead = git(cwd, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']);
  if (originHead.ok) candidates.push(originHead.out.trim());
  candidates.push('origin/main', 'origin/master', 'main', 'master');
  for (const ref of candidates) {
    const base = git(cwd, ['merge-base', 'HEAD', ref]);
    if (base.ok) return base.out.trim();
  }
  return null;
}

export interface ChangedFiles {
  /** The commit compared against (null: only uncommitted changes). */
  base: string | null;
  /** Absolute paths of changed, existing files. */
  files: Set<string>;
  /** For --changed-lines: absolute path → changed (added or modified) line numbers in the working tree. */
  lines: Map<string, Set<number>>;
}

/**
 * Files changed since `ref` (default: the merge base with the default branch; when there is none,
 * uncommitted changes only), plus uncommitted and untracked files. A clear error outside a repo.
 */
export function changedFiles(cwd: string, ref: string | true): ChangedFiles {
  const top = git(cwd, ['rev-parse', '--show-toplevel']);
  if (!top.ok)
    throw new UsageError(
      `--changed only works inside a git repository (${cwd} is not in one)`,
      'run toasty from your repository, or grade paths without --changed',
    );
  const root = top.out.trim();
  let base: string | null;
  if (ref === true) {
    base = defaultBase(cwd);
  } else {
    const verified = git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (!verified.ok) throw new UsageError(`--changed: unknown git revision '${ref}'`);
    base = verified.out.trim();
  }
  const hasHead = git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD']).ok;
  const against = base ?? (hasHead ? 'HEAD' : null);
  const files = new Set<string>();
  const lines = new Map<string, Set<number>>();
  if (against) {
    const diff = git(root, ['diff', '--no-color', '--no-ext-diff', '-U0', '--diff-filter=ACMR', against, '--']);
    if (!diff.ok) throw new UsageError(`--changed: git diff failed: ${diff.err}`);
    let current: string | null = null;
    for (const line of diff.out.split('\n')) {
      if (line.startsWith('+++ ')) {
        const p = line.slice(4);
        current = p === '/dev/null' ? null : resolve(root, p.replace(/^b\//, ''));
        if (current) {
          files.add(current);
          if (!lines.has(current)) lines.set(current, new Set());
        }
      } else if (line.startsWith('@@') && current) {
        const m = /\+(\d+)(?:,(\d+))?/.exec(line);
        if (m) {
          const start = Number(m[1]);
          const count = m[2] === undefined ? 1 : Number(m[2]);
          for (let i = 0; i < count; i++) lines.get(current)!.add(start + i);
        }
      }
    }
  }
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  for (const p of untracked.out.split('\0').filter(Boolean)) {
    const abs = resolve(root, p);
    files.add(abs);
    lines.set(abs, new Set([0])); // 0 = every line is new
  }
  return { base, files, lines };
}
