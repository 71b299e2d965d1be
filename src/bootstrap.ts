import type { Server } from 'node:http';
import { Logger, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './database/embedded-postgres';
import { configSecrets, createLogger, PinoLoggerService } from './telemetry/logging/pino-logger';
import { httpMetricsMiddleware } from './telemetry/metrics/http-metrics.middleware';
import { Metrics } from './telemetry/metrics/metrics';

/** How long requests in flight may take to finish once the listener has closed. */
const HTTP_DRAIN_MS = 10_000;

export interface RunningApp {
  readonly app: INestApplication;
  readonly databaseUrl: string;
  readonly logger: PinoLoggerService;
  /**
   * Graceful stop, in this order: the HTTP listener closes (requests in flight finish), then Nest's
   * shutdown hooks run: consumers stop fetching and finish and commit the batch in flight
   * (onModuleDestroy), producers disconnect and the database pool closes (onApplicationShutdown);
   * then the embedded PostgreSQL stops.
   */
  close(): Promise<void>;
}

/** Builds the application (used by main.ts and by the e2e tests, so both run the same wiring). */
export async function createApp(config: AppConfig): Promise<RunningApp> {
  const logger = new PinoLoggerService(
    createLogger({ level: config.logLevel, secrets: configSecrets(config) }),
  );
  // Every Nest Logger (and kafkajs through it) writes JSON lines through pino from here on.
  Logger.overrideLogger(logger);
  let embedded: EmbeddedPostgresHandle | undefined;
  let databaseUrl: string;
  if (config.database.mode === 'external') {
    databaseUrl = config.database.url;
  } else {
    const embeddedLogger = new Logger('EmbeddedPostgres');
    embeddedLogger.log(`starting embedded PostgreSQL (data in ${config.database.dataDir})`);
    embedded = await startEmbeddedPostgres({
      dataDir: config.database.dataDir,
      port: config.database.port,
      // main.ts stops it last on SIGTERM/SIGINT, after the work in flight (RunningApp.close).
      handlesShutdownSignals: true,
      log: (line) => {
        embeddedLogger.debug(line);
      },
    });
    databaseUrl = embedded.url;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    logger,
  });
  app.use(httpMetricsMiddleware(app.get(Metrics)));
  // A batch is up to 1,000 events of at most 64 KiB each.
  app.useBodyParser('json', { limit: '66mb' });
  app.useGlobalPipes(
    new ValidationPipe({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      stopAtFirstError: false,
    }),
  );
  return {
    app,
    databaseUrl,
    logger,
    close: async () => {
      await stopAcceptingRequests(app.getHttpServer());
      await app.close();
      await embedded?.stop();
    },
  };
}

/** Closes the listener and waits for requests in flight; connections still open after the bound are cut. */
async function stopAcceptingRequests(server: Server): Promise<void> {
  if (!server.listening) return;
  await new Promise<void>((resolve) => {
    // A keep-alive connection turns idle when its response is sent, and would then hold close() open
    // until the keep-alive timeout: close idle ones as they appear.
    const idle = setInterval(() => {
      server.closeIdleConnections();
    }, 50);
    const cut = setTimeout(() => {
      server.closeAllConnections();
    }, HTTP_DRAIN_MS);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
