/**
 * GraphQL beside REST (issue 23, item 4): `POST|GET /graphql` (mercurius) with the original
 * platform's `gradeCode` query, plus `history` and `submitFeedback`. Every operation goes through
 * the REST handlers (the same auth hook, rate limit, scopes, code size limit, grading pool and
 * storage); this module only translates arguments and answers.
 */
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { GraphQLError, Kind, type ASTNode, type ASTVisitor, type ValidationContext } from 'graphql';
import mercurius from 'mercurius';
import type { Dimension } from '../../model/findings.js';
import type { RunResult } from '../../model/results.js';
import { DIMENSION_NAMES, dimensionOf, originalFields } from './aliases.js';
import { hasScope, type Principal, type Scope } from './keys.js';
import * as S from './schemas.js';
import type { HistoryRun } from './store.js';

/** A route's scope meaning "any valid key": each GraphQL operation checks its own scope. */
export const ANY_SCOPE = 'authenticated' as const;

export interface GradeBody {
  code: string;
  language: 'python' | 'javascript' | 'typescript';
  user_id?: string;
  dimensions?: Dimension[];
  filename?: string;
}
export interface FeedbackBody {
  grading_id: string;
  was_helpful: boolean;
  dimension?: Dimension;
  comment?: string;
}
export interface FeedbackAnswer {
  recorded: boolean;
  replaced: boolean;
  target: { kind: string; id: string };
}

/** The REST handlers GraphQL calls (defined in app.ts, where their routes are). */
export interface Handlers {
  grade: (p: Principal, body: GradeBody, reply: FastifyReply) => Promise<RunResult>;
  recordFeedback: (p: Principal, body: FeedbackBody) => Promise<FeedbackAnswer>;
  history: (p: Principal, user: string | undefined, limit: number) => Promise<HistoryRun[]>;
}

/** Deepest selection a query may have (ours need 3; introspection beyond a few levels is refused). */
export const MAX_DEPTH = 6;
/** Most fields in one document: a bound on the work one request (one rate-limit unit) can ask for. */
export const MAX_FIELDS = 200;
/** Operations that grade or write, at most once per request each (aliases cannot multiply them). */
const ONCE = ['gradeCode', 'submitFeedback'];

export const typeDefs = /* GraphQL */ `
  input GradeCodeInput {
    code: String!
    language: String!
    userId: String
    "toasty's dimensions or the original's names (code_quality, performance); all six when absent"
    dimensions: [String!]
    filename: String
  }
  type DimensionFeedback {
    dimension: String!
    score: Float!
    feedback: String!
  }
  type ImprovementSuggestion {
    category: String!
    description: String!
    priority: String!
  }
  type DimensionScore {
    dimension: String!
    score: Float!
  }
  type GradeResult {
    gradingId: String!
    overallScore: Float
    grade: String
    passed: Boolean!
    dimensions: [DimensionScore!]!
    feedback: [DimensionFeedback!]!
    improvementSuggestions: [ImprovementSuggestion!]!
    "the full \`grade --format json\` report, as a JSON string"
    report: String!
  }
  type HistoryRun {
    id: String!
    user: String!
    source: String!
    startedAt: String!
    durationMs: Int!
    toolVersion: String!
    agent: String
    score: Float
    grade: String
    passed: Boolean!
  }
  type FeedbackResult {
    recorded: Boolean!
    replaced: Boolean!
    targetKind: String!
    targetId: String!
  }
  type Query {
    gradeCode(input: GradeCodeInput!): GradeResult
    history(limit: Int = 20, user: String): [HistoryRun!]!
  }
  type Mutation {
    submitFeedback(gradingId: String!, wasHelpful: Boolean!, dimension: String, comment: String): FeedbackResult
  }
`;

interface Context {
  reply: FastifyReply;
}

/** An error with the HTTP-like status and code REST would have answered, in `extensions`. */
function gqlError(status: number, code: string, message: string): Error {
  return new mercurius.ErrorWithProps(message, { code, status }, status);
}

/** REST's HttpError (status, error, message), or anything else, as a GraphQL error. */
function translated(error: unknown): Error {
  const e = error as { statusCode?: unknown; error?: unknown; message?: unknown };
  if (typeof e?.statusCode === 'number' && typeof e.error === 'string' && typeof e.message === 'string')
    return gqlError(e.statusCode, e.error, e.message);
  return error instanceof Error ? error : new Error(String(error));
}

function principalOf(ctx: Context, scope: Scope): Principal {
  const p = ctx.reply.request.principal;
  if (!p) throw gqlError(401, 'unauthorized', 'an API key is required');
  if (!hasScope(p, scope)) throw gqlError(403, 'forbidden', `this key lacks the scope ${scope}`);
  return p;
}

/** A dimension name (ours or the original's) as ours, or a 400 naming the argument and the allowed values. */
function dimension(name: string, where: string): Dimension {
  const d = dimensionOf(name);
  if (!d)
    throw gqlError(
      400,
      'bad_request',
      `${where}: ${JSON.stringify(name)} is not a dimension; expected one of ${DIMENSION_NAMES.join(', ')}`,
    );
  return d;
}

