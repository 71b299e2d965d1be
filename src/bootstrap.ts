import type { Server } from 'node:http';
import { HttpException, Logger, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { acceptJsonBodies, RequireJsonBodyPipe } from './common/http/json-body';
import { pathOf, ProblemDetailsFilter, sendProblem } from './common/http/problem-details.filter';
import { toProblem } from './common/http/problem-types';
import { validationProblem } from './common/http/validation-problem';
import { RefuseControlCharactersPipe } from './common/http/query-params';
import { DEFAULT_BODY_LIMIT, limitRequestBodies } from './common/http/body-limits';
import type { AppConfig } from './config/app-config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './database/embedded-postgres';
import { configSecrets, createLogger, PinoLoggerService } from './telemetry/logging/pino-logger';
import { registerHttpRouteHooks } from './telemetry/http-route-hooks';
import { Metrics } from './telemetry/metrics/metrics';
import { LiveStreams } from './live-updates/live-streams';

/** How long requests in flight may take to finish once the listener has closed. */
const HTTP_DRAIN_MS = 10_000;

/** Identifiers in the contracts are at most 256 characters; percent-encoding can triple that. */
const MAX_PATH_PARAMETER_CHARS = 1024;

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
      warn: (line) => {
        embeddedLogger.warn(line);
      },
    });
    databaseUrl = embedded.url;
  }
  // Fastify, not Express: the freeze pre-flight is called before every change, and Fastify's routing,
  // body parsing and replies cost about a quarter of Express's CPU per request (bench/results/freeze.md).
  // Fastify itself is 5.12.8 or later (package.json overrides): 5.11 wrapped each body parse in
  // AsyncResource.bind(), whose leftovers made young-generation GC pauses of ~7 ms (docs/benchmarks.md, Freeze).
  // Trailing slashes are ignored, as Express did, and path parameters may be as long as the
  // contracts' identifiers once URL-encoded (Fastify's default, 100 characters, would make them 404s).
  // Each route gets its own body limit (common/http/body-limits.ts); the server's own is for the rest.
  const adapter = new FastifyAdapter({
    bodyLimit: DEFAULT_BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PATH_PARAMETER_CHARS },
    // A URL Fastify cannot decode never reaches Nest (nor its filters): answer it as a problem here.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode ?? 400;
      sendProblem(
        reply,
        toProblem(new HttpException(error.message, status), pathOf(request.url), request.id).document,
      );
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, databaseUrl),
    adapter,
    { bodyParser: false, logger },
  );
  // Console sessions: request.cookies and reply.setCookie (src/auth/http/session-cookie.ts).
  await app.register(fastifyCookie);
  // The console's files (reply.sendFile), served by ConsoleController; the directory may be built later.
  await app.register(fastifyStatic, { root: config.consoleDir, serve: false, suppressWarning: true });
  acceptJsonBodies(adapter.getInstance());
  limitRequestBodies(adapter.getInstance());
  registerHttpRouteHooks(adapter.getInstance(), app.get(Metrics));
  // Every error response, from any route, guard, pipe, body parser or unknown path, is problem details.
  app.useGlobalFilters(new ProblemDetailsFilter());
  // In this order: parameters are checked as sent, before the validation pipe transforms them.
  app.useGlobalPipes(
    new RefuseControlCharactersPipe(),
    new RequireJsonBodyPipe(),
    new ValidationPipe({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      stopAtFirstError: false,
      exceptionFactory: validationProblem,
    }),
  );
  return {
    app,
    databaseUrl,
    logger,
    close: async () => {
      // Live streams never end by themselves: end them first, or the listener waits for them.
      app.get(LiveStreams).endAll();
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
