import type { Rule } from '../../engine/rule.js';

export const speedRules = [] as unknown as Rule[];
