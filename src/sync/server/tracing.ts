/**
 * OpenTelemetry traces, only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set: then
 * `@opentelemetry/sdk-node` (an optional dependency, not installed by default: it is ~60
 * packages) is loaded and started with its environment configuration (OTLP exporter, service
 * name from OTEL_SERVICE_NAME, auto-instrumentations when installed beside it). Unset, nothing of
 * OpenTelemetry is loaded.
 */
export interface Tracing {
  shutdown(): Promise<void>;
}

export const SDK_MODULE = '@opentelemetry/sdk-node';
const AUTO_MODULE = '@opentelemetry/auto-instrumentations-node';

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
  try {
    sdkModule = await loader(SDK_MODULE);
  } catch {
    warn(
      `toasty serve: OTEL_EXPORTER_OTLP_ENDPOINT is set but ${SDK_MODULE} is not installed: no traces (npm install ${SDK_MODULE} ${AUTO_MODULE})`,
    );
    return null;
  }
  let instrumentations: unknown[] = [];
  try {
    const auto = await loader(AUTO_MODULE);
    instrumentations = [(auto.getNodeAutoInstrumentations as () => unknown)()];
  } catch {
    // Without the auto-instrumentations: the SDK alone (manual spans only).
  }
  const NodeSDK = sdkModule.NodeSDK as new (config: Record<string, unknown>) => { start(): void; shutdown(): Promise<void> };
  const sdk = new NodeSDK({ serviceName: env.OTEL_SERVICE_NAME ?? 'toasty-serve', instrumentations });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
