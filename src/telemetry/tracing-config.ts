/**
 * Whether this process exports traces. The standard OTEL_* variables configure the SDK; on top of them
 * tracing is off unless an exporter or an OTLP endpoint is named, so a service started with no
 * configuration (the embedded default, a laptop) does not try to reach a collector on localhost:4318
 * and spends nothing on spans. OTEL_SDK_DISABLED=true turns it off whatever else is set.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv): boolean {
  const set = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  if (set('OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return false;
  const exporters = set('OTEL_TRACES_EXPORTER')
    ?.split(',')
    .map((name) => name.trim().toLowerCase());
  if (exporters !== undefined) return !exporters.every((name) => name === 'none' || name === '');
  return (
    set('OTEL_EXPORTER_OTLP_ENDPOINT') !== undefined ||
    set('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') !== undefined
  );
}

/** The service.name spans carry when neither OTEL_SERVICE_NAME nor OTEL_RESOURCE_ATTRIBUTES names one. */
export const DEFAULT_SERVICE_NAME = 'change-audit';

export function serviceNameConfigured(env: NodeJS.ProcessEnv): boolean {
  if ((env['OTEL_SERVICE_NAME'] ?? '').trim() !== '') return true;
  return (env['OTEL_RESOURCE_ATTRIBUTES'] ?? '')
    .split(',')
    .some((pair) => pair.trim().startsWith('service.name='));
}

/** Requests that are not worth a trace: probes and scrapes arrive every few seconds and say nothing. */
export function isProbeRequest(url: string | undefined): boolean {
  const path = (url ?? '').split('?', 1)[0] ?? '';
  return path === '/metrics' || path.startsWith('/health/');
}
