import { readFileSync, statSync } from 'node:fs';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';

export type PathSeg = string | number;

/** YAML aliases expanded per file at most (a "billion laughs" file needs millions). */
export const MAX_ALIAS_COUNT = 100;
/** A rule file larger than this is refused before parsing. */
export const MAX_RULE_FILE_BYTES = 1024 * 1024;

export interface RuleFileProblem {
  line: number;
  column: number;
  message: string;
}

/** `pattern-either[1].regex` from path segments. */
export function formatKey(path: readonly PathSeg[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '(rule)';
}

/**
 * A parsed rule file and the problems found in it, each placed at a line and
 * column of the YAML (via the document's node ranges and a LineCounter).
 */
export class RuleFileSource {
  readonly problems: RuleFileProblem[] = [];
  /** The file held one rule at the top level rather than `rules: [...]`. */
  single = false;
  data: unknown = null;
  private doc: Document | null = null;
  private readonly lines = new LineCounter();

  constructor(
    readonly path: string,
    /** The path shown in messages (relative to the working directory when inside it). */
    readonly display: string,
  ) {}

  /** Reads and parses the file; returns false (with problems recorded) when there is nothing to validate. */
  read(snapshot?: (text: string) => unknown): boolean {
    let text: string;
    try {
      if (statSync(this.path).size > MAX_RULE_FILE_BYTES) {
        this.problems.push({ line: 1, column: 1, message: `rule file is larger than ${MAX_RULE_FILE_BYTES} bytes` });
        return false;
      }
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      this.problems.push({ line: 1, column: 1, message: `cannot read rule file: ${(error as Error).message}` });
      return false;
    }
    const known = snapshot?.(text);
    if (known !== undefined) {
      this.data = known;
      return this.normalize();
    }
    const doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: true });
    this.doc = doc;
    for (const error of doc.errors) {
      const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
      const first = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      this.problems.push({ line: pos.line, column: pos.col, message: `YAML syntax error: ${first}` });
    }
    if (doc.errors.length) return false;
    try {
      this.data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      let at = { line: 1, col: 1 };
      visit(doc, {
        Alias: (_key, node) => {
          if (node.range) at = this.lines.linePos(node.range[0]);
          return visit.BREAK;
        },
      });
      const message = /alias/i.test((error as Error).message)
        ? `too many YAML alias expansions (more than ${MAX_ALIAS_COUNT}): refusing a possible "billion laughs" file`
        : `cannot read YAML: ${(error as Error).message}`;
      this.problems.push({ line: at.line, column: at.col, message });
      return false;
    }
    if (this.data === null || this.data === undefined) {
      this.problems.push({ line: 1, column: 1, message: 'rule file is empty; expected `rules: [...]` or one rule (`id`, `languages`, …)' });
      return false;
    }
    return this.normalize();
  }

  /** One rule at the top level becomes `{ rules: [rule] }`. */
  private normalize(): boolean {
    if (this.data !== null && typeof this.data === 'object' && !Array.isArray(this.data) && !('rules' in this.data)) {
      this.single = true;
      this.data = { rules: [this.data] };
    }
    return true;
  }

  /** Records a problem at a data path (as in the `{ rules: [...] }` form). */
  report(path: readonly PathSeg[], message: string): void {
    const { line, col } = this.locate(path);
    this.problems.push({ line, column: col, message });
  }

  /** The rule's own key path for messages: `severity`, `pattern-either[0].regex`. */
  ruleKey(path: readonly PathSeg[]): string {
    return formatKey(path[0] === 'rules' && typeof path[1] === 'number' ? path.slice(2) : path);
  }

  /** Line and column of the key (map entries) or item (sequences) at `path`; the nearest existing ancestor otherwise. */
  private locate(path: readonly PathSeg[]): { line: number; col: number } {
    const yamlPath = this.single && path[0] === 'rules' ? path.slice(2) : path;
    let node: unknown = this.doc?.contents ?? null;
    let at: number = (node as Node | null)?.range?.[0] ?? 0;
    for (const seg of yamlPath) {
      if (isAlias(node)) break;
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
        if (!pair) break;
        at = (pair.key as Node | null)?.range?.[0] ?? at;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)] as Node | undefined;
        if (!item) break;
        at = item.range?.[0] ?? at;
        node = item;
      } else break;
    }
    return this.lines.linePos(at);
  }

  /** Problems as `file:line:col message`, in file order. */
  formatted(): string[] {
    return [...this.problems]
      .sort((a, b) => a.line - b.line || a.column - b.column)
      .map((p) => `${this.display}:${p.line}:${p.column} ${p.message}`);
  }
}
