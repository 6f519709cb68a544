import type { Rule } from '../../engine/rule.js';
import awaitInLoop from './await-in-loop.js';
import dictKeysMembership from './dict-keys-membership.js';
import invariantCallInLoopCondition from './invariant-call-in-loop-condition.js';
import jsonRoundtripClone from './json-roundtrip-clone.js';
import listMembershipInLoop from './list-membership-in-loop.js';
import nestedLoopSameCollection from './nested-loop-same-collection.js';
import quadraticListAppend from './quadratic-list-append.js';
import regexCompileInLoop from './regex-compile-in-loop.js';
import sortInLoop from './sort-in-loop.js';
import spreadAccumulatorInReduce from './spread-accumulator-in-reduce.js';
import stringConcatInLoop from './string-concat-in-loop.js';

export const speedRules = [
  awaitInLoop,
  dictKeysMembership,
  invariantCallInLoopCondition,
  jsonRoundtripClone,
  listMembershipInLoop,
  nestedLoopSameCollection,
  quadraticListAppend,
  regexCompileInLoop,
  sortInLoop,
  spreadAccumulatorInReduce,
  stringConcatInLoop,
] satisfies Rule[];
