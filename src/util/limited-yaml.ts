import type { Document, LineCounter } from 'yaml';
import { FileRefusedError, readRegularFile } from './read-regular.js';
import { yamlLib } from './yaml-lib.js';

/**
 * The limits on every YAML file toasty reads from a repository (rule files and config files):
 * a "billion laughs" file needs millions of alias expansions, a FIFO or `/dev/zero` never ends.
 */

/** YAML aliases expanded per file at most. */
export const MAX_ALIAS_COUNT = 100;
/** A YAML file larger than this is refused before parsing. */
export const MAX_YAML_FILE_BYTES = 1024 * 1024;

export interface YamlProblem {
  line: number;
  column: number;
  message: string;
}

/**
 * Reads a YAML file within the limits: a regular file of at most MAX_YAML_FILE_BYTES, never
 * blocking. `what` names it in the problem ("rule file", "config file").
 */
export function readYamlText(path: string, what: string): { text: string } | { problem: YamlProblem } {
  try {
    return { text: readRegularFile(path, { maxBytes: MAX_YAML_FILE_BYTES }).toString('utf8') };
  } catch (error) {
    const message = error instanceof FileRefusedError ? `${what} is ${error.message}` : `cannot read ${what}: ${(error as Error).message}`;
    return { problem: { line: 1, column: 1, message } };
  }
}

/**
 * Parses YAML text and converts it to plain data with at most MAX_ALIAS_COUNT alias expansions.
 * Problems carry the line and column of the syntax error or of the first alias.
 */
export function parseLimitedYaml(text: string, lines: LineCounter): { doc: Document; data: unknown; problems: YamlProblem[] } {
  const { parseDocument, visit } = yamlLib();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const problems: YamlProblem[] = doc.errors.map((error) => {
    const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
    const first = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { line: pos.line, column: pos.col, message: `YAML syntax error: ${first}` };
  });
  if (problems.length) return { doc, data: null, problems };
  try {
    return { doc, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems };
  } catch (error) {
    let at = { line: 1, col: 1 };
    visit(doc, {
      Alias: (_key, node) => {
        if (node.range) at = lines.linePos(node.range[0]);
        return visit.BREAK;
      },
    });
    const message = /alias/i.test((error as Error).message)
      ? `too many YAML alias expansions (more than ${MAX_ALIAS_COUNT}): refusing a possible "billion laughs" file`
      : `cannot read YAML: ${(error as Error).message}`;
    return { doc, data: null, problems: [{ line: at.line, column: at.col, message }] };
  }
}
