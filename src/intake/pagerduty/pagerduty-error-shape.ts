import { Catch, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pathOf, ProblemDetailsFilter } from '../../common/http/problem-details.filter';
import { toProblem } from '../../common/http/problem-types';

/** PagerDuty's words for a refusal, by status (its Events API answers `{status, message, errors}`). */
function pagerDutyStatus(status: number): string {
  if (status === 400) return 'invalid event';
  if (status === 401) return 'invalid routing key';
  if (status === 413) return 'request too large';
  return 'error';
}

/**
 * Errors of POST /v2/change/enqueue in PagerDuty's Events API shape, so its clients read them as they
 * read PagerDuty's: `{status, message, errors: [..]}` with the same HTTP status a problem would have.
 * Failures of the service itself stay problems (500, 503).
 */
@Catch()
export class PagerDutyErrorShapeFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const { document, unexpected } = toProblem(exception, pathOf(request.url), request.id);
    if (unexpected || document.status >= 500) {
      this.problems.catch(exception, host);
      return;
    }
    const reply = http.getResponse<FastifyReply>();
    if (reply.sent) return;
    const errors = document.errors.length > 0 ? document.errors.map((e) => e.message) : [document.detail];
    void reply.status(document.status).send({
      status: pagerDutyStatus(document.status),
      message: document.status === 400 ? 'Event object is invalid' : document.detail,
      errors,
    });
  }
}

export const PagerDutyErrorShape = (): MethodDecorator & ClassDecorator =>
  UseFilters(PagerDutyErrorShapeFilter);
