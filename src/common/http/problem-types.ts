import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { types } from 'node:util';
import { DomainError, type DomainErrorCode, type FieldProblem } from '../domain-error';

/** Problem codes: the domain's, plus those only HTTP produces (authentication, failures of the service). */
export type ProblemCode = DomainErrorCode | 'unauthorized' | 'internal';

/** Where each problem type is described (docs/api.md, Errors); `type` is this plus the code. */
export const PROBLEM_TYPE_BASE = 'https://change-audit.dev/problems/';

/** The one table from problem code to HTTP status and title. */
export const PROBLEM_TYPES: Readonly<
  Record<ProblemCode, { readonly status: number; readonly title: string }>
> = {
  invalid_input: { status: 400, title: 'The request is not valid' },
  unauthorized: { status: 401, title: 'No valid API key' },
  forbidden: { status: 403, title: 'Not allowed' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflicts with the current state' },
  payload_too_large: { status: 413, title: 'The body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  internal: { status: 500, title: 'Internal error' },
  unavailable: { status: 503, title: 'Temporarily unavailable' },
};

const CODE_OF_STATUS: ReadonlyMap<number, ProblemCode> = new Map(
  (Object.entries(PROBLEM_TYPES) as [ProblemCode, { status: number }][]).map(([code, { status }]) => [
    status,
    code,
  ]),
);

/** RFC 9457 problem details, with the members clients of the earlier error bodies read. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The request's path. */
  readonly instance: string;
  readonly errors: readonly FieldProblem[];
  /** Legacy: the status again, its reason phrase, and one line (or one line per problem). */
  readonly statusCode: number;
  readonly error: string;
  readonly message: string | readonly string[];
  readonly [extension: string]: unknown;
}

export interface Problem {
  readonly document: ProblemDocument;
  readonly headers: Readonly<Record<string, string>>;
  /** A failure of the service itself: log it (the document says nothing of it). */
  readonly unexpected: boolean;
}

/** Members of an HttpException's body that the problem document sets itself. */
const OWN_MEMBERS = new Set([
  'type',
  'title',
  'status',
  'detail',
  'instance',
  'errors',
  'statusCode',
  'error',
  'message',
]);

/**
 * Maps anything thrown while serving a request to a problem: domain errors by their code, HttpExceptions
 * (Nest's, the guards', the validation pipe's, Fastify's mapped by Nest) by their status, anything else
 * to a 500 that tells nothing but the request id.
 */
export function toProblem(exception: unknown, instance: string, requestId: string): Problem {
  if (exception instanceof DomainError) {
    const { status, title } = PROBLEM_TYPES[exception.code];
    return {
      document: {
        ...exception.extensions,
        ...base(exception.code, title, status, exception.message, instance, exception.errors),
        message: exception.messages,
      },
      headers:
        exception.retryAfterSeconds === undefined
          ? {}
          : { 'retry-after': String(exception.retryAfterSeconds) },
      unexpected: false,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const fields = typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const message = legacyMessage(typeof body === 'string' ? body : fields['message']) ?? exception.message;
    const extensions = Object.fromEntries(Object.entries(fields).filter(([key]) => !OWN_MEMBERS.has(key)));
    const code = CODE_OF_STATUS.get(status);
    return {
      document: {
        ...extensions,
        ...base(
          code,
          code === undefined ? (STATUS_CODES[status] ?? 'Error') : PROBLEM_TYPES[code].title,
          status,
          typeof message === 'string' ? message : message.join('; '),
          instance,
          fieldProblems(fields['errors']),
        ),
        ...(typeof fields['error'] === 'string' ? { error: fields['error'] } : {}),
        message,
      },
      // RFC 9110: a 401 names the scheme that would be accepted.
      headers: status === 401 ? { 'www-authenticate': 'Bearer' } : {},
      unexpected: status >= 500 && status !== 503,
    };
  }
  const clientFault = clientFaultStatus(exception);
  if (clientFault !== undefined) {
    // Node's and Fastify's own errors for what the client did (a body cut short, a closed connection).
    return toProblem(new HttpException((exception as Error).message, clientFault), instance, requestId);
  }
  const { status, title } = PROBLEM_TYPES.internal;
  return {
    document: {
      ...base(
        'internal',
        title,
        status,
        `the service failed to answer; it logged the failure with request id ${requestId}`,
        instance,
        [],
      ),
      requestId,
      message: 'Internal server error',
    },
    headers: {},
    unexpected: true,
  };
}

function base(
  code: ProblemCode | undefined,
  title: string,
  status: number,
  detail: string,
  instance: string,
  errors: readonly FieldProblem[],
): ProblemDocument {
  return {
    // RFC 9457: "about:blank" when the status says all there is.
    type: code === undefined ? 'about:blank' : `${PROBLEM_TYPE_BASE}${code}`,
    title,
    status,
    detail,
    instance,
    errors,
    statusCode: status,
    error: STATUS_CODES[status] ?? 'Error',
    message: detail,
  };
}

function clientFaultStatus(exception: unknown): number | undefined {
  // Either test: @fastify/error's errors inherit from Error without being native ones, and an error made in
  // another realm (Node's own, seen from a sandbox such as Jest's) is native without inheriting from ours.
  if (!(exception instanceof Error) && !types.isNativeError(exception)) return undefined;
  const status = (exception as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function legacyMessage(value: unknown): string | readonly string[] | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  return undefined;
}

function fieldProblems(value: unknown): readonly FieldProblem[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is FieldProblem =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as FieldProblem).field === 'string' &&
      typeof (item as FieldProblem).message === 'string',
  );
}
