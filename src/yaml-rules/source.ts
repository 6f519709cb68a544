import type { Document, LineCounter, Node } from 'yaml';
import { parseLimitedYaml, readYamlText } from '../util/limited-yaml.js';
import { yamlLib } from '../util/yaml-lib.js';

export type PathSeg = string | number;

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
  private counter: LineCounter | null = null;

  constructor(
    readonly path: string,
    /** The path shown in messages (relative to the working directory when inside it). */
    readonly display: string,
  ) {}

  /** Reads and parses the file; returns false (with problems recorded) when there is nothing to validate. */
  read(snapshot?: (text: string) => unknown): boolean {
    const read = readYamlText(this.path, 'rule file');
    if ('problem' in read) {
      this.problems.push(read.problem);
      return false;
    }
    const known = snapshot?.(read.text);
    if (known !== undefined) {
      this.data = known;
      return this.normalize();
    }
    const parsed = parseLimitedYaml(read.text, this.lines);
    this.doc = parsed.doc;
    this.problems.push(...parsed.problems);
    if (parsed.problems.length) return false;
    this.data = parsed.data;
    if (this.data === null || this.data === undefined) {
      this.problems.push({ line: 1, column: 1, message: 'rule file is empty; expected `rules: [...]` or one rule (`id`, `languages`, …)' });
      return false;
    }
    return this.normalize();
  }

  /** Takes the file's data as already parsed (the build's snapshot of a bundled pack) instead of reading the file. */
  take(data: unknown): boolean {
    this.data = data;
    return this.normalize();
  }

  /** Offsets to lines and columns; the yaml library loads only when a file is parsed or a problem placed. */
  private get lines(): LineCounter {
    this.counter ??= new (yamlLib().LineCounter)();
    return this.counter;
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
    const { isAlias, isMap, isScalar, isSeq } = yamlLib();
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
