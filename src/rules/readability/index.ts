import type { Rule } from '../../engine/rule.js';
import booleanFlagParam from './boolean-flag-param.js';
import classNameCase from './class-name-case.js';
import commentedOutCode from './commented-out-code.js';
import functionNameCase from './function-name-case.js';
import longIdentifier from './long-identifier.js';
import longLine from './long-line.js';
import magicNumber from './magic-number.js';
import missingDocstring from './missing-docstring.js';
import negatedCondition from './negated-condition.js';
import nestedTernary from './nested-ternary.js';
import redundantBooleanComparison from './redundant-boolean-comparison.js';
import shortIdentifier from './short-identifier.js';
import variableNameCase from './variable-name-case.js';
import yodaCondition from './yoda-condition.js';

export const readabilityRules = [
  booleanFlagParam,
  classNameCase,
  commentedOutCode,
  functionNameCase,
  longIdentifier,
  longLine,
  magicNumber,
  missingDocstring,
  negatedCondition,
  nestedTernary,
  redundantBooleanComparison,
  shortIdentifier,
  variableNameCase,
  yodaCondition,
] satisfies Rule[];
