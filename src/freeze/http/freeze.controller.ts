import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { Roles } from '../../auth/auth.decorators';
import { contractRejection } from '../../common/http/contract-rejection';
import { Metrics } from '../../telemetry/metrics/metrics';
import { evaluate } from '../domain/evaluator';
import { FreezeWindowRegistry } from '../infrastructure/freeze-window-registry';
import { createEvaluateRequestValidator } from './evaluate-request';

export interface EvaluateResponse {
  decision: 'allow' | 'warn' | 'deny';
  reason: string;
  windows: {
    id: string;
    name: string;
    kind: string;
    occurrenceStart: string | null;
    occurrenceEnd: string | null;
  }[];
  allowedAfter?: string;
}

@Controller('v1/freeze')
export class FreezeController {
  constructor(
    private readonly registry: FreezeWindowRegistry,
    private readonly metrics: Metrics,
  ) {}

  private readonly requests = createEvaluateRequestValidator();

  /**
   * Pre-flight for a change: allow, warn (exempt or break-glass) or deny, from the windows in memory.
   * The body is contracts/freeze-evaluate-request.v1.
   */
  @Post('evaluate')
  @Roles('publisher', 'reviewer')
  @HttpCode(HttpStatus.OK)
  evaluate(@Body() body: unknown): EvaluateResponse {
    const checked = this.requests.check(body);
    if (!checked.ok) throw contractRejection(checked.errors);
    const { at, ...change } = checked.value;
    const when = at === undefined ? new Date() : new Date(at);
    const started = performance.now();
    const result = evaluate(this.registry.all(), change, when);
    this.metrics.recordFreezeDecision(result.decision, (performance.now() - started) / 1000);
    return {
      decision: result.decision,
      reason: result.reason,
      windows: result.windows.map((w) => ({
        id: w.id,
        name: w.name,
        kind: w.kind,
        occurrenceStart: w.occurrenceStart?.toISOString() ?? null,
        occurrenceEnd: w.occurrenceEnd?.toISOString() ?? null,
      })),
      ...(result.allowedAfter ? { allowedAfter: result.allowedAfter.toISOString() } : {}),
    };
  }
}
