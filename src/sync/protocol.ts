/** What `toasty sync` sends to `POST /sync/push`. Ids are the client's own (runs, file results, findings). */
export interface PushMetric {
  name: string;
  value: number;
  threshold: number;
  lowerIsWorse: boolean;
}

export interface PushFinding {
  id: string;
  ruleId: string;
  dimension: string;
  severity: string;
  line: number;
  fingerprint: string;
  cost: number;
  muted: boolean;
  metric: PushMetric | null;
  /** Only with `sync.includeCode: true` (messages quote identifiers). */
  message?: string;
}

/** A finding as graded (a report's or the store's), the fields the wire needs. */
export type FindingSource = Omit<PushFinding, 'metric' | 'message'> & {
  message: string;
  metric: (Omit<PushMetric, 'lowerIsWorse'> & { lowerIsWorse?: boolean }) | null;
};

/** The wire form of a finding; the message (it quotes identifiers) only when code may be sent. */
export function pushFindingOf(x: FindingSource, withMessage: boolean): PushFinding {
  return {
    id: x.id,
    ruleId: x.ruleId,
    dimension: x.dimension,
    severity: x.severity,
    line: x.line,
    fingerprint: x.fingerprint,
    cost: x.cost,
    muted: x.muted,
    metric: x.metric
      ? { name: x.metric.name, value: x.metric.value, threshold: x.metric.threshold, lowerIsWorse: Boolean(x.metric.lowerIsWorse) }
      : null,
    ...(withMessage ? { message: x.message } : {}),
  };
}

export interface PushFile {
  id: string;
  path: string;
  language: string | null;
  status: string;
  sha256: string | null;
  loc: number;
  sloc: number;
  score: number | null;
  grade: string | null;
  dimensions: Record<string, number> | null;
  /** Only with `sync.includeCode: true`, and only when the file on disk still has the graded content. */
  code?: string;
  findings: PushFinding[];
}

export interface PushRun {
  id: string;
  startedAt: string;
  durationMs: number;
  toolVersion: string;
  agent: string | null;
  learning: string;
  score: number | null;
  grade: string | null;
  passed: boolean;
  dimensions: Record<string, number>;
  summary: Record<string, number>;
  files: PushFile[];
}

/** One vote; (kind, key) identifies it per user, so a changed vote replaces the earlier one. */
export interface PushFeedback {
  kind: 'finding' | 'file' | 'run' | 'import';
  key: string;
  targetId: string;
  helpful: boolean;
  weight: number;
  implicit: boolean;
  comment: string | null;
  dimension: string | null;
  ruleId: string | null;
  findingDimension: string | null;
  severity: string | null;
  metric: PushMetric | null;
  createdAt: string;
}

export interface PushBatch {
  runs?: PushRun[];
  feedback?: PushFeedback[];
}

export interface PushResult {
  runs: { received: number; stored: number };
  files: { received: number; stored: number };
  findings: { received: number; stored: number };
  /** `rejected`: votes the server refused (not on an item of the pusher's, or dated in the future). */
  feedback: { received: number; stored: number; rejected?: number };
  /** The first refused votes and why (at most 20). */
  rejectedFeedback?: { kind: string; targetId: string; reason: string }[];
}
