/**
 * Compatibility with the original platform's API (issue 23, item 7): its dimension names are
 * accepted wherever a dimension is (REST and GraphQL), and `/grade` answers carry its fields
 * (`grading_id`, `overall_score`, `feedback`, `improvement_suggestions`) beside ours.
 *
 * | the original's name | toasty's dimension |
 * | --- | --- |
 * | `code_quality` | `quality` |
 * | `performance` | `speed` |
 * | `complexity`, `readability`, `reliability`, `security`, `quality`, `speed` | themselves |
 */
import type { FastifyInstance } from 'fastify';
import { counts } from '../../model/gate.js';
import { DIMENSIONS, type Dimension, type Severity } from '../../model/findings.js';
import type { RunResult } from '../../model/results.js';

/** The original's dimension names that differ from ours. */
export const DIMENSION_ALIASES: Readonly<Record<string, Dimension>> = Object.freeze({
  code_quality: 'quality',
  performance: 'speed',
});

/** Every name a request may use for a dimension: ours, then the aliases. */
export const DIMENSION_NAMES: readonly string[] = [...DIMENSIONS, ...Object.keys(DIMENSION_ALIASES)];

/** Our dimension for a name (ours or an alias); undefined for anything else. */
export function dimensionOf(name: string): Dimension | undefined {
  if ((DIMENSIONS as readonly string[]).includes(name)) return name as Dimension;
  return Object.hasOwn(DIMENSION_ALIASES, name) ? DIMENSION_ALIASES[name] : undefined;
}

/** Unknown names are kept as they are, so schema validation reports them. */
const normalize = (name: unknown): unknown => (typeof name === 'string' ? (dimensionOf(name) ?? name) : name);

export interface OriginalFeedback {
  dimension: string;
  score: number;
  feedback: string;
}
export interface OriginalSuggestion {
  category: string;
  description: string;
  priority: 'high' | 'medium' | 'low';
}
export interface OriginalFields {
  grading_id: string;
  overall_score: number | null;
  feedback: OriginalFeedback[];
  improvement_suggestions: OriginalSuggestion[];
}

const PRIORITY: Record<Severity, OriginalSuggestion['priority']> = { error: 'high', warning: 'medium', info: 'low' };
/** Suggestions listed at most (the costliest first); the full findings stay in `files[].findings`. */
export const MAX_SUGGESTIONS = 20;

/**
 * The original's fields for a one-file grading. `requested` are the dimension names as the client
 * wrote them (aliases kept, so a client asking for `code_quality` reads `code_quality` back);
 * absent: all six of ours.
 */
export function originalFields(result: RunResult, requested?: readonly string[] | null): OriginalFields {
  const names = requested?.length ? requested : DIMENSIONS;
  const findings = result.files.flatMap((f) => f.findings.filter((x) => counts(x) && x.cost > 0));
  const nameOf = new Map<Dimension, string>();
  for (const n of names) {
    const d = dimensionOf(n);
    if (d && !nameOf.has(d)) nameOf.set(d, n);
  }
  const feedback: OriginalFeedback[] = [...nameOf].map(([d, name]) => {
    const mine = findings.filter((x) => x.dimension === d).sort((a, b) => b.cost - a.cost || a.line - b.line);
    const text =
      mine.length === 0
        ? `No ${name.replace(/_/g, ' ')} issues found.`
        : `${mine.length} issue${mine.length === 1 ? '' : 's'}: ` +
          mine
            .slice(0, 3)
            .map((x) => `${x.message} (line ${x.line})`)
            .join('; ') +
          (mine.length > 3 ? '; …' : '');
    return { dimension: name, score: result.dimensions[d], feedback: text };
  });
  const improvement_suggestions = findings
    .filter((x) => nameOf.has(x.dimension))
    .sort((a, b) => b.cost - a.cost || a.line - b.line || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))
    .slice(0, MAX_SUGGESTIONS)
    .map((x) => ({
      category: nameOf.get(x.dimension)!,
      description: `${x.suggestion || x.message} (line ${x.line}, ${x.ruleId})`,
      priority: PRIORITY[x.severity],
    }));
  return { grading_id: result.run.id, overall_score: result.score, feedback, improvement_suggestions };
}

/** JSON Schema of the original's fields (merged into the `/grade` response schema). */
export const originalFieldsSchema = {
  grading_id: { type: 'string' },
  overall_score: { type: ['number', 'null'] },
  feedback: {
    type: 'array',
    items: {
      type: 'object',
      properties: { dimension: { type: 'string' }, score: { type: 'number' }, feedback: { type: 'string' } },
    },
  },
  improvement_suggestions: {
    type: 'array',
    items: {
      type: 'object',
      properties: { category: { type: 'string' }, description: { type: 'string' }, priority: { type: 'string' } },
    },
  },
} as const;

declare module 'fastify' {
  interface FastifyRequest {
    /** `POST /grade`: the dimension names as the client wrote them (aliases kept). */
    requestedDimensions?: string[] | null;
  }
}

type Body = Record<string, unknown>;
const isObject = (x: unknown): x is Body => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Rewrites alias dimension names to ours before schema validation, on every route that takes a
 * dimension (`/grade`, `/feedback`, `/sync/push`); the handlers only ever see our names.
 */
export function registerAliases(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const body = req.body;
    if (!isObject(body)) return;
    const route = req.routeOptions.url;
    if (route === '/grade' && Array.isArray(body.dimensions)) {
      req.requestedDimensions = body.dimensions.filter((d): d is string => typeof d === 'string');
      const seen = body.dimensions.map(normalize);
      // `["quality", "code_quality"]` is one dimension asked twice: kept once.
      body.dimensions = seen.filter((d, i) => typeof d !== 'string' || seen.indexOf(d) === i);
    }
    if (route === '/feedback' && 'dimension' in body) body.dimension = normalize(body.dimension);
    if (route === '/sync/push' && Array.isArray(body.feedback))
      for (const v of body.feedback)
        if (isObject(v)) {
          if ('dimension' in v) v.dimension = normalize(v.dimension);
          if ('findingDimension' in v) v.findingDimension = normalize(v.findingDimension);
        }
  });
  app.addHook('preSerialization', async (req, reply, payload) => {
    if (req.routeOptions.url !== '/grade' || req.method !== 'POST' || reply.statusCode !== 200) return payload;
    const result = payload as RunResult;
    if (!isObject(result) || !Array.isArray(result.files)) return payload;
    return { ...result, ...originalFields(result, req.requestedDimensions) };
  });
}
