import type { MetricInfo } from '../../model/findings.js';
import type { Language, SourceFile, Span } from '../../model/types.js';

/** One place a pattern matched: a UTF-16 offset range, its span and the captures for `$NAME`. */
export interface Match {
  start: number;
  end: number;
  span: Span;
  captures: Record<string, string>;
  metric?: MetricInfo;
}

/** A compiled leaf matcher (regex, query, selector, metric). */
export interface LeafMatcher {
  /** Languages this matcher can run on; on other files it matches nothing. */
  languages: readonly Language[];
  /** Capture names it provides (for checking `$NAME` in messages at load). */
  captures: readonly string[];
  find(file: SourceFile): Match[];
}
