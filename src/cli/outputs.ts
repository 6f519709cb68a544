import { basename, extname } from 'node:path';
import { UsageError } from '../errors.js';
import { FORMATS, type Format } from '../report/types.js';

export interface OutputTarget {
  format: Format;
  /** null = stdout */
  file: string | null;
}

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/** The format an `--output` file gets from its name when no `--format` pairs with it (longest suffix first). */
const BY_EXTENSION: readonly (readonly [string, Format])[] = [
  ['.sarif.json', 'sarif'],
  ['.json', 'json'],
  ['.sarif', 'sarif'],
  ['.xml', 'junit'],
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.txt', 'pretty'],
];

const knownExtensions = (): string => BY_EXTENSION.map(([ext, format]) => `${ext} (${format})`).join(', ');

/** `--output FILE` alone: the format its extension names, or a usage error naming the extension. */
export function formatForOutput(file: string): Format {
  const name = basename(file).toLowerCase();
  const match = BY_EXTENSION.find(([ext]) => name.endsWith(ext) && name.length > ext.length);
  if (match) return match[1];
  const ext = extname(name);
  if (ext === '.html' || ext === '.htm')
    throw new UsageError(
      `--output ${file}: there is no HTML report yet; known extensions: ${knownExtensions()}`,
      'or put --format FORMAT before --output to choose the format yourself',
    );
  throw new UsageError(
    `--output ${file}: ${ext ? `unknown extension '${ext}'` : 'no extension'}, so the format cannot be inferred; known extensions: ${knownExtensions()}`,
    `put --format FORMAT before --output (${FORMATS.join('|')})`,
  );
}

/**
 * Pairs each `--output` with the `--format` before it, in argv order
 * (`--format sarif --output t.sarif --format pretty`). A format without an
 * output goes to stdout; an `--output` with no format before it gets the format
 * its extension names (`.json`, `.sarif`, `.xml` → junit, `.md`, `.txt` → pretty).
 */
export function pairOutputs(rawArgs: readonly string[]): OutputTarget[] {
  const targets: OutputTarget[] = [];
  let last: OutputTarget | null = null;
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--format' && flag !== '--output') continue;
    const value = inline ?? rawArgs[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--format') {
      if (!isFormat(value)) throw new UsageError(`unknown --format '${value}'; expected one of ${FORMATS.join('|')}`);
      last = { format: value, file: null };
      targets.push(last);
    } else if (last && last.file === null) {
      last.file = value;
    } else {
      last = { format: formatForOutput(value), file: value };
      targets.push(last);
    }
  }
  if (targets.length === 0) targets.push({ format: 'pretty', file: null });
  const toStdout = targets.filter((t) => t.file === null);
  if (toStdout.length > 1)
    throw new UsageError(
      `only one format can go to stdout; give --output FILE after all but one of: ${toStdout.map((t) => t.format).join(', ')}`,
    );
  return targets;
}
