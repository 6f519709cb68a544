/**
 * Builds the language-neutral SourceFile model from the converted tree-sitter
 * tree. Every walk is iterative (explicit stacks), so depth is bounded only by
 * memory, never by the JS call stack.
 */
import type {
  BranchKind,
  BranchNode,
  CallNode,
  ClassNode,
  CommentNode,
  FunctionNode,
  ImportBinding,
  ImportNode,
  LoopNode,
  SourceFile,
} from '../../model/types.js';
import type { PyNode } from './parse.js';
import { child, namedChildren, nodeText, spanOf } from './parse.js';
import { functionComplexity, unwrapDecorated } from './cyclomatic.js';
import { cognitiveComplexity, maxNesting } from './cognitive.js';
import { functionVolume, halsteadVolumes } from './halstead.js';
import { blockEnd, calleeText, docstringOf, paramsOf, spanTo, targetNames, truncate } from './declarations.js';
import { fileMetrics } from './file-metrics.js';
import { tokenize } from './tokens.js';
import { semanticCoVisitor } from './extension.js';
import { coWalk, Pushes } from './walk.js';

/** Walk context, shared by all the nodes it applies to (never mutated once pushed). */
interface Frame {
  /** Enclosing function index. */
  fn: number | null;
  /** Class whose body we are directly in (no function in between). */
  classBody: number | null;
  /** Qualified-name prefix (`Cls.` / `outer.`). */
  qual: string;
  loopDepth: number;
  ctl: number;
  /** Function nesting depth for functions created here. */
  fnDepth: number;
  /** Set on a frame pushed only to push what goes under its node (see `walk.ts`). */
  via?: (n: PyNode) => void;
}

interface FnExtra {
  node: PyNode;
  returns: number;
  docLines: [number, number] | null;
}

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

function emptyMetrics() {
  return { cyclomatic: 1, cognitive: 0, maxNesting: 0, params: 0, loc: 0, sloc: 0, returns: 0, halsteadVolume: 0 };
}

