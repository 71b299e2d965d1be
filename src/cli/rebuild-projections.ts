// `npm run projections:rebuild [-- change-timeline|freeze-windows ...]`: rebuilds read models from the
// event store without starting the HTTP server or the consumers (all of them when none is named). Reads
// the same configuration as the service.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { createApp } from '../bootstrap';
import { RebuildAlertsCommand } from '../alerts/commands/rebuild-alerts/rebuild-alerts.command';
import { RebuildChangeTimelineCommand } from '../changes/commands/rebuild-change-timeline/rebuild-change-timeline.command';
import { ConfigError, loadConfig } from '../config/app-config';
import { RebuildFreezeChecksCommand } from '../freeze/commands/rebuild-freeze-checks/rebuild-freeze-checks.command';
import { RebuildFreezeWindowsCommand } from '../freeze/commands/rebuild-freeze-windows/rebuild-freeze-windows.command';

const PROJECTIONS = ['change-timeline', 'freeze-windows', 'freeze-checks', 'alerts'] as const;
type Projection = (typeof PROJECTIONS)[number];

function projectionsToRebuild(args: readonly string[]): Projection[] {
  if (args.length === 0) return [...PROJECTIONS];
  return args.map((arg) => {
    const known = PROJECTIONS.find((p) => p === arg);
    if (known === undefined) {
      throw new ConfigError(`unknown projection "${arg}": expected one of ${PROJECTIONS.join(', ')}`);
    }
    return known;
  });
}

async function rebuild(bus: CommandBus, projection: Projection, logger: Logger): Promise<void> {
  switch (projection) {
    case 'change-timeline': {
      const result = await bus.execute(
        new RebuildChangeTimelineCommand((done) => {
          if (done % 50_000 === 0) logger.log(`${done} events replayed`);
        }),
      );
      const rate = result.millis > 0 ? Math.round((result.events / result.millis) * 1000) : result.events;
      logger.log(
        `rebuilt ${result.changes} changes from ${result.events} events in ${result.millis} ms (${rate} events/s)`,
      );
      return;
    }
    case 'alerts': {
      const result = await bus.execute(new RebuildAlertsCommand());
      logger.log(`rebuilt ${result.alerts} alerts from ${result.events} events in ${result.millis} ms`);
      return;
    }
    case 'freeze-checks': {
      const result = await bus.execute(new RebuildFreezeChecksCommand());
      logger.log(
        `rebuilt ${result.checks} freeze checks from ${result.events} events in ${result.millis} ms`,
      );
      return;
    }
    case 'freeze-windows': {
      const result = await bus.execute(new RebuildFreezeWindowsCommand());
      logger.log(
        `rebuilt ${result.windows} freeze windows from ${result.events} events in ${result.millis} ms`,
      );
      return;
    }
  }
}

async function main(): Promise<void> {
  const projections = projectionsToRebuild(process.argv.slice(2));
  const config = loadConfig({ ...process.env, KAFKA_CONSUMER: 'false' });
  const running = await createApp(config);
  const logger = new Logger('Rebuild');
  try {
    await running.app.init();
    const bus = running.app.get(CommandBus);
    for (const projection of projections) await rebuild(bus, projection, logger);
  } finally {
    await running.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
