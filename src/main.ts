import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const running = await createApp(config);
  const { app } = running;
  // enableShutdownHooks closes Nest on SIGTERM; stop the embedded database after it.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      running.close().then(
        () => process.exit(0),
        (error: unknown) => {
          new Logger('Shutdown').error(error);
          process.exit(1);
        },
      );
    });
  }
  await app.listen(config.port, '0.0.0.0');
  const mode = config.kafka
    ? `Kafka (${config.kafka.brokers.join(',')})`
    : 'in-process transport (embedded mode)';
  const db = config.database.mode === 'external' ? 'PostgreSQL from DATABASE_URL' : 'embedded PostgreSQL';
  new Logger('Main').log(`listening on :${config.port}; ${mode}; ${db}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