export function buildModel(path: string, text: string, root: PyNode, problems: SourceFile['problems'], parsed: boolean): SourceFile {
  const src = text;
  const lines = text.split(/\r\n|\r|\n/);
  const functions: FunctionNode[] = [];
  const extras: FnExtra[] = [];
  const classes: ClassNode[] = [];
  const imports: ImportNode[] = [];
  const calls: CallNode[] = [];
  const loops: LoopNode[] = [];
  const branches: BranchNode[] = [];
  const comments: CommentNode[] = [];
  const attrSets: Set<string>[] = [];
  // the entry made for each tree node, for the semantic co-visitor
  const fnIndex = new Map<PyNode, number>();
  const callIndex = new Map<PyNode, number>();
  const loopIndex = new Map<PyNode, number>();
  const branchNodes: PyNode[] = [];

  const addBranch = (kind: BranchKind, n: PyNode, f: Frame, depth: number, cond?: PyNode): void => {
    const b: BranchNode = { type: 'branch', kind, span: spanOf(n), function: f.fn, depth: Math.max(0, depth) };
    if (cond) b.condition = truncate(nodeText(src, cond));
    branches.push(b);
    branchNodes.push(n);
  };

  const moduleDoc = docstringOf(src, root);
  if (moduleDoc) comments.push({ type: 'comment', text: moduleDoc.text, span: spanOf(moduleDoc.node), isDoc: true });

  // What the model's visitor wants visited next, with the (shared, immutable) context of each node.
  const pushes = new Pushes<Frame>();
  const push = (n: PyNode, f: Frame): void => pushes.push(n, f);
  const pushKids = (f: Frame, kids: readonly PyNode[], patch?: Partial<Frame>): void => {
    const g = patch ? { ...f, ...patch } : f;
    for (let i = kids.length - 1; i >= 0; i--) push(kids[i]!, g);
  };
  pushKids({ fn: null, classBody: null, qual: '', loopDepth: 0, ctl: 0, fnDepth: 0 }, root.children);

  // 'comment'
  const visitComment = (n: PyNode, _f: Frame): boolean => {
    const t = nodeText(src, n);
    comments.push({ type: 'comment', text: t.replace(/^#/, '').trim(), span: spanOf(n), isDoc: false });
    return true;
  };
  // 'decorated_definition'
  const visitDecoratedDefinition = (n: PyNode, f: Frame): boolean => {
    // decorators run in the enclosing scope; the definition picks them up itself
    pushKids(f, n.children);
    return true;
  };
  // 'function_definition', 'lambda'
  const visitFunctionDefinition = (n: PyNode, f: Frame): boolean => {
    const isLambda = n.type === 'lambda';
    const nameNode = isLambda ? n.children.find((c) => c.type === 'lambda') : child(n, 'name');
    const name = isLambda ? '<lambda>' : nameNode ? nodeText(src, nameNode) : '';
    const body = child(n, 'body');
    const isMethod = !isLambda && f.classBody !== null;
    const decoratedParent = n.parent?.type === 'decorated_definition' ? n.parent : null;
    const decorators = decoratedParent
      ? decoratedParent.children.filter((c) => c.type === 'decorator').map((c) => nodeText(src, c).replace(/^@\s*/, '').trim())
      : [];
    const end = isLambda ? { endRow: n.endRow, endCol: n.endCol } : blockEnd(n);
    const bodyStart = body ?? n;
    const bodyEnd = body ? (isLambda ? { endRow: body.endRow, endCol: body.endCol } : blockEnd(body)) : end;
    const doc = isLambda ? null : docstringOf(src, body);
    if (doc) comments.push({ type: 'comment', text: doc.text, span: spanOf(doc.node), isDoc: true });
    const params = paramsOf(src, n, isMethod);
    const parentClass = isMethod ? f.classBody : null;
    const idx = functions.length;
    const fnNode: FunctionNode = {
      type: 'function',
      kind: isLambda ? 'lambda' : isMethod ? 'method' : 'function',
      name,
      qualifiedName: f.qual + name,
      span: spanTo(n, end),
      nameSpan: nameNode ? spanOf(nameNode) : spanOf(n),
      bodySpan: spanTo(bodyStart, bodyEnd),
      params,
      isAsync: !isLambda && n.children.some((c) => c.type === 'async'),
      isGenerator: false,
      isExported: !isLambda && !name.startsWith('_') && f.fn === null,
      doc: doc ? doc.text : null,
      decorators,
      parentFunction: f.fn,
      parentClass,
      depth: f.fnDepth,
      metrics: emptyMetrics(),
    };
    functions.push(fnNode);
    fnIndex.set(n, idx);
    extras.push({ node: n, returns: 0, docLines: doc ? [doc.node.startRow + 1, doc.node.endRow + 1] : null });
    if (parentClass !== null) classes[parentClass]!.methods.push(idx);
    // parameters (defaults) and decorators belong to the enclosing scope; body to the function
    const inner: Frame = { fn: idx, classBody: null, qual: fnNode.qualifiedName + '.', loopDepth: 0, ctl: 0, fnDepth: f.fnDepth + 1 };
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i]!;
      if (c.field === 'body') push(c, inner);
      else if (c.field === 'parameters') push(c, f);
      else if (c.type === 'comment') push(c, f);
    }
    return true;
  };
  // 'class_definition'
  const visitClassDefinition = (n: PyNode, f: Frame): boolean => {
    const nameNode = child(n, 'name');
    const name = nameNode ? nodeText(src, nameNode) : '';
    const body = child(n, 'body');
    const supers = child(n, 'superclasses');
    const bases = supers
      ? namedChildren(supers)
          .filter((c) => c.type !== 'keyword_argument' && c.type !== 'dictionary_splat')
          .map((c) => nodeText(src, c))
      : [];
    const decoratedParent = n.parent?.type === 'decorated_definition' ? n.parent : null;
    const decorators = decoratedParent
      ? decoratedParent.children.filter((c) => c.type === 'decorator').map((c) => nodeText(src, c).replace(/^@\s*/, '').trim())
      : [];
    const doc = docstringOf(src, body);
    if (doc) comments.push({ type: 'comment', text: doc.text, span: spanOf(doc.node), isDoc: true });
    const idx = classes.length;
    classes.push({
      type: 'class',
      name,
      qualifiedName: f.qual + name,
      span: spanTo(n, blockEnd(n)),
      nameSpan: nameNode ? spanOf(nameNode) : spanOf(n),
      bases,
      isExported: !name.startsWith('_') && f.fn === null,
      doc: doc ? doc.text : null,
      decorators,
      methods: [],
      attributes: [],
    });
    attrSets.push(new Set());
    const inBody: Frame = { ...f, classBody: idx, qual: f.qual + name + '.' };
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i]!;
      push(c, c.field === 'body' ? inBody : f);
    }
    return true;
  };
  // 'import_statement', 'import_from_statement', 'future_import_statement'
  const visitImportStatement = (n: PyNode, f: Frame): boolean => {
    const isFrom = n.type !== 'import_statement';
    const modNode = child(n, 'module_name');
    const fromModule = n.type === 'future_import_statement' ? '__future__' : modNode ? nodeText(src, modNode).replace(/\s+/g, '') : '';
    if (!isFrom) {
      for (const c of n.children.filter((k) => k.field === 'name')) {
        const nm = c.type === 'aliased_import' ? child(c, 'name') : c;
        const alias = c.type === 'aliased_import' ? child(c, 'alias') : undefined;
        const module = nm ? nodeText(src, nm).replace(/\s+/g, '') : '';
        const local = alias ? nodeText(src, alias) : module.split('.')[0]!;
        imports.push({
          type: 'import',
          module,
          bindings: [{ local, imported: '*', span: spanOf(c) }],
          isWildcard: false,
          isTypeOnly: false,
          span: spanOf(n),
        });
      }
    } else {
      const bindings: ImportBinding[] = [];
      let wildcard = false;
      for (const c of n.children) {
        if (c.type === 'wildcard_import') wildcard = true;
        if (c.field !== 'name') continue;
        const nm = c.type === 'aliased_import' ? child(c, 'name') : c;
        const alias = c.type === 'aliased_import' ? child(c, 'alias') : undefined;
        const imported = nm ? nodeText(src, nm) : '';
        bindings.push({ local: alias ? nodeText(src, alias) : imported, imported, span: spanOf(c) });
      }
      imports.push({ type: 'import', module: fromModule, bindings, isWildcard: wildcard, isTypeOnly: false, span: spanOf(n) });
    }
    pushKids(
      f,
      n.children.filter((c) => c.type === 'comment'),
    );
    return true;
  };
  // 'call'
  const visitCall = (n: PyNode, f: Frame): boolean => {
    const fnChild = child(n, 'function');
    const argsNode = child(n, 'arguments');
    const { callee, name } = calleeText(src, fnChild);
    const args: string[] = [];
    const keywords: string[] = [];
    if (argsNode) {
      if (argsNode.type === 'generator_expression') args.push(truncate(nodeText(src, argsNode)));
      else
        for (const a of namedChildren(argsNode)) {
          args.push(truncate(nodeText(src, a)));
          if (a.type === 'keyword_argument') {
            const k = child(a, 'name');
            if (k) keywords.push(nodeText(src, k));
          }
        }
    }
    let up = n.parent;
    while (up && up.type === 'parenthesized_expression') up = up.parent;
    callIndex.set(n, calls.length);
    calls.push({
      type: 'call',
      callee,
      name,
      argCount: args.length,
      args,
      keywords,
      span: spanOf(n),
      function: f.fn,
      loopDepth: f.loopDepth,
      awaited: up?.type === 'await',
      isStatement: up?.type === 'expression_statement' && namedChildren(up).length === 1,
    });
    return false;
  };
  // 'for_statement'
  const visitForStatement = (n: PyNode, f: Frame): boolean => {
    const left = child(n, 'left');
    const right = child(n, 'right');
    loopIndex.set(n, loops.length);
    loops.push({
      type: 'loop',
      kind: 'for',
      span: spanOf(n),
      iterable: right ? truncate(nodeText(src, right)) : '',
      targets: targetNames(src, left),
      function: f.fn,
      depth: f.loopDepth,
      isAsync: n.children.some((c) => c.type === 'async'),
    });
    const head: Frame = { ...f, ctl: f.ctl + 1 };
    const body: Frame = { ...head, loopDepth: f.loopDepth + 1 };
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i]!;
      push(c, c.field === 'body' ? body : head);
    }
    return true;
  };
  // 'while_statement'
  const visitWhileStatement = (n: PyNode, f: Frame): boolean => {
    const cond = child(n, 'condition');
    loopIndex.set(n, loops.length);
    loops.push({
      type: 'loop',
      kind: 'while',
      span: spanOf(n),
      iterable: cond ? truncate(nodeText(src, cond)) : '',
      targets: [],
      function: f.fn,
      depth: f.loopDepth,
      isAsync: false,
    });
    const head: Frame = { ...f, ctl: f.ctl + 1 };
    const inside: Frame = { ...head, loopDepth: f.loopDepth + 1 };
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i]!;
      push(c, c.field === 'body' || c.field === 'condition' ? inside : head);
    }
    return true;
  };
  // 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'
  const visitListComprehension = (n: PyNode, f: Frame): boolean => {
    const clauses = n.children.filter((c) => c.type === 'for_in_clause');
    let seen = 0;
    const frames: (Frame & { n: PyNode })[] = [];
    for (const c of n.children) {
      if (c.type === 'for_in_clause') {
        const left = child(c, 'left');
        const right = child(c, 'right');
        loopIndex.set(c, loops.length);
        loops.push({
          type: 'loop',
          kind: 'comprehension',
          span: spanOf(c),
          iterable: right ? truncate(nodeText(src, right)) : '',
          targets: targetNames(src, left),
          function: f.fn,
          depth: f.loopDepth + seen,
          isAsync: c.children.some((k) => k.type === 'async'),
        });
        const parts = c.children.map((k) => ({ ...f, n: k, loopDepth: f.loopDepth + seen + (k.field === 'right' ? 0 : 1) }));
        frames.push({ ...f, n: c, via: () => pushFrames(parts) });
        seen++;
      } else if (c.field === 'body') frames.push({ ...f, n: c, loopDepth: f.loopDepth + clauses.length });
      else frames.push({ ...f, n: c, loopDepth: f.loopDepth + seen });
    }
    pushFrames(frames);
    return true;
  };
  const pushFrames = (frames: (Frame & { n: PyNode })[]): void => {
    for (let i = frames.length - 1; i >= 0; i--) push(frames[i]!.n, frames[i]!);
  };
  // 'if_statement'
  const visitIfStatement = (n: PyNode, f: Frame): boolean => {
    addBranch('if', n, f, f.ctl, child(n, 'condition'));
    pushKids(f, n.children, { ctl: f.ctl + 1 });
    return true;
  };
  // 'elif_clause'
  const visitElifClause = (n: PyNode, f: Frame): boolean => {
    addBranch('elif', n, f, f.ctl - 1, child(n, 'condition'));
    return false;
  };
  // 'else_clause'
  const visitElseClause = (n: PyNode, f: Frame): boolean => {
    addBranch('else', n, f, f.ctl - 1);
    return false;
  };
  // 'conditional_expression'
  const visitConditionalExpression = (n: PyNode, f: Frame): boolean => {
    const named = namedChildren(n);
    addBranch('ternary', n, f, f.ctl, named[1]);
    return false;
  };
  // 'match_statement'
  const visitMatchStatement = (n: PyNode, f: Frame): boolean => {
    addBranch('match', n, f, f.ctl, child(n, 'subject'));
    pushKids(f, n.children, { ctl: f.ctl + 1 });
    return true;
  };
  // 'case_clause'
  const visitCaseClause = (n: PyNode, f: Frame): boolean => {
    addBranch(
      'case',
      n,
      f,
      f.ctl - 1,
      n.children.find((c) => c.type === 'case_pattern'),
    );
    return false;
  };
  // 'try_statement'
  const visitTryStatement = (n: PyNode, f: Frame): boolean => {
    addBranch('try', n, f, f.ctl);
    pushKids(f, n.children, { ctl: f.ctl + 1 });
    return true;
  };
  // 'except_clause', 'except_group_clause'
  const visitExceptClause = (n: PyNode, f: Frame): boolean => {
    addBranch(
      'catch',
      n,
      f,
      f.ctl - 1,
      n.children.find((c) => c.named && c.type !== 'block' && c.type !== 'comment'),
    );
    return false;
  };
  // 'finally_clause'
  const visitFinallyClause = (n: PyNode, f: Frame): boolean => {
    addBranch('finally', n, f, f.ctl - 1);
    return false;
  };
  // 'boolean_operator'
  const visitBooleanOperator = (n: PyNode, f: Frame): boolean => {
    addBranch('logical', n, f, f.ctl, child(n, 'operator'));
    return false;
  };
  // 'with_statement'
  const visitWithStatement = (n: PyNode, f: Frame): boolean => {
    pushKids(f, n.children, { ctl: f.ctl + 1 });
    return true;
  };
  // 'return_statement'
  const visitReturnStatement = (n: PyNode, f: Frame): boolean => {
    if (f.fn !== null) extras[f.fn]!.returns++;
    return false;
  };
  // 'yield'
  const visitYield = (n: PyNode, f: Frame): boolean => {
    if (f.fn !== null) functions[f.fn]!.isGenerator = true;
    return false;
  };
  // 'assignment', 'augmented_assignment'
  const visitAssignment = (n: PyNode, f: Frame): boolean => {
    const left = child(n, 'left');
    if (left && f.fn === null && f.classBody !== null) {
      for (const name of targetNames(src, left)) attrSets[f.classBody]!.add(name);
    } else if (left && f.fn !== null) {
      // `self.x = ...` inside a method (or a function nested in one)
      let fi: number | null = f.fn;
      while (fi !== null && functions[fi]!.parentClass === null) fi = functions[fi]!.parentFunction;
      const cls = fi !== null ? functions[fi]!.parentClass : null;
      if (cls !== null) {
        const st = [left];
        while (st.length) {
          const t = st.pop()!;
          if (t.type === 'attribute') {
            const obj = child(t, 'object');
            const attr = child(t, 'attribute');
            if (obj && attr && obj.type === 'identifier' && nodeText(src, obj) === 'self') attrSets[cls]!.add(nodeText(src, attr));
          } else if (
            t.type === 'pattern_list' ||
            t.type === 'tuple_pattern' ||
            t.type === 'list_pattern' ||
            t.type === 'parenthesized_expression'
          ) {
            st.push(...t.children);
          }
        }
      }
    }
    return false;
  };
  const visitors = new Map<string, (n: PyNode, f: Frame) => boolean>([
    ['comment', visitComment],
    ['decorated_definition', visitDecoratedDefinition],
    ['function_definition', visitFunctionDefinition],
    ['lambda', visitFunctionDefinition],
    ['class_definition', visitClassDefinition],
    ['import_statement', visitImportStatement],
    ['import_from_statement', visitImportStatement],
    ['future_import_statement', visitImportStatement],
    ['call', visitCall],
    ['for_statement', visitForStatement],
    ['while_statement', visitWhileStatement],
    ['list_comprehension', visitListComprehension],
    ['set_comprehension', visitListComprehension],
    ['dictionary_comprehension', visitListComprehension],
    ['generator_expression', visitListComprehension],
    ['if_statement', visitIfStatement],
    ['elif_clause', visitElifClause],
    ['else_clause', visitElseClause],
    ['conditional_expression', visitConditionalExpression],
    ['match_statement', visitMatchStatement],
    ['case_clause', visitCaseClause],
    ['try_statement', visitTryStatement],
    ['except_clause', visitExceptClause],
    ['except_group_clause', visitExceptClause],
    ['finally_clause', visitFinallyClause],
    ['boolean_operator', visitBooleanOperator],
    ['with_statement', visitWithStatement],
    ['return_statement', visitReturnStatement],
    ['yield', visitYield],
    ['assignment', visitAssignment],
    ['augmented_assignment', visitAssignment],
  ]);

  const visit = (n: PyNode, f: Frame): void => {
    const v = visitors.get(n.type);
    if (v !== undefined && v(n, f)) return;
    if (COMPREHENSIONS.has(n.type)) return;
    pushKids(f, n.children);
  };
  // One walk: the semantic layer is a co-visitor of the model's visitor (see walk.ts).
  const semantic = semanticCoVisitor({ src, root, functions, fnIndex, calls, callIndex, loops, loopIndex, branches, branchNodes });
  coWalk(pushes, semantic.pushes, visit, semantic.visit);

  classes.forEach((c, i) => (c.attributes = [...attrSets[i]!]));

  // ---- per-function metrics ----
  const isCommentOnly = (line: string): boolean => line.trimStart().startsWith('#');
  // Halstead volumes of the module and its functions in one walk (issue 19).
  const volumes = halsteadVolumes(src, root, new Set(extras.map((ex) => ex.node)));
  // A function of its own, like the walk.
  const functionMetrics = (): void => {
    for (let i = 0; i < functions.length; i++) {
      const fnNode = functions[i]!;
      const ex = extras[i]!;
      const { line, endLine } = fnNode.span;
      let sloc = 0;
      for (let l = line; l <= endLine; l++) {
        const t = lines[l - 1] ?? '';
        if (!t.trim() || isCommentOnly(t)) continue;
        if (ex.docLines && l >= ex.docLines[0] && l <= ex.docLines[1]) continue;
        sloc++;
      }
      fnNode.metrics = {
        cyclomatic: functionComplexity(ex.node),
        cognitive: cognitiveComplexity(src, ex.node),
        maxNesting: maxNesting(ex.node),
        params: fnNode.params.length,
        loc: endLine - line + 1,
        sloc,
        returns: ex.returns,
        halsteadVolume: volumes.functions.get(ex.node) ?? functionVolume(src, ex.node),
      };
    }
  };
  functionMetrics();

  comments.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  const ext = semantic.finish();
  return {
    path,
    language: 'python',
    text,
    lines,
    functions,
    classes,
    imports,
    calls,
    loops,
    branches,
    comments,
    tokens: tokenize(src, root),
    problems,
    parsed,
    metrics: fileMetrics(src, root, volumes.module),
    ...ext,
  };
}

export { unwrapDecorated };
