import { isProbeRequest, serviceNameConfigured, tracingEnabled } from '../../../src/telemetry/tracing-config';

describe('when tracing starts', () => {
  it('is off with no OTEL_* configuration (the embedded default)', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_SERVICE_NAME: 'change-audit', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toBe(
      false,
    );
  });

  it('is on once an OTLP endpoint or a traces exporter is named', () => {
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(
      true,
    );
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'console,otlp' })).toBe(true);
  });

  it('stays off with OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true, whatever else is set', () => {
    expect(
      tracingEnabled({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toBe(false);
    expect(tracingEnabled({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
    expect(tracingEnabled({ OTEL_SDK_DISABLED: 'false', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBe(false);
  });

  it('names the service change-audit unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES does', () => {
    expect(serviceNameConfigured({})).toBe(false);
    expect(serviceNameConfigured({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod' })).toBe(
      false,
    );
    expect(serviceNameConfigured({ OTEL_SERVICE_NAME: 'audit-eu' })).toBe(true);
    expect(serviceNameConfigured({ OTEL_RESOURCE_ATTRIBUTES: 'a=b, service.name=audit-eu' })).toBe(true);
  });

  it('does not trace probes and scrapes', () => {
    expect(isProbeRequest('/health/ready')).toBe(true);
    expect(isProbeRequest('/metrics?x=1')).toBe(true);
    expect(isProbeRequest('/v1/change-events')).toBe(false);
    expect(isProbeRequest('/metricsx')).toBe(false);
  });
});
