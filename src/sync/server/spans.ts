import { SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('toasty-serve');

/** `fn` inside an active span (a no-op unless tracing started: see tracing.ts); errors mark the span. */
export function traced<T>(name: string, attributes: Record<string, string | number>, fn: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
