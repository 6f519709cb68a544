/** JSON Schemas of the server's bodies and responses (fastify validates and serializes with them; /openapi.json lists them). */
import { DIMENSION_NAMES, originalFieldsSchema } from './aliases.js';

/** Ours and the original platform's names (aliases.ts maps them to ours before validation). */
const DIMENSIONS = [...DIMENSION_NAMES];
const id = { type: 'string', pattern: '^[0-9a-f]{7,40}$' } as const;
const nullable = (type: string | string[]) => ({ type: [...(Array.isArray(type) ? type : [type]), 'null'] });

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

export const gradeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'language'],
  properties: {
    code: { type: 'string' },
    language: { type: 'string', enum: ['python', 'javascript', 'typescript'] },
    user_id: { type: 'string', minLength: 1, maxLength: 200 },
    dimensions: { type: 'array', items: { type: 'string', enum: DIMENSIONS }, minItems: 1, uniqueItems: true },
    filename: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_.-]+$' },
  },
} as const;

/** The `grade --format json` report (schemaVersion 1), with every field kept. */
export const gradeResponse = {
  type: 'object',
  additionalProperties: true,
  required: ['schemaVersion', 'tool', 'run', 'score', 'grade', 'passed', 'dimensions', 'summary', 'files'],
  properties: {
    schemaVersion: { type: 'integer' },
    score: nullable('number'),
    grade: nullable('string'),
    passed: { type: 'boolean' },
    ...originalFieldsSchema,
  },
} as const;

export const feedbackBody = {
  type: 'object',
  additionalProperties: false,
  required: ['grading_id', 'was_helpful'],
  properties: {
    grading_id: id,
    was_helpful: { type: 'boolean' },
    dimension: { type: 'string', enum: DIMENSIONS },
    comment: { type: 'string', maxLength: 2000 },
  },
} as const;

export const feedbackResponse = {
  type: 'object',
  required: ['recorded', 'target'],
  properties: {
    recorded: { type: 'boolean' },
    replaced: { type: 'boolean' },
    target: { type: 'object', properties: { kind: { type: 'string' }, id: { type: 'string' } } },
  },
} as const;

const metric = {
  anyOf: [
    { type: 'null' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'value', 'threshold'],
      properties: {
        name: { type: 'string', maxLength: 100 },
        value: { type: 'number' },
        threshold: { type: 'number' },
        lowerIsWorse: { type: 'boolean' },
      },
    },
  ],
} as const;
const scores = { type: 'object', additionalProperties: { type: 'number' } } as const;
const str = (max: number) => ({ type: 'string', maxLength: max }) as const;

export const pushBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    runs: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'startedAt', 'durationMs', 'toolVersion', 'learning', 'passed', 'dimensions', 'summary', 'files'],
        properties: {
          id,
          startedAt: str(40),
          durationMs: { type: 'integer', minimum: 0 },
          toolVersion: str(40),
          agent: nullable('string'),
          learning: str(20),
          score: nullable('number'),
          grade: nullable('string'),
          passed: { type: 'boolean' },
          dimensions: scores,
          summary: scores,
          files: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'path', 'status', 'loc', 'sloc', 'findings'],
              properties: {
                id,
                path: str(4096),
                language: nullable('string'),
                status: str(20),
                sha256: nullable('string'),
                loc: { type: 'integer', minimum: 0 },
                sloc: { type: 'integer', minimum: 0 },
                score: nullable('number'),
                grade: nullable('string'),
                dimensions: { anyOf: [{ type: 'null' }, scores] },
                code: { type: 'string' },
                findings: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['id', 'ruleId', 'dimension', 'severity', 'line', 'fingerprint', 'cost', 'muted'],
                    properties: {
                      id,
                      ruleId: str(200),
                      dimension: str(40),
                      severity: str(20),
                      line: { type: 'integer' },
                      fingerprint: str(100),
                      cost: { type: 'number' },
                      muted: { type: 'boolean' },
                      metric,
                      message: str(4000),
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    feedback: {
      type: 'array',
      maxItems: 5000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'key', 'targetId', 'helpful', 'weight', 'implicit', 'createdAt'],
        properties: {
          kind: { type: 'string', enum: ['finding', 'file', 'run', 'import'] },
          key: { type: 'string', minLength: 1, maxLength: 200 },
          targetId: str(200),
          helpful: { type: 'boolean' },
          weight: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
          implicit: { type: 'boolean' },
          comment: nullable('string'),
          dimension: { anyOf: [{ type: 'null' }, { type: 'string', enum: DIMENSIONS }] },
          ruleId: nullable('string'),
          findingDimension: { anyOf: [{ type: 'null' }, { type: 'string', enum: DIMENSIONS }] },
          severity: { anyOf: [{ type: 'null' }, { type: 'string', enum: ['error', 'warning', 'info'] }] },
          metric,
          createdAt: str(40),
        },
      },
    },
  },
} as const;

