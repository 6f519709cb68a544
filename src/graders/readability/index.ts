import type { Rule } from '../../engine/rule.js';

export const readabilityRules = [] as unknown as Rule[];
