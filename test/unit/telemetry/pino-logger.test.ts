import { Writable } from 'node:stream';
import {
  configSecrets,
  createLogger,
  PinoLoggerService,
  secretScrubber,
} from '../../../src/telemetry/logging/pino-logger';
import { loadConfig } from '../../../src/config/app-config';

const API_KEY = 'k-admin-0123456789abcdef';
const DB_PASSWORD = 's3cr3t-pa55';

/** A logger writing into memory, configured from the same kind of environment the service reads. */
function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'debug'): {
  logger: PinoLoggerService;
  lines: () => Record<string, unknown>[];
  raw: () => string;
} {
  const config = loadConfig(
    {
      API_KEYS: JSON.stringify([{ key: API_KEY, roles: ['admin'], name: 'ops' }]),
      DATABASE_URL: `postgres://audit:${DB_PASSWORD}@db.internal:5432/audit`,
    },
    '/srv',
  );
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = new PinoLoggerService(createLogger({ level, secrets: configSecrets(config), destination }));
  return {
    logger,
    raw: () => text,
    lines: () =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('JSON logs (pino as the Nest logger)', () => {
  it('redacts the Authorization header of a request-like object, whatever its spelling', () => {
    const { logger, lines, raw } = capture();
    logger.log(
      {
        message: 'request received',
        req: {
          method: 'POST',
          url: '/v1/change-events',
          headers: { Authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        },
        headers: { authorization: 'Bearer some-unconfigured-token' },
      },
      'Http',
    );
    const [line] = lines();
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request received',
      context: 'Http',
      req: { method: 'POST', headers: { Authorization: '[REDACTED]', 'content-type': 'application/json' } },
      headers: { authorization: '[REDACTED]' },
    });
    expect(raw()).not.toContain(API_KEY);
    expect(raw()).not.toContain('some-unconfigured-token');
  });

  it('never writes an API key or the database password, even inside a message or an error', () => {
    const { logger, raw, lines } = capture();
    logger.warn(`key ${API_KEY} was refused`, 'Auth');
    logger.error(
      new Error(`connect to postgres://audit:${DB_PASSWORD}@db.internal:5432/audit failed`),
      undefined,
      'Db',
    );
    logger.log({
      message: 'nested',
      deep: { deeper: { token: `Bearer ${'x'.repeat(20)}`, apiKey: API_KEY } },
    });
    const text = raw();
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(DB_PASSWORD);
    expect(text).not.toContain('x'.repeat(20));
    expect(lines().map((l) => l['msg'])).toEqual([
      'key [REDACTED] was refused',
      'connect to postgres://audit:[REDACTED]@db.internal:5432/audit failed',
      'nested',
    ]);
  });

  it('maps Nest calls: context last, error stacks, levels below LOG_LEVEL dropped', () => {
    const { logger, lines } = capture('info');
    logger.debug('not shown', 'Quiet');
    logger.log('started', 'Main');
    logger.error('it broke', 'Error: it broke\n    at somewhere (file.ts:1:1)', 'Worker');
    const [started, broke] = lines();
    expect(lines()).toHaveLength(2);
    expect(started).toMatchObject({ level: 'info', msg: 'started', context: 'Main' });
    expect(typeof started?.['time']).toBe('string');
    expect(broke).toMatchObject({ level: 'error', msg: 'it broke', context: 'Worker' });
    expect(broke?.['stack']).toContain('at somewhere');
  });
});

describe('secretScrubber', () => {
  it('replaces bearer tokens, URL passwords and configured secrets, longest first', () => {
    const scrub = secretScrubber(['abcd1234', 'abcd1234-longer']);
    expect(scrub('Authorization: Basic dXNlcjpwdw== and bearer tok.en-1')).toBe(
      'Authorization: Basic [REDACTED] and bearer [REDACTED]',
    );
    expect(scrub('amqp://me:pw@host/ and postgres://u@h/db')).toBe(
      'amqp://me:[REDACTED]@host/ and postgres://u@h/db',
    );
    expect(scrub('abcd1234-longer or abcd1234')).toBe('[REDACTED] or [REDACTED]');
    expect(scrub('host=db password=pw123 user=x')).toBe('host=db password=[REDACTED] user=x');
  });

  it('leaves ordinary words alone when the database password is one (postgres:postgres)', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:5432/audit' }, '/srv');
    const scrub = secretScrubber(configSecrets(config));
    expect(scrub('at typeorm/driver/postgres/PostgresQueryRunner.js')).toBe(
      'at typeorm/driver/postgres/PostgresQueryRunner.js',
    );
    expect(scrub('postgres://postgres:postgres@127.0.0.1:5432/audit')).toBe(
      'postgres://postgres:[REDACTED]@127.0.0.1:5432/audit',
    );
  });
});
