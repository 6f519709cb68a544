import type { ModelNodeKind, ModelNodes, SourceFile, Span } from '../model/types.js';

interface Visit {
  kind: Exclude<ModelNodeKind, 'file'>;
  node: ModelNodes[Exclude<ModelNodeKind, 'file'>];
  span: Span;
}

const KIND_ORDER: Record<Visit['kind'], number> = {
  import: 0,
  class: 1,
  function: 2,
  binding: 3,
  block: 4,
  branch: 5,
  loop: 6,
  handler: 7,
  jump: 8,
  assignment: 9,
  call: 10,
  comparison: 11,
  binary: 12,
  collection: 13,
  string: 14,
  number: 15,
  comment: 16,
};

/**
 * Every model node of a file in source order (line, column, then a fixed kind
 * order), so that all rules see one deterministic traversal.
 */
export function visitOrder(file: SourceFile): Visit[] {
  const visits: Visit[] = [];
  const add = <K extends Visit['kind']>(kind: K, nodes: ReadonlyArray<ModelNodes[K]>): void => {
    for (const node of nodes) visits.push({ kind, node, span: node.span });
  };
  add('import', file.imports);
  add('class', file.classes);
  add('function', file.functions);
  add('branch', file.branches);
  add('loop', file.loops);
  add('call', file.calls);
  add('comment', file.comments);
  add('binding', file.bindings);
  add('assignment', file.assignments);
  add('comparison', file.comparisons);
  add('binary', file.binaries);
  add('handler', file.handlers);
  add('jump', file.jumps);
  add('string', file.strings);
  add('number', file.numbers);
  add('collection', file.collections);
  add('block', file.blocks);
  visits.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return visits;
}