const counts = {
  type: 'object',
  properties: { received: { type: 'integer' }, stored: { type: 'integer' }, rejected: { type: 'integer' } },
} as const;
export const pushResponse = {
  type: 'object',
  properties: {
    runs: counts,
    files: counts,
    findings: counts,
    feedback: counts,
    rejectedFeedback: {
      type: 'array',
      items: { type: 'object', properties: { kind: { type: 'string' }, targetId: { type: 'string' }, reason: { type: 'string' } } },
    },
  },
} as const;

export const priorsResponse = {
  type: 'object',
  required: ['version', 'k', 'generatedAt', 'rules', 'thresholds'],
  properties: {
    version: { type: 'integer' },
    k: { type: 'integer' },
    generatedAt: { type: 'string' },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ruleId: { type: 'string' },
          dimension: nullable('string'),
          severity: nullable('string'),
          users: { type: 'integer' },
          helpful: { type: 'number' },
          notHelpful: { type: 'number' },
          alpha: { type: 'number' },
          beta: { type: 'number' },
        },
      },
    },
    thresholds: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ruleId: { type: 'string' },
          metric: { type: 'string' },
          lowerIsWorse: { type: 'boolean' },
          defaultValue: { type: 'number' },
          value: { type: 'number' },
          users: { type: 'integer' },
        },
      },
    },
  },
} as const;

export const historyQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    // A string checked by the route: Ajv's coercion takes `Infinity` and `1e400` for integers.
    limit: { type: 'string', maxLength: 40, description: 'an integer from 1 to 1000 (default 20)' },
    user: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

export const historyResponse = {
  type: 'object',
  required: ['runs'],
  properties: {
    runs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          user: { type: 'string' },
          source: { type: 'string' },
          startedAt: { type: 'string' },
          durationMs: { type: 'integer' },
          toolVersion: { type: 'string' },
          agent: nullable('string'),
          score: nullable('number'),
          grade: nullable('string'),
          passed: { type: 'boolean' },
          dimensions: scores,
          summary: scores,
        },
      },
    },
  },
} as const;

export const healthResponse = {
  type: 'object',
  properties: { status: { type: 'string' }, version: { type: 'string' }, database: { type: 'string' } },
} as const;

/** POST /auth/token: an API key for a token pair. */
export const tokenBody = {
  type: 'object',
  additionalProperties: false,
  required: ['api_key'],
  properties: { api_key: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** POST /auth/refresh: a refresh token for a new pair (the old one stops working). */
export const refreshBody = {
  type: 'object',
  additionalProperties: false,
  required: ['refresh_token'],
  properties: { refresh_token: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export const tokenResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['access_token', 'refresh_token', 'token_type', 'expires_in', 'refresh_expires_in'],
  properties: {
    access_token: { type: 'string' },
    refresh_token: { type: 'string' },
    token_type: { type: 'string', enum: ['bearer'] },
    expires_in: { type: 'integer' },
    refresh_expires_in: { type: 'integer' },
  },
} as const;
