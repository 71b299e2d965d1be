import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblem, type ProblemDocument } from './problem-types';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The one place error responses are made: everything thrown while serving a request (domain errors,
 * HttpExceptions from guards, pipes and controllers, Fastify's body errors, unknown routes) becomes
 * RFC 9457 problem details. Routes that mimic another product opt out with @ForeignErrorShape().
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    // Only HTTP requests have a reply to write; anything else keeps its own error handling.
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(exception, pathOf(request.url), request.id);
    if (problem.unexpected) {
      this.logger.error({
        message: `request ${request.id} failed with ${problem.document.status}`,
        err: exception,
        requestId: request.id,
        method: request.method,
        // The path only: query values are what a caller searched for, and stay out of the log.
        path: pathOf(request.url),
      });
    }
    sendProblem(reply, problem.document, problem.headers);
  }
}

export function sendProblem(
  reply: FastifyReply,
  document: ProblemDocument,
  headers: Readonly<Record<string, string>> = {},
): void {
  // A reply already on its way (an error thrown while streaming) cannot be replaced.
  if (reply.sent) return;
  void reply
    .status(document.status)
    .headers(headers)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(document));
}

/** The request's path, without its query. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
