import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';

/**
 * Writes `text` to `path` as UTF-8, encoded by `Buffer.from` first. Node 20's `writeFileSync` with a
 * string encodes through V8's own UTF-8 writer, which is slow on a two-byte string (any character
 * past U+00FF, such as a `—` in one finding's message, makes the whole report one): a 9.5 MB JSON
 * report of the standard library took 64–115 ms to write to /dev/null that way, 7–15 ms as
 * `Buffer.from` (simdutf) plus the write (issue 19). The bytes are the same, lone surrogates
 * included (both write U+FFFD): tests/util/write-text.test.ts.
 */
export function writeTextFileSync(path: string, text: string): void {
  writeFileSync(path, Buffer.from(text, 'utf8'));
}

/** About a megabyte: the UTF-8 of the pieces is gathered in one buffer of this size, reused. */
const CHUNK_BYTES = 1 << 20;

/**
 * Hands the UTF-8 of `pieces`, in order, to `sink` in chunks of up to a megabyte from one reused
 * buffer (a piece larger than that on its own): a large report is written without a string or a
 * buffer of its whole size. `sink` must be done with the bytes when it returns (they are
 * overwritten next). A piece must not end inside a surrogate pair (a JSON text never does).
 */
export function writePieces(pieces: Iterable<string>, sink: (bytes: Uint8Array) => void): void {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  for (const piece of pieces) {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    const most = piece.length * 3;
    if (used + most > CHUNK_BYTES && used > 0) {
      sink(buffer.subarray(0, used));
      used = 0;
    }
    if (most > CHUNK_BYTES) sink(Buffer.from(piece, 'utf8'));
    else used += buffer.write(piece, used, 'utf8');
  }
  if (used > 0) sink(buffer.subarray(0, used));
}

/** `writeTextFileSync(path, pieces.join(''))` without the joined string (see `writePieces`). */
export function writeTextPiecesSync(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    writePieces(pieces, (bytes) => {
      for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
    });
  } finally {
    closeSync(fd);
  }
}
