import { Logger, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './database/embedded-postgres';

export interface RunningApp {
  readonly app: INestApplication;
  readonly databaseUrl: string;
  close(): Promise<void>;
}

/** Builds the application (used by main.ts and by the e2e tests, so both run the same wiring). */
export async function createApp(config: AppConfig): Promise<RunningApp> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let databaseUrl: string;
  if (config.database.mode === 'external') {
    databaseUrl = config.database.url;
  } else {
    const logger = new Logger('EmbeddedPostgres');
    logger.log(`starting embedded PostgreSQL (data in ${config.database.dataDir})`);
    embedded = await startEmbeddedPostgres({
      dataDir: config.database.dataDir,
      port: config.database.port,
      log: (line) => {
        logger.debug(line);
      },
    });
    databaseUrl = embedded.url;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    logger: loggerLevels(config.logLevel),
  });
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
    close: async () => {
      await app.close();
      await embedded?.stop();
    },
  };
}

function loggerLevels(level: AppConfig['logLevel']): ('error' | 'warn' | 'log' | 'debug')[] {
  switch (level) {
    case 'debug':
      return ['error', 'warn', 'log', 'debug'];
    case 'info':
      return ['error', 'warn', 'log'];
    case 'warn':
      return ['error', 'warn'];
    case 'error':
      return ['error'];
  }
}
