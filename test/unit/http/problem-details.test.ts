import { runInNewContext } from 'node:vm';
import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { errorReport } from '../../../src/cli/changectl/api-client';
import { DomainError, type DomainErrorCode } from '../../../src/common/domain-error';
import { BatchRejectedError } from '../../../src/common/http/batch-intake';
import { PROBLEM_TYPES, toProblem } from '../../../src/common/http/problem-types';
import { validationProblem } from '../../../src/common/http/validation-problem';
import { InvalidFreezeWindowError } from '../../../src/freeze/commands/freeze-window-command.errors';

const TYPE = (code: string): string => `https://change-audit.dev/problems/${code}`;

describe('problem details', () => {
  it.each<[DomainErrorCode, number]>([
    ['invalid_input', 400],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['payload_too_large', 413],
    ['unsupported_media_type', 415],
    ['unavailable', 503],
  ])('the domain code %s is HTTP %i', (code, status) => {
    const problem = toProblem(new DomainError(code, 'what went wrong'), '/v1/things/1', 'req-1');
    expect(problem.document).toEqual({
      type: TYPE(code),
      title: PROBLEM_TYPES[code].title,
      status,
      detail: 'what went wrong',
      instance: '/v1/things/1',
      errors: [],
      statusCode: status,
      error: expect.any(String) as string,
      message: 'what went wrong',
    });
    expect(problem.unexpected).toBe(false);
  });

  it('names each field of a domain error and keeps its extension members', () => {
    const problem = toProblem(
      new DomainError('invalid_input', 'two fields', {
        errors: [
          { field: '/service', message: '/service is required' },
          { field: 'from', message: 'from must be an instant' },
        ],
        extensions: { accepted: [] },
      }),
      '/v1/x',
      'req-2',
    );
    expect(problem.document).toMatchObject({
      status: 400,
      errors: [
        { field: '/service', message: '/service is required' },
        { field: 'from', message: 'from must be an instant' },
      ],
      message: ['/service is required', 'from must be an instant'],
      accepted: [],
    });
  });

  it('sends Retry-After with an unavailable domain error', () => {
    const problem = toProblem(
      new DomainError('unavailable', 'Kafka is down', { retryAfterSeconds: 5 }),
      '/v1/change-events',
      'r',
    );
    expect(problem.headers).toEqual({ 'retry-after': '5' });
    expect(problem.document.status).toBe(503);
  });

  it.each<[HttpException, number, string, string]>([
    [new UnauthorizedException('unknown API key'), 401, 'unauthorized', 'Unauthorized'],
    [new ForbiddenException('this needs one of the roles: admin'), 403, 'forbidden', 'Forbidden'],
    [new NotFoundException('Cannot GET /nowhere'), 404, 'not_found', 'Not Found'],
    [new HttpException('too big', 413), 413, 'payload_too_large', 'Payload Too Large'],
  ])('maps an HttpException by its status (%#)', (exception, status, code, phrase) => {
    const { document } = toProblem(exception, '/p', 'r');
    expect(document).toMatchObject({
      type: TYPE(code),
      title: PROBLEM_TYPES[code as DomainErrorCode].title,
      status,
      statusCode: status,
      error: phrase,
      detail: exception.message,
      message: exception.message,
    });
  });

  it('names the accepted scheme on a 401 only', () => {
    expect(toProblem(new UnauthorizedException('unknown API key'), '/p', 'r').headers).toEqual({
      'www-authenticate': 'Bearer',
    });
    expect(toProblem(new ForbiddenException('no'), '/p', 'r').headers).toEqual({});
  });

  it('keeps an HttpException body’s own members, and its field errors', () => {
    const { document } = toProblem(
      new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: ['/kind must be one of deploy, config'],
        errors: [{ field: '/kind', message: 'must be one of deploy, config' }, { nonsense: 1 }],
        rejected: [{ index: 0 }],
      }),
      '/v1/x',
      'r',
    );
    expect(document).toMatchObject({
      type: TYPE('invalid_input'),
      detail: '/kind must be one of deploy, config',
      errors: [{ field: '/kind', message: 'must be one of deploy, config' }],
      message: ['/kind must be one of deploy, config'],
      rejected: [{ index: 0 }],
    });
  });

  it('answers a status with no code of its own as about:blank', () => {
    const { document } = toProblem(new HttpException('no', 405), '/p', 'r');
    expect(document).toMatchObject({ type: 'about:blank', title: 'Method Not Allowed', status: 405 });
  });

  it('answers an unknown error with a 500 that tells nothing but the request id', () => {
    const problem = toProblem(new Error('password=hunter2 at db.internal:5432'), '/v1/x', 'req-9');
    expect(problem.unexpected).toBe(true);
    expect(problem.document).toMatchObject({
      type: TYPE('internal'),
      status: 500,
      requestId: 'req-9',
      message: 'Internal server error',
    });
    expect(JSON.stringify(problem.document)).not.toMatch(/hunter2|db\.internal/);
  });

  it('answers Node’s client-fault errors (a body cut short) with their 4xx, not a 500', () => {
    const aborted = Object.assign(new Error('aborted'), { statusCode: 400, code: 'ECONNRESET' });
    const problem = toProblem(aborted, '/v1/change-events', 'r');
    expect(problem.document.status).toBe(400);
    expect(problem.unexpected).toBe(false);
  });

  it('recognises a client fault built the way @fastify/error builds them (inheriting from Error, not native)', () => {
    function FastifyLikeError(this: { message: string; statusCode: number }, message: string): void {
      this.message = message;
      this.statusCode = 400;
    }
    FastifyLikeError.prototype = Object.create(Error.prototype) as object;
    const error = new (FastifyLikeError as unknown as new (message: string) => Error)(
      'invalid content-length',
    );
    const problem = toProblem(error, '/v1/change-events', 'r');
    expect(problem.document.status).toBe(400);
    expect(problem.unexpected).toBe(false);
  });

  it('recognises a client fault made in another realm (Node’s own errors, seen from a Jest sandbox)', () => {
    const aborted = runInNewContext(
      `Object.assign(new Error('aborted'), { statusCode: 400, code: 'ECONNRESET' })`,
    ) as unknown;
    expect(aborted instanceof Error).toBe(false);
    const problem = toProblem(aborted, '/v1/change-events', 'r');
    expect(problem.document.status).toBe(400);
    expect(problem.unexpected).toBe(false);
  });

  it('points a batch rejection’s fields into the array body, keeping the indexed legacy messages', () => {
    const error = new BatchRejectedError(
      [
        { index: 0, errors: [{ field: '/service', message: '/service is required' }] },
        { index: 1, errors: [{ field: '', message: 'event is 70000 bytes' }] },
      ],
      true,
    );
    expect(toProblem(error, '/v1/change-events', 'r').document).toMatchObject({
      status: 400,
      errors: [
        { field: '/0/service', message: '/service is required' },
        { field: '/1', message: 'event is 70000 bytes' },
      ],
      message: ['[0] /service is required', '[1] event is 70000 bytes'],
      accepted: [],
      rejected: error.rejected,
    });
  });

  it('keeps the freeze window routes’ field-prefixed legacy messages', () => {
    // The definition contract words each message after its field's JSON Pointer.
    const error = new InvalidFreezeWindowError([{ field: '/name', message: '/name is required' }]);
    expect(toProblem(error, '/v1/freeze-windows', 'r').document).toMatchObject({
      errors: [{ field: '/name', message: '/name is required' }],
      message: ['/name is required'],
    });
  });

  it('names the field of each ValidationPipe failure, nested ones by their path', () => {
    const limit = Object.assign(new ValidationError(), {
      property: 'limit',
      constraints: { max: 'limit must not be greater than 500' },
    });
    const page = Object.assign(new ValidationError(), { property: 'page', children: [limit] });
    const service = Object.assign(new ValidationError(), {
      property: 'service',
      constraints: { isString: 'service must be a string' },
    });
    expect(validationProblem([service, page]).getResponse()).toEqual({
      message: ['service must be a string', 'page.limit must not be greater than 500'],
      errors: [
        { field: 'service', message: 'service must be a string' },
        { field: 'page.limit', message: 'page.limit must not be greater than 500' },
      ],
    });
  });
});

describe('changectl error report', () => {
  it('prints a problem’s title and detail and each field at fault', () => {
    expect(
      errorReport(400, 'Bad Request', {
        type: TYPE('invalid_input'),
        title: 'The request is not valid',
        status: 400,
        detail: 'none of the 2 items is valid',
        errors: [
          { field: '/0/service', message: '/service is required' },
          { field: '', message: 'the body is too large' },
        ],
        message: ['[0] /service is required'],
      }),
    ).toEqual({
      summary: 'The request is not valid: none of the 2 items is valid',
      fields: ['/0/service: /service is required', '(body): the body is too large'],
    });
  });

  it('still reads an older body’s message, and falls back to the status line', () => {
    expect(errorReport(404, 'Not Found', { message: ['a', 'b'] })).toEqual({ summary: 'a; b', fields: [] });
    expect(errorReport(502, 'Bad Gateway', undefined)).toEqual({
      summary: 'HTTP 502 Bad Gateway',
      fields: [],
    });
  });
});
