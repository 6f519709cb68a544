import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The PostgreSQL binaries folder (Debian: /usr/lib/postgresql/<major>/bin), or null. */
export function pgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const m of majors) if (existsSync(join(root, m, 'bin', 'initdb'))) return join(root, m, 'bin');
  return null;
}

export interface Pg {
  url: string;
  stop: () => void;
}

/**
 * A throwaway PostgreSQL cluster in a temp folder (initdb + pg_ctl, a random port, its socket in
 * the folder), run as the `postgres` user when we are root. Stop it with stop().
 */
export async function startPg(): Promise<Pg> {
  const bin = pgBin();
  if (!bin)
    throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: install them with `apt-get install -y postgresql`');
  const dir = mkdtempSync(join(tmpdir(), 'toasty-pg-'));
  const root = process.getuid?.() === 0;
  const as = (cmd: string, args: string[]): string[] => (root ? ['runuser', '-u', 'postgres', '--', cmd, ...args] : [cmd, ...args]);
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]): void => {
    const [exe, ...rest] = as(cmd, args);
    execFileSync(exe!, rest, { stdio: 'pipe', cwd: dir });
  };
  const data = join(dir, 'data');
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  run(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=50`,
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface Served {
  url: string;
  child: ChildProcess;
  /** Everything it wrote on stderr so far. */
  stderr: () => string;
  stop: () => Promise<void>;
}

/** `toasty serve` (the built CLI) on a random port; resolves once it listens. */
export async function spawnServe(args: string[], env: NodeJS.ProcessEnv): Promise<Served> {
  // Never the real home: the JWT secret file and default databases go to a temp folder unless given.
  const home = env.TOASTY_HOME ?? mkdtempSync(join(tmpdir(), 'toasty-serve-home-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--no-neural', ...args], {
    env: { ...process.env, NO_COLOR: '1', TOASTY_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`toasty serve did not start: ${err}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`toasty serve exited with ${code}: ${err}`));
    });
  });
  return {
    url,
    child,
    stderr: () => err,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface RedisServer {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

/** A throwaway `redis-server` (apt: redis-server) on a free port, no persistence; resolves once it accepts connections. */
export async function startRedis(port?: number): Promise<RedisServer> {
  const bin = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
  if (!bin) throw new Error('redis-server not found: install it with `apt-get install -y redis-server`');
  const p = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'toasty-redis-'));
  const child = spawn(bin, ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${out}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGKILL');
      }),
  };
}

/** Whether redis-server is installed (tests/sync/redis.test.ts). */
export const hasRedis = (): boolean => ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].some((p) => existsSync(p));
