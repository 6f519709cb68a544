/**
 * The name evidence of swapped-arguments (Rice et al. 2017, "Detecting argument selection defects";
 * DeepBugs' name check): what the file says about the order of two adjacent arguments (SwapFacts,
 * computed beside the site features, never a model input) and the gate that reads it.
 */
import type { CallNode, Param, SourceFile } from '../../model/types.js';
import { subTokens, type SwapFacts } from './site-vocabulary.js';

const IDENT = /[A-Za-z_$][A-Za-z0-9_$]*/g;

/**
 * Callees whose argument order carries no meaning or whose second argument is a type, a name or an
 * expected value whatever the names say: `max(a, b)`, `gcd(db, da)`, `isinstance(type, Choice)`,
 * `getattr(locale, lc)`, `assertEqual(path, temp_path)`. The gate never reports a swap there.
 */
const ORDER_FREE = new Set([
  // order-free (commutative / symmetric)
  'max',
  'min',
  'gcd',
  'lcm',
  'hypot',
  'dist',
  'isclose',
  'eq',
  'ne',
  'add',
  'mul',
  'and_',
  'or_',
  'xor',
  'iadd',
  'imul',
  'union',
  'intersection',
  'symmetric_difference',
  'isdisjoint',
  'zip',
  'chain',
  'product',
  'concat',
  'merge',
  'combine',
  'print',
  'format',
  'append',
  'extend',
  'push',
  'unshift',
  'add_argument',
  'Math.max',
  'Math.min',
  'equal',
  'equals',
  'deepEqual',
  'strictEqual',
  'notEqual',
  'notStrictEqual',
  'deepStrictEqual',
  'isEqual',
  'same',
  'compare',
  'cmp',
  'Connection',
  'Pipe',
  'swap',
  // a type, a name or an expected value second by definition
  'isinstance',
  'issubclass',
  'getattr',
  'setattr',
  'hasattr',
  'delattr',
  'super',
  'instanceof',
  'cast',
  'assertEqual',
  'assertNotEqual',
  'assertEquals',
  'assertIs',
  'assertIsNot',
  'assertAlmostEqual',
  'assertNotAlmostEqual',
  'assertCountEqual',
  'assertListEqual',
  'assertTupleEqual',
  'assertDictEqual',
  'assertSetEqual',
  'assertSequenceEqual',
  'assertMultiLineEqual',
  'assertIn',
  'assertNotIn',
  'assertIsInstance',
  'assertNotIsInstance',
  'assertGreater',
  'assertLess',
  'assertGreaterEqual',
  'assertLessEqual',
  'assertRaises',
  'assertRaisesRegex',
  'assertWarns',
  'assert_equal',
  'assert_allclose',
  'assert_array_equal',
  'assert_almost_equal',
  'assert_array_almost_equal',
  'expect',
  'is',
  'ok',
]);

/** Functions that call with the arguments exchanged on purpose. */
const MIRROR = /^__r[a-z]+__$|revers|invert|inverse|transpose|swap|flip|mirror|opposite|converse|symmetr|commut|supernet/i;
const TEST_FILE = /(^|[\\/])(tests?|__tests__|spec|testing)[\\/]|(^|[\\/])test_[^\\/]*$|_test\.py$|\.(test|spec)\.[cm]?[jt]sx?$/;

const PLURAL = /(?<=...)s$/;
/**
 * Sub-token similarity of an argument's last name to a parameter name: 1 when equal, else shared
 * sub-tokens (Dice); 0 for names under three characters (`i`, `j`, `a`, `b`, `x`: positional by convention).
 */
function nameSimilarity(arg: string, param: string): number {
  const last = arg.match(IDENT)?.pop();
  if (!last || last.length < 3 || param.length < 3) return 0;
  const norm = (t: string): string => t.toLowerCase().replace(/_/g, '');
  if (norm(last) === norm(param)) return 1;
  const xs = new Set(subTokens(last).map((t) => t.replace(PLURAL, '')));
  const ps = new Set(subTokens(param).map((t) => t.replace(PLURAL, '')));
  if (xs.size === 0 || ps.size === 0) return 0;
  let common = 0;
  for (const t of xs) if (ps.has(t)) common++;
  return Math.round((200 * common) / (xs.size + ps.size)) / 100;
}

/**
 * The callee's parameters k and k+1 when the file defines exactly one function of that name and this
 * call reaches it: a method through `self` / `cls` / `this` / `super()` (or its class, `self` passed
 * first), a plain function without a receiver (`os.chown(...)` is not the file's `chown` method); null
 * otherwise or when either is a rest parameter.
 */
function parameterPair(file: SourceFile, call: CallNode, k: number): [string, string] | null {
  const params = calleeParams(file, call);
  const p = params?.[k];
  const q = params?.[k + 1];
  if (!p || !q || p.isRest || q.isRest) return null;
  return [p.name, q.name];
}

/**
 * The parameters of the function `call` reaches when the file defines exactly one function of that
 * name (see parameterPair), without a method's `self` / `cls`; null when unknown.
 */
