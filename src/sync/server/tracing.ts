/**
 * OpenTelemetry traces, only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set: then `@opentelemetry/sdk-node`
 * is loaded and started with its environment configuration (OTLP exporter and protocol from
 * `OTEL_EXPORTER_OTLP_*`, service name from `OTEL_SERVICE_NAME`), instrumenting incoming HTTP
 * requests and PostgreSQL queries; the server adds its own spans (`grade`, `grade.pool`,
 * `grade.store`). Unset, nothing of the SDK is loaded (the API alone is a no-op).
 */
export interface Tracing {
  shutdown(): Promise<void>;
}

export const SDK_MODULE = '@opentelemetry/sdk-node';

type Loader = (name: string) => Promise<Record<string, unknown>>;
const load: Loader = (name) => import(name) as Promise<Record<string, unknown>>;

export async function startTracing(
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
  loader: Loader = load,
): Promise<Tracing | null> {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return null;
  let sdkModule: Record<string, unknown>;
  let instrumentations: unknown[];
  try {
    sdkModule = await loader(SDK_MODULE);
    const [http, pg] = await Promise.all([loader('@opentelemetry/instrumentation-http'), loader('@opentelemetry/instrumentation-pg')]);
    const Http = http.HttpInstrumentation as new (config?: Record<string, unknown>) => unknown;
    const Pg = pg.PgInstrumentation as new (config?: Record<string, unknown>) => unknown;
    // Health checks and scrapes are not traced; request bodies and headers never are.
    instrumentations = [
      new Http({ ignoreIncomingRequestHook: (req: { url?: string }) => /^\/(healthz|metrics)\b/.test(req.url ?? '') }),
      new Pg(),
    ];
  } catch (error) {
    warn(`toasty serve: OTEL_EXPORTER_OTLP_ENDPOINT is set but OpenTelemetry could not load: no traces (${(error as Error).message})`);
    return null;
  }
  const NodeSDK = sdkModule.NodeSDK as new (config: Record<string, unknown>) => { start(): void; shutdown(): Promise<void> };
  const sdk = new NodeSDK({ serviceName: env.OTEL_SERVICE_NAME ?? 'toasty-serve', instrumentations });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
