import type { BranchNode, FunctionNode, LoopNode, SourceFile, Span } from '../../model/types.js';
import { short } from './model-query.js';

type Block = (BranchNode | LoopNode) & { span: Span };

const lines = (s: Span): number => s.endLine - s.line + 1;

const shorten = (text: string | undefined): string => short(text, 40);

function describe(block: Block): string {
  if (block.type === 'loop') {
    const it = shorten(block.iterable);
    return `the ${block.kind} loop${it ? ` over \`${it}\`` : ''} at line ${block.span.line}`;
  }
  const cond = shorten(block.condition);
  return `the \`${block.kind}\`${cond ? ` on \`${cond}\`` : ''} at line ${block.span.line}`;
}

/** Branches and loops that belong to this function itself (not to nested functions). */
export function ownBlocks(file: SourceFile, fn: FunctionNode): Block[] {
  const index = file.functions.indexOf(fn);
  const blocks: Block[] = [];
  for (const b of file.branches) if (b.function === index && b.kind !== 'logical' && b.kind !== 'ternary') blocks.push(b);
  for (const l of file.loops) if (l.function === index && l.kind !== 'comprehension') blocks.push(l);
  return blocks;
}

/** The largest block of the function (by lines), the best candidate to extract. */
export function largestBlock(file: SourceFile, fn: FunctionNode): Block | null {
  let best: Block | null = null;
  for (const b of ownBlocks(file, fn)) {
    if (b.span.line === fn.span.line) continue;
    if (!best || lines(b.span) > lines(best.span) || (lines(b.span) === lines(best.span) && b.span.line < best.span.line)) best = b;
  }
  return best;
}

/** The most deeply nested block of the function. */
export function deepestBlock(file: SourceFile, fn: FunctionNode): Block | null {
  let best: Block | null = null;
  for (const b of ownBlocks(file, fn)) if (!best || b.depth > best.depth) best = b;
  return best;
}

export function extractSuggestion(file: SourceFile, fn: FunctionNode, what: string): string {
  const block = largestBlock(file, fn);
  if (!block) return `Split \`${fn.name}\` into smaller functions, each doing one step of ${what}.`;
  return `Extract ${describe(block)} (${lines(block.span)} lines) from \`${fn.name}\` into its own well-named function.`;
}

export function flattenSuggestion(file: SourceFile, fn: FunctionNode): string {
  const block = deepestBlock(file, fn);
  if (!block) return `Flatten \`${fn.name}\` with guard clauses (return early) instead of nesting.`;
  return `Flatten ${describe(block)} in \`${fn.name}\`: invert the outer conditions into early returns/continues, or extract the inner block into a helper.`;
}

export function sizeOf(span: Span): number {
  return lines(span);
}

/** Where a file-level finding is anchored: the first line of code, past any header comments. */
export function firstCodeLine(file: SourceFile): Span {
  const index = file.lines.findIndex((l) => {
    const t = l.trim();
    return t !== '' && !t.startsWith('#') && !t.startsWith('//') && !t.startsWith('/*') && !t.startsWith('*');
  });
  const line = index < 0 ? 1 : index + 1;
  return { line, column: 1, endLine: line, endColumn: (file.lines[line - 1]?.length ?? 0) + 1 };
}