export function calleeParams(file: SourceFile, call: CallNode): readonly Param[] | null {
  const defs = file.functions.filter((f) => f.name === call.name);
  if (defs.length !== 1) return null;
  const def = defs[0]!;
  // A decorator may change the signature (`@st.composite` supplies the first argument).
  if (def.decorators.some((d) => !/^(staticmethod|classmethod|property|override|(abc\.)?abstractmethod|[\w.]+\.setter)$/.test(d)))
    return null;
  const receiver = call.receiver?.text ?? null;
  // The front-ends leave a method's `self` / `cls` out of its parameters.
  const params = def.params;
  if (def.parentClass !== null) {
    const bound = receiver !== null && /^(self|cls|this|super\(.*\)|super)$/.test(receiver);
    // `Cls.m(a, b)`: a static call in JS; in Python it passes `self` first, which the parameters lack.
    const staticCall = file.language !== 'python' && receiver === file.classes[def.parentClass]?.name;
    if (!bound && !staticCall) return null;
  } else if (receiver !== null) return null;
  return params;
}

/** The swap gate's evidence for arguments `a, b` at k, k+1 of `call` (see SwapFacts). */
export function swapFacts(
  file: SourceFile,
  calls: readonly { start: number; callee: string; args: string[] }[],
  call: CallNode,
  k: number,
  a: string,
  b: string,
  callStart: number,
): SwapFacts {
  const params = parameterPair(file, call, k);
  const sims: SwapFacts['sims'] = params
    ? [nameSimilarity(a, params[0]), nameSimilarity(a, params[1]), nameSimilarity(b, params[0]), nameSimilarity(b, params[1])]
    : null;
  let same = 0;
  let cross = 0;
  let crossAt = 0;
  let sameAt = 0;
  for (const other of calls) {
    // The same callee text: `conn.request(...)` and `self.request(...)` are usually different functions.
    if (other.start === callStart || other.callee !== call.callee) continue;
    const x = other.args[k];
    const y = other.args[k + 1];
    if (x === a && y === b) same++;
    if (x === b && y === a) cross++;
    if (y === a || x === b) crossAt++;
    if (x === a || y === b) sameAt++;
  }
  const callee = call.callee || call.name;
  const excluded = ORDER_FREE.has(call.name) || ORDER_FREE.has(callee) || /^assert|^expect/.test(call.name);
  const lastName = (t: string): string => t.match(IDENT)?.pop() ?? '';
  const short = lastName(a).length < 3 || lastName(b).length < 3;
  const enclosing = call.function === null ? '' : (file.functions[call.function]?.name ?? '');
  const mirror = MIRROR.test(enclosing);
  return { sims, same, cross, crossAt, sameAt, excluded, short, mirror, test: TEST_FILE.test(file.path) };
}

/**
 * The report gate of swapped-arguments (models/detectors.json `rules.swapped-arguments.gate`): a swap is
 * reported only on positive name evidence (Rice et al. 2017; DeepBugs), whatever the model's score:
 * - the callee's parameters are known (defined once in the file, reached by this call, undecorated) and
 *   the arguments' names are closer to each other's parameter than to their own (by `nameMargin`; one
 *   of them — `bothSides`: each — at least `minSimilarity`), or
 * - other calls of the same callee in the file pass these names in the other order (`uses`: `pair`:
 *   both, in at least `minCross` calls, never in this order; `at`: or either name at the other
 *   position, never at its own);
 * never when the names favour the order as written, nor for an ORDER_FREE callee.
 */
export interface SwapGate {
  nameMargin: number;
  minSimilarity: number;
  /** Both arguments must be named like the other's parameter (`minSimilarity` each), not one of them. */
  bothSides: boolean;
  uses: 'none' | 'pair' | 'at';
  minCross: number;
  /** Short names (`a`, `x`, `p1`) and mirroring functions give no evidence; the call-order evidence is not read in test files. */
  strict: boolean;
}

/** Whether the gate lets a swap be reported; `swapped`: for the call with the two arguments exchanged (planted-bug figures). */
export function swapGate(facts: SwapFacts | undefined, gate: SwapGate, swapped = false): boolean {
  if (!facts || facts.excluded) return false;
  if (gate.strict && (facts.short || facts.mirror)) return false;
  const sims = facts.sims;
  const s: [number, number, number, number] | null = sims && (swapped ? [sims[2], sims[3], sims[0], sims[1]] : sims);
  const [same, cross] = swapped ? [facts.cross, facts.same] : [facts.same, facts.cross];
  const [sameAt, crossAt] = swapped ? [facts.crossAt, facts.sameAt] : [facts.sameAt, facts.crossAt];
  if (s) {
    const margin = s[1] + s[2] - (s[0] + s[3]);
    if (margin <= -gate.nameMargin) return false;
    const fit = gate.bothSides ? Math.min(s[1], s[2]) : Math.max(s[1], s[2]);
    if (margin >= gate.nameMargin && fit >= gate.minSimilarity) return true;
  }
  if (gate.uses === 'none' || (gate.strict && facts.test)) return false;
  if (cross >= gate.minCross && same === 0) return true;
  return gate.uses === 'at' && crossAt >= gate.minCross && sameAt === 0;
}
