import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Why a file was not read: not a regular file, too large, or not the file that was vetted. */
export class FileRefusedError extends Error {}

export interface RegularFileOptions {
  /** Refuse files larger than this (checked on the open file, before reading). */
  maxBytes: number;
  /** Refuse the file when the last component of `path` is a symbolic link (O_NOFOLLOW). */
  noFollow?: boolean;
  /** `dev:ino` of the file as found earlier: refuse any other file (swapped in since). */
  identity?: string;
}

// Not defined on every platform (Windows): 0 leaves the open as it was.
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** `dev:ino` of a file, as `identity` expects it. */
export function fileIdentity(st: { dev: bigint; ino: bigint }): string {
  return `${st.dev}:${st.ino}`;
}

/**
 * Reads a file only if, once open, it is a regular file within the size limit (and, with
 * `identity`, the very file found before). Opening never blocks: a FIFO is opened non-blocking
 * and refused, like a device (`/dev/zero`) or a folder. Checks are on the open descriptor, so
 * the file cannot change between the check and the read. Throws FileRefusedError with the
 * reason, or the system error (ENOENT, ELOOP for a link under `noFollow`, EACCES…).
 */
export function readRegularFile(path: string, options: RegularFileOptions): Buffer {
  const fd = openSync(path, constants.O_RDONLY | O_NONBLOCK | (options.noFollow ? O_NOFOLLOW : 0));
  try {
    const st = fstatSync(fd, { bigint: true });
    if (st.isDirectory()) throw new FileRefusedError('a folder, not a file');
    if (!st.isFile()) throw new FileRefusedError('not a regular file (a FIFO, socket or device)');
    if (options.identity !== undefined && fileIdentity(st) !== options.identity)
      throw new FileRefusedError('replaced since it was found (not read)');
    const size = Number(st.size);
    if (size > options.maxBytes) throw new FileRefusedError(`larger than ${options.maxBytes} bytes`);
    // Read at most maxBytes + 1: a file that grows past the limit while being read is refused too.
    // Not zero-filled first (as fs.readFileSync does; zeroing was 20 ms of a JS/TS corpus run's key
    // pass, issue 19): the bytes read are returned, and the unread rest (a file that shrank) is zeroed.
    const buffer = Buffer.allocUnsafe(Math.min(size + 1, options.maxBytes + 1));
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > options.maxBytes) throw new FileRefusedError(`larger than ${options.maxBytes} bytes`);
    if (length < buffer.length) buffer.fill(0, length);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}
