import type { ModelNodeKind, ModelNodes, SourceFile, Span } from '../model/types.js';

/** A model node kind other than `file`. */
export type VisitKind = Exclude<ModelNodeKind, 'file'>;

/** The kinds in the fixed order that breaks ties between nodes starting at the same place. */
export const VISIT_KINDS: readonly VisitKind[] = [
  'import',
  'class',
  'function',
  'binding',
  'block',
  'branch',
  'loop',
  'handler',
  'jump',
  'assignment',
  'call',
  'comparison',
  'binary',
  'collection',
  'string',
  'number',
  'comment',
];

/** The SourceFile list holding each kind's nodes. */
export const VISIT_LISTS: { readonly [K in VisitKind]: keyof SourceFile } = {
  import: 'imports',
  class: 'classes',
  function: 'functions',
  binding: 'bindings',
  block: 'blocks',
  branch: 'branches',
  loop: 'loops',
  handler: 'handlers',
  jump: 'jumps',
  assignment: 'assignments',
  call: 'calls',
  comparison: 'comparisons',
  binary: 'binaries',
  collection: 'collections',
  string: 'strings',
  number: 'numbers',
  comment: 'comments',
};

type Spanned = { span: Span };

/** `list` itself when its spans are in (line, column) order already (the usual case), else a stably sorted copy. */
function inSourceOrder(list: readonly Spanned[]): readonly Spanned[] {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1]!.span;
    const b = list[i]!.span;
    if (a.line > b.line || (a.line === b.line && a.column > b.column)) {
      return [...list].sort((x, y) => x.span.line - y.span.line || x.span.column - y.span.column);
    }
  }
  return list;
}

/**
 * Calls `visit(k, node)` for every model node of the kinds `VISIT_KINDS[k]` for which `wanted[k]`
 * is true, in source order (line, column, then the fixed kind order), so that all rules see one
 * deterministic traversal. Each kind's list is in source order already (or sorted once), so this
 * is a merge of those lists: nothing is allocated per node. The lists are read as they are when
 * the call starts (their lengths included).
 */
export function visitInOrder(file: SourceFile, wanted: readonly boolean[], visit: (k: number, node: ModelNodes[VisitKind]) => void): void {
  const lists: Array<readonly Spanned[]> = [];
  const kinds: number[] = [];
  for (let k = 0; k < VISIT_KINDS.length; k++) {
    if (!wanted[k]) continue;
    const list = file[VISIT_LISTS[VISIT_KINDS[k]!]] as readonly Spanned[] | undefined;
    if (!list || list.length === 0) continue;
    lists.push(inSourceOrder(list));
    kinds.push(k);
  }
  const n = lists.length;
  if (n === 0) return;
  const next = new Array<number>(n).fill(0);
  const lengths = lists.map((l) => l.length);
  const line = lists.map((l) => l[0]!.span.line);
  const column = lists.map((l) => l[0]!.span.column);
  let live = n;
  while (live > 0) {
    // The head that comes first; lists are in kind order, so the first of equal heads wins.
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (next[i]! >= lengths[i]!) continue;
      if (best < 0 || line[i]! < line[best]! || (line[i] === line[best] && column[i]! < column[best]!)) best = i;
    }
    const list = lists[best]!;
    const at = next[best]!;
    visit(kinds[best]!, list[at] as ModelNodes[VisitKind]);
    next[best] = at + 1;
    if (at + 1 < lengths[best]!) {
      const span = list[at + 1]!.span;
      line[best] = span.line;
      column[best] = span.column;
    } else live--;
  }
}
