/**
 * Typed errors. Every error a user can cause has a class here; src/cli/exit.ts
 * is the one place that turns them into a message, a hint and an exit code.
 */

export abstract class ToastyError extends Error {
  abstract readonly exitCode: 2 | 3;
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** A configuration file, key or value is wrong. */
export class ConfigError extends ToastyError {
  readonly exitCode = 2 as const;
  constructor(
    message: string,
    readonly file: string | null,
    readonly key: string | null,
    hint?: string,
  ) {
    super(message, hint);
  }
}

/** Bad command-line usage (an unknown format, a bad number, a missing path). */
export class UsageError extends ToastyError {
  readonly exitCode = 2 as const;
}

/** A rule (built-in options, YAML rule, plugin) is invalid. */
export class RuleError extends ToastyError {
  readonly exitCode = 2 as const;
  constructor(
    message: string,
    readonly ruleId: string | null,
    hint?: string,
  ) {
    super(message, hint);
  }
}

/** An id prefix that matches nothing or more than one thing. */
export class IdLookupError extends ToastyError {
  readonly exitCode = 2 as const;
  constructor(
    message: string,
    readonly candidates: string[],
  ) {
    super(message, candidates.length ? `candidates: ${candidates.join(', ')}` : undefined);
  }
}
