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

/** The model nodes to visit in order: `nodes[i]` is of the kind `VISIT_KINDS[kinds[i]]`. */
export interface VisitOrder {
  kinds: Uint8Array;
  nodes: Array<ModelNodes[VisitKind]>;
}

/**
 * Every model node of the kinds `VISIT_KINDS[k]` for which `wanted[k]` is true, in source order
 * (line, column, then the fixed kind order), so that all rules see one deterministic traversal.
 * Each kind's list is in source order already (or sorted once), so this is a merge of those lists:
 * two arrays per file, nothing per node. The lists are read as they are when the call starts.
 */
export function visitOrder(file: SourceFile, wanted: readonly boolean[]): VisitOrder {
  const lists: Array<readonly Spanned[]> = [];
  const listKinds: number[] = [];
  let total = 0;
  for (let k = 0; k < VISIT_KINDS.length; k++) {
    if (!wanted[k]) continue;
    const list = file[VISIT_LISTS[VISIT_KINDS[k]!]] as readonly Spanned[] | undefined;
    if (!list || list.length === 0) continue;
    lists.push(inSourceOrder(list));
    listKinds.push(k);
    total += list.length;
  }
  const kinds = new Uint8Array(total);
  const nodes = new Array<ModelNodes[VisitKind]>(total);
  const n = lists.length;
  const next = new Array<number>(n).fill(0);
  const lengths = lists.map((l) => l.length);
  const line = lists.map((l) => l[0]!.span.line);
  const column = lists.map((l) => l[0]!.span.column);
  for (let out = 0; out < total; out++) {
    // The head that comes first; lists are in kind order, so the first of equal heads wins.
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (next[i]! >= lengths[i]!) continue;
      if (best < 0 || line[i]! < line[best]! || (line[i] === line[best] && column[i]! < column[best]!)) best = i;
    }
    const list = lists[best]!;
    const at = next[best]!;
    kinds[out] = listKinds[best]!;
    nodes[out] = list[at] as ModelNodes[VisitKind];
    next[best] = at + 1;
    if (at + 1 < lengths[best]!) {
      const span = list[at + 1]!.span;
      line[best] = span.line;
      column[best] = span.column;
    }
  }
  return { kinds, nodes };
}
