import type { Rule } from '../../engine/rule.js';

export const qualityRules = [] as unknown as Rule[];
