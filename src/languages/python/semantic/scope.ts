/**
 * Scope analysis for the Python semantic layer (`bindings`). Bindings are declared as the walk meets
 * them; reads are queued (parallel arrays: no object per read) and resolved after the walk with
 * Python's rules: a name bound anywhere in a scope is local to it, class scopes are skipped by nested
 * scopes, `global` / `nonlocal` redirect. Use-before-definition therefore needs no second pass.
 * Reads of a def/class name inside its own body (recursion) are not counted; names listed in
 * `__all__` set `isExported`.
 */
import type { BindingKind, BindingNode, FunctionNode } from '../../../model/types.js';
import type { PyNode } from '../parse.js';
import { child, namedChildren, nodeText, spanOf } from '../parse.js';
import type { Ctx } from './context.js';
import { isFString, stringContent } from './expressions.js';

const CONST_RE = /^_*[A-Z][A-Z0-9_]*$/;

export interface Scope {
  kind: 'module' | 'function' | 'class' | 'comprehension';
  parent: Scope | null;
  fn: number | null;
  names: Map<string, Bind>;
  globals: Set<string> | null;
  nonlocals: Set<string> | null;
}

interface Bind {
  node: BindingNode;
  scope: Scope;
  /** Reads inside [selfStart, selfEnd) are self-references (recursion) and are not counted. */
  selfStart: number;
  selfEnd: number;
  inLoop: boolean;
}

export function newScope(kind: Scope['kind'], parent: Scope | null, fn: number | null): Scope {
  return { kind, parent, fn, names: new Map(), globals: null, nonlocals: null };
}

/** The bindings of one file: declared during the walk, reads resolved by `resolve` after it. */
export class Scopes {
  readonly bindings: BindingNode[] = [];
  readonly module: Scope = newScope('module', null, null);
  // References, as parallel arrays (one entry per identifier read: no object each).
  private readonly refScope: Scope[] = [];
  private readonly refName: string[] = [];
  private readonly refOffset: number[] = [];
  private readonly refFn: (number | null)[] = [];
  private readonly refWrite: boolean[] = [];

  addRef(scope: Scope, name: string, offset: number, fn: number | null, write: boolean): void {
    this.refScope.push(scope);
    this.refName.push(name);
    this.refOffset.push(offset);
    this.refFn.push(fn);
    this.refWrite.push(write);
  }

  read(c: Ctx, name: string, offset: number): void {
    this.addRef(c.scope, name, offset, c.fn, false);
  }

  declare(scope: Scope, name: string, kind: BindingKind, id: PyNode, c: Ctx, self?: PyNode): void {
    if (name === '_' && c.inPattern) return;
    let s = scope;
    if (s.globals?.has(name)) s = this.module;
    else if (s.nonlocals?.has(name)) {
      this.addRef(s, name, id.start, c.fn, true);
      return;
    }
    // walrus in a comprehension binds in the enclosing function (or module) scope
    const existing = s.names.get(name);
    if (existing) {
      existing.node.writes++;
      return;
    }
    const isConst = s.kind === 'module' && (kind === 'variable' || kind === 'constant') && CONST_RE.test(name);
    const node: BindingNode = {
      type: 'binding',
      name,
      kind: isConst ? 'constant' : kind,
      span: spanOf(id),
      scope: s.fn,
      inClassBody: s.kind === 'class',
      reads: 0,
      writes: 0,
      isConstant: isConst,
      isExported: false,
      isTypeOnly: false,
    };
    this.bindings.push(node);
    s.names.set(name, {
      node,
      scope: s,
      selfStart: self ? self.start : -1,
      selfEnd: self ? self.end : -1,
      inLoop: c.loopDepth > 0 || kind === 'loop-variable',
    });
  }

  /** Module-level names listed in `__all__` are exported. */
  markExported(src: string, root: PyNode): void {
    const exported = new Set<string>();
    for (const s of root.children) {
      if (s.type !== 'expression_statement') continue;
      const asg = namedChildren(s)[0];
      if (!asg || (asg.type !== 'assignment' && asg.type !== 'augmented_assignment')) continue;
      const l = child(asg, 'left');
      const r = child(asg, 'right');
      if (!l || !r || nodeText(src, l) !== '__all__') continue;
      const q = [r];
      while (q.length) {
        const x = q.pop()!;
        if (x.type === 'string' && !isFString(x)) exported.add(stringContent(src, x));
        else for (const y of x.children) q.push(y);
      }
    }
    for (const [name, b] of this.module.names) if (exported.has(name)) b.node.isExported = true;
  }

  /** Counts reads and writes on their bindings and fills each function's `freeVariables`. */
  resolve(functions: FunctionNode[]): void {
    const moduleScope = this.module;
    const free: (Set<string> | null)[] = functions.map(() => null);
    const freeTarget = (b: Bind): boolean =>
      b.scope.kind === 'function' || b.scope.kind === 'comprehension' || (b.scope.kind === 'module' && b.inLoop);
    const lookup = (from: Scope, name: string): Bind | undefined => {
      let s: Scope | null = from;
      let first = true;
      while (s) {
        if (s.globals?.has(name)) return moduleScope.names.get(name);
        const nl = s.nonlocals?.has(name) ?? false;
        if (!nl && (first || s.kind !== 'class')) {
          const b = s.names.get(name);
          if (b) return b;
        }
        first = false;
        s = s.parent;
      }
      return undefined;
    };
    const { refScope, refName, refOffset, refFn, refWrite } = this;
    for (let i = 0; i < refName.length; i++) {
      const r = { scope: refScope[i]!, name: refName[i]!, offset: refOffset[i]!, fn: refFn[i]!, write: refWrite[i]! };
      let from = r.scope;
      if (r.write && from.nonlocals?.has(r.name)) from = from.parent ?? from;
      const b = r.write ? lookupEnclosing(from, r.name) : lookup(from, r.name);
      if (!b) continue;
      if (r.write) {
        b.node.writes++;
        continue;
      }
      if (r.offset >= b.selfStart && r.offset < b.selfEnd) continue;
      b.node.reads++;
      // closure captures
      if (r.fn !== null && r.fn !== b.scope.fn && freeTarget(b)) {
        for (let f: number | null = r.fn; f !== null && f !== b.scope.fn; f = functions[f]!.parentFunction) {
          (free[f] ??= new Set()).add(r.name);
        }
      }
    }
    function lookupEnclosing(from: Scope, name: string): Bind | undefined {
      for (let s: Scope | null = from; s; s = s.parent) {
        if (s.kind === 'class' || s.kind === 'module') continue;
        if (s.nonlocals?.has(name)) continue;
        const b = s.names.get(name);
        if (b) return b;
      }
      return undefined;
    }
    functions.forEach((f, i) => (f.freeVariables = free[i] ? [...free[i]!] : []));
  }
}
