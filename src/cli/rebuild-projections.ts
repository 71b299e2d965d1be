// `npm run projections:rebuild`: rebuilds the change timeline from the event store without starting
// the HTTP server or the consumers. Reads the same configuration as the service.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { createApp } from '../bootstrap';
import { RebuildChangeTimelineCommand } from '../changes/commands/rebuild-change-timeline/rebuild-change-timeline.command';
import { ConfigError, loadConfig } from '../config/app-config';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, KAFKA_CONSUMER: 'false' });
  const running = await createApp(config);
  const logger = new Logger('Rebuild');
  try {
    await running.app.init();
    const result = await running.app.get(CommandBus).execute(
      new RebuildChangeTimelineCommand((done) => {
        if (done % 50_000 === 0) logger.log(`${done} events replayed`);
      }),
    );
    const rate = result.millis > 0 ? Math.round((result.events / result.millis) * 1000) : result.events;
    logger.log(
      `rebuilt ${result.changes} changes from ${result.events} events in ${result.millis} ms (${rate} events/s)`,
    );
  } finally {
    await running.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
