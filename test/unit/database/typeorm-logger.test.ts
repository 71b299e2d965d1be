import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { TypeOrmPinoLogger } from '../../../src/database/typeorm-logger';
import { createLogger, PinoLoggerService } from '../../../src/telemetry/logging/pino-logger';

const SECRET = 'hunter2-card-4111111111111111';

/** What bootstrap does: every Nest Logger writes JSON lines through pino; here into memory. */
function captureNestLogs(): { lines: () => Record<string, unknown>[]; raw: () => string } {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  Logger.overrideLogger(new PinoLoggerService(createLogger({ level: 'debug', secrets: [], destination })));
  return {
    raw: () => text,
    lines: () =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** A node-postgres DatabaseError, as TypeORM hands it to the logger. */
function driverError(): Error {
  return Object.assign(new Error(`invalid input syntax for type integer: "${SECRET}"`), {
    name: 'error',
    code: '22P02',
    routine: 'pg_strtoint32_safe',
    detail: `Failing row contains (${SECRET}).`,
  });
}

describe('TypeORM logs through pino', () => {
  let stdout: jest.SpyInstance;
  let consoleLog: jest.SpyInstance;

  beforeEach(() => {
    stdout = jest.spyOn(process.stdout, 'write');
    consoleLog = jest.spyOn(console, 'log');
  });

  afterEach(() => {
    stdout.mockRestore();
    consoleLog.mockRestore();
  });

  it('a failed query is one error line with the query and the error, never the parameter values', () => {
    const { lines, raw } = captureNestLogs();
    const query = 'INSERT INTO changes (change_id, fold_state) VALUES ($1, $2::int)';
    new TypeOrmPinoLogger().logQueryError(driverError(), query, [SECRET, { card: SECRET }]);

    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'error',
        context: 'TypeORM',
        msg: 'query failed',
        query,
        parameterCount: 2,
        error: {
          name: 'error',
          code: '22P02',
          routine: 'pg_strtoint32_safe',
          message: 'invalid input syntax for type integer: "[REDACTED]"',
        },
      }),
    ]);
    expect(raw()).not.toContain(SECRET);
    expect(raw()).not.toContain('4111');
    // Nothing on stdout outside the logger.
    expect(stdout).not.toHaveBeenCalled();
    expect(consoleLog).not.toHaveBeenCalled();
  });

  it('a slow query is a warning without values; successful queries are silent; a failed migration is an error', () => {
    const { lines, raw } = captureNestLogs();
    const logger = new TypeOrmPinoLogger();
    logger.logQuery();
    logger.logQuerySlow(1_234, 'SELECT * FROM events WHERE stream_id = $1', [SECRET]);
    logger.logSchemaBuild();
    logger.logMigration(
      'Migration "EventStore1795737600000" failed, error: relation "events" already exists',
    );
    logger.log('warn', 'something odd');

    expect(lines().map((l) => [l['level'], l['context'], l['msg']])).toEqual([
      ['warn', 'TypeORM', 'slow query'],
      [
        'error',
        'TypeORM',
        'Migration "EventStore1795737600000" failed, error: relation "events" already exists',
      ],
      ['warn', 'TypeORM', 'something odd'],
    ]);
    expect(lines()[0]).toMatchObject({ durationMs: 1_234, parameterCount: 1 });
    expect(raw()).not.toContain(SECRET);
    expect(stdout).not.toHaveBeenCalled();
    expect(consoleLog).not.toHaveBeenCalled();
  });
});