const require = createRequire(import.meta.url);
let validateGrade: ((body: unknown) => string | null) | null = null;
/** The REST body schema, so GraphQL accepts exactly what `POST /grade` accepts. */
function gradeBodyError(body: GradeBody): string | null {
  if (!validateGrade) {
    const { Ajv } = require('ajv') as typeof import('ajv');
    const ajv = new Ajv({ allErrors: false, strict: false });
    const check = ajv.compile(S.gradeBody);
    validateGrade = (b) => (check(b) ? null : ajv.errorsText(check.errors, { dataVar: 'input' }));
  }
  return validateGrade(body);
}

/** Refuses documents that ask for more than one grading or vote, or too many fields. */
function boundedWork(context: ValidationContext): ASTVisitor {
  const seen = new Map<string, number>();
  let fields = 0;
  let inFragment = false;
  const once = (name: string, node: ASTNode): void => {
    seen.set(name, (seen.get(name) ?? 0) + 1);
    if (seen.get(name) === 2)
      context.reportError(new GraphQLError(`${name} may appear once per request (send one request per ${name})`, { nodes: node }));
  };
  return {
    // A fragment's fields count where it is spread, so spreading it twice cannot double a grading.
    FragmentDefinition: {
      enter: () => {
        inFragment = true;
      },
      leave: () => {
        inFragment = false;
      },
    },
    Field(node) {
      fields++;
      if (fields === MAX_FIELDS + 1)
        context.reportError(new GraphQLError(`a request may select at most ${MAX_FIELDS} fields`, { nodes: node }));
      if (!inFragment && ONCE.includes(node.name.value)) once(node.name.value, node);
    },
    FragmentSpread(node) {
      const def = context.getFragment(node.name.value);
      for (const sel of def?.selectionSet.selections ?? [])
        if (sel.kind === Kind.FIELD && ONCE.includes(sel.name.value)) once(sel.name.value, node);
    },
  };
}

export async function registerGraphql(app: FastifyInstance, handlers: Handlers): Promise<void> {
  const resolvers = {
    Query: {
      gradeCode: async (_root: unknown, args: { input: Record<string, unknown> }, ctx: Context) => {
        const p = principalOf(ctx, 'grade:write');
        const input = args.input;
        const requested = Array.isArray(input.dimensions) ? (input.dimensions as string[]) : null;
        const body: GradeBody = {
          code: input.code as string,
          language: input.language as GradeBody['language'],
          ...(input.userId != null ? { user_id: input.userId as string } : {}),
          ...(requested ? { dimensions: [...new Set(requested.map((d, i) => dimension(d, `input.dimensions[${i}]`)))] } : {}),
          ...(input.filename != null ? { filename: input.filename as string } : {}),
        };
        const invalid = gradeBodyError(body);
        if (invalid) throw gqlError(400, 'bad_request', invalid);
        let result: RunResult;
        try {
          result = await handlers.grade(p, body, ctx.reply);
        } catch (error) {
          throw translated(error);
        }
        const original = originalFields(result, requested);
        return {
          gradingId: original.grading_id,
          overallScore: original.overall_score,
          grade: result.grade,
          passed: result.passed,
          dimensions: Object.entries(result.dimensions).map(([d, score]) => ({ dimension: d, score })),
          feedback: original.feedback,
          improvementSuggestions: original.improvement_suggestions,
          report: JSON.stringify(result),
        };
      },
      history: async (_root: unknown, args: { limit: number; user?: string | null }, ctx: Context) => {
        const p = principalOf(ctx, 'grade:read');
        if (!Number.isInteger(args.limit) || args.limit < 1 || args.limit > 1000)
          throw gqlError(400, 'bad_request', `limit must be an integer from 1 to 1000 (got ${args.limit})`);
        try {
          return await handlers.history(p, args.user ?? undefined, args.limit);
        } catch (error) {
          throw translated(error);
        }
      },
    },
    Mutation: {
      submitFeedback: async (
        _root: unknown,
        args: { gradingId: string; wasHelpful: boolean; dimension?: string | null; comment?: string | null },
        ctx: Context,
      ) => {
        const p = principalOf(ctx, 'feedback:write');
        if (!/^[0-9a-f]{7,40}$/.test(args.gradingId))
          throw gqlError(400, 'bad_request', 'gradingId must be a run, file result or finding id (7 to 40 hex characters)');
        if (args.comment != null && args.comment.length > 2000)
          throw gqlError(400, 'bad_request', 'comment must be at most 2000 characters');
        try {
          const out = await handlers.recordFeedback(p, {
            grading_id: args.gradingId,
            was_helpful: args.wasHelpful,
            ...(args.dimension != null ? { dimension: dimension(args.dimension, 'dimension') } : {}),
            ...(args.comment != null ? { comment: args.comment } : {}),
          });
          return { recorded: out.recorded, replaced: out.replaced, targetKind: out.target.kind, targetId: out.target.id };
        } catch (error) {
          throw translated(error);
        }
      },
    },
  };
  await app.register(mercurius, {
    schema: typeDefs,
    resolvers,
    path: '/graphql',
    graphiql: false,
    queryDepth: MAX_DEPTH,
    validationRules: [boundedWork],
    // Through the same onRequest hook as REST: a valid key (401 otherwise), its rate limit (429).
    additionalRouteOptions: { config: { scope: ANY_SCOPE } },
  });
}
