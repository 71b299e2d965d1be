import { Catch, HttpException, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ProblemDetailsFilter } from './problem-details.filter';

/**
 * A route that answers in another product's (or protocol's) shape: its HttpExceptions are sent with the
 * body the route gave them, as they are, not as problem details. Anything else still becomes a problem
 * (a domain error, a failure of the service). Method filters take precedence over the global one.
 */
export function ForeignErrorShape(): MethodDecorator & ClassDecorator {
  return UseFilters(ForeignErrorShapeFilter);
}

@Catch()
export class ForeignErrorShapeFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    if (!(exception instanceof HttpException)) {
      this.problems.catch(exception, host);
      return;
    }
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    const body = exception.getResponse();
    void reply
      .status(exception.getStatus())
      .send(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
  }
}
