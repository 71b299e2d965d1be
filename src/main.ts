// First: tracing must start before pg and Nest are loaded (it patches them as they load).
import { shutdownTracing } from './telemetry/register';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp, type RunningApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // Handlers before anything else, so a SIGTERM during start-up is a clean stop too (and so the embedded
  // PostgreSQL's own signal hooks, removed as it loads, are told apart from these).
  const shutdownState: { requested: boolean; starting?: Promise<RunningApp> } = { requested: false };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      const logger = new Logger('Shutdown');
      if (shutdownState.requested) {
        logger.warn(`${signal} again: still shutting down (at most ${config.shutdownTimeoutMs} ms)`);
        return;
      }
      shutdownState.requested = true;
      logger.log(`${signal}: no new work; finishing the work in flight`);
      const deadline = setTimeout(() => {
        logger.error(
          `shutdown took longer than SHUTDOWN_TIMEOUT_MS (${config.shutdownTimeoutMs} ms); exiting`,
        );
        process.exit(1);
      }, config.shutdownTimeoutMs);
      deadline.unref();
      shutdown(shutdownState.starting).then(
        () => {
          logger.log('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error(error);
          process.exit(1);
        },
      );
    });
  }
  shutdownState.starting = createApp(config);
  const { app } = await shutdownState.starting;
  if (shutdownState.requested) return;
  await app.listen(config.port, '0.0.0.0');
  const mode = config.kafka
    ? `Kafka (${config.kafka.brokers.join(',')})`
    : 'in-process transport (embedded mode)';
  const db = config.database.mode === 'external' ? 'PostgreSQL from DATABASE_URL' : 'embedded PostgreSQL';
  new Logger('Main').log(`listening on :${config.port}; ${mode}; ${db}`);
}

async function shutdown(starting: Promise<RunningApp> | undefined): Promise<void> {
  try {
    const running = await starting;
    await running?.close();
  } finally {
    await shutdownTracing();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
