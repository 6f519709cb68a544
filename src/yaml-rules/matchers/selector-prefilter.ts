/**
 * A cheap necessary condition of an esquery selector on its subject node: the node-type and
 * `[path=value]` tests the subject must pass, evaluated exactly as esquery 1.x evaluates them
 * (`identifier`: case-insensitive type; `attribute` with `=`: the path's value as a string equals
 * the literal, a regular expression matches a string value, `type(...)` is `typeof`). A node that
 * fails it cannot match, so the selector walk calls esquery only for the nodes that pass; a node
 * that passes is still matched by esquery, so what matches is unchanged.
 */

/** A parsed esquery selector (as in selector.ts). */
interface SelectorAst {
  type: string;
  [key: string]: unknown;
}

export type Prefilter = (node: Record<string, unknown>) => boolean;

function getPath(node: unknown, keys: readonly string[]): unknown {
  let obj = node;
  for (const key of keys) {
    if (obj == null) return obj;
    obj = (obj as Record<string, unknown>)[key];
  }
  return obj;
}

function attributeTest(sel: SelectorAst): Prefilter | null {
  if (sel.operator !== '=' || typeof sel.name !== 'string') return null;
  const path = sel.name.split('.');
  const value = sel.value as { type: string; value: unknown };
  switch (value.type) {
    case 'literal': {
      const literal = String(value.value);
      return (node) => literal === String(getPath(node, path));
    }
    case 'regexp': {
      const re = value.value as { test(s: string): boolean };
      return (node) => {
        const p = getPath(node, path);
        return typeof p === 'string' && re.test(p);
      };
    }
    case 'type': {
      const type = value.value;
      return (node) => type === typeof getPath(node, path);
    }
    default:
      return null;
  }
}

/** Passes when one of `tests` passes; null when one of them is null (no condition). No closure per call. */
function anyOf(tests: Array<Prefilter | null>): Prefilter | null {
  if (tests.some((p) => p === null)) return null;
  const all = tests as Prefilter[];
  return (node) => {
    for (let i = 0; i < all.length; i++) if (all[i]!(node)) return true;
    return false;
  };
}

/** Passes when every one of `tests` passes. No closure per call. */
function allOf(tests: Prefilter[]): Prefilter {
  return (node) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(node)) return false;
    return true;
  };
}

/**
 * esquery's case-insensitive node-type test, `value === String(type).toLowerCase()` for one of
 * `values` (an identifier, or a `:matches` of identifiers such as an ESTree alias), remembered per
 * node type: a string per call was most of the selector walk's allocations.
 */
function typeTest(values: ReadonlySet<string>): Prefilter {
  const verdicts = new Map<unknown, boolean>();
  return (node) => {
    const type = node.type;
    let verdict = verdicts.get(type);
    if (verdict === undefined) verdicts.set(type, (verdict = values.has(String(type).toLowerCase())));
    return verdict;
  };
}

/** The lowercased names when every one of `selectors` is a plain identifier, else null. */
function identifiersOf(selectors: readonly SelectorAst[]): Set<string> | null {
  const values = new Set<string>();
  for (const sel of selectors) {
    if (sel.type !== 'identifier') return null;
    values.add(String(sel.value).toLowerCase());
  }
  return values;
}

/**
 * The necessary condition of `sel` on its subject, or null when there is none worth testing.
 * `typed`: the part of `sel` (an identifier, or a `:matches` of them) whose node types the selector
 * walk already dispatches on, exactly (a node is tested only when its type is one of them): its type
 * test always passes there, so it is left out.
 */
export function prefilterOf(sel: SelectorAst, typed: SelectorAst | null = null): Prefilter | null {
  switch (sel.type) {
    case 'identifier': {
      return sel === typed ? null : typeTest(new Set([String(sel.value).toLowerCase()]));
    }
    case 'attribute':
      return attributeTest(sel);
    case 'compound': {
      const parts = (sel.selectors as SelectorAst[]).map((part) => prefilterOf(part, typed)).filter((p): p is Prefilter => p !== null);
      if (parts.length === 0) return null;
      return parts.length === 1 ? parts[0]! : allOf(parts);
    }
    case 'matches': {
      const types = identifiersOf(sel.selectors as SelectorAst[]);
      if (types) return sel === typed ? null : typeTest(types);
      return anyOf((sel.selectors as SelectorAst[]).map((part) => prefilterOf(part)));
    }
    case 'child':
    case 'descendant':
    case 'sibling':
    case 'adjacent':
      // Without a subject indicator (`!`, matched by esquery's own traversal) the right side is the subject.
      return prefilterOf(sel.right as SelectorAst, typed);
    default:
      return null;
  }
}

/**
 * A condition that some node of the file must pass for `sel` to match anywhere in it, from its
 * `:has(...)` parts (esquery tests a `:has` on the node's subtree, which is within the file), or
 * null. Parts under `:not(...)` give none. The selector walk tests it, once per file, only when a
 * node passes the subject's prefilter: a file without such a node skips the `:has` traversals.
 */
export function fileNeedOf(sel: SelectorAst): Prefilter | null {
  switch (sel.type) {
    case 'has':
      return anyOf((sel.selectors as SelectorAst[]).map((part) => prefilterOf(part)));
    case 'compound': {
      for (const part of sel.selectors as SelectorAst[]) {
        const need = fileNeedOf(part);
        if (need) return need;
      }
      return null;
    }
    case 'matches':
      return anyOf((sel.selectors as SelectorAst[]).map(fileNeedOf));
    case 'child':
    case 'descendant':
    case 'sibling':
    case 'adjacent':
      return fileNeedOf(sel.left as SelectorAst) ?? fileNeedOf(sel.right as SelectorAst);
    default:
      return null;
  }
}
