/**
 * Imported first by src/main.ts, before anything that loads pg or Nest: starts tracing when
 * the OTEL_* variables ask for it (see tracing-config.ts). Without them the SDK is not even loaded.
 */
import type { NodeSDK } from '@opentelemetry/sdk-node';
import { tracingEnabled } from './tracing-config';

let sdk: NodeSDK | undefined;

if (tracingEnabled(process.env)) {
  // A require, not an import: the SDK and its exporters take about a second to load, so a process that
  // does not trace must not pay for them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tracing = require('./tracing') as typeof import('./tracing');
  sdk = tracing.startTracingSdk(process.env);
}

/** How long exiting waits for the spans still buffered to be sent (an unreachable collector retries). */
const FLUSH_TIMEOUT_MS = 2_000;

/** Sends the spans still buffered, for at most FLUSH_TIMEOUT_MS; call once the application has closed. */
export async function shutdownTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  if (running === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, FLUSH_TIMEOUT_MS);
  });
  try {
    await Promise.race([running.shutdown(), bound]);
  } finally {
    clearTimeout(timer);
  }
}
