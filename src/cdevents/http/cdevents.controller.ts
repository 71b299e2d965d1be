import {
  Req,
  Body,
  Controller,
  ForbiddenException,
  Headers,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
} from '@nestjs/common';
import { mayPublishAs, type Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { AlertIntake } from '../../alerts/http/alert-intake';
import type { AlertEvent } from '../../alerts/domain/alert-event';
import { ChangeEventSubmission } from '../../changes/change-event-submission';
import type { ChangeEvent } from '../../changes/domain/change-event';
import {
  BATCH_INTAKE_RESPONSE,
  BatchRejectedError,
  MAX_BATCH,
  type BatchRejection,
} from '../../common/http/batch-intake';
import { DomainError } from '../../common/domain-error';
import { KeepsRawBody, type RawBodyRequest } from '../../common/http/json-body';
import { DescribeRequestBody, DescribeResponse } from '../../common/http/request-contract';
import { APP_CONFIG } from '../../config/config.module';
import { rawBodyOf } from '../../intake/intake-http';
import { IntakeRejections } from '../../intake/rejections/intake-rejections';
import type { AppConfig } from '../../config/app-config';
import { CdEventTranslator, type SourceResolution } from '../cdevent-translator';
import { decodeHttpCloudEvents, type HeaderValue } from '../domain/cloudevents-binding';
import { bindSource, type SourceBinding } from '../domain/source-bindings';
import { CDEVENTS_REQUEST_BODY } from './cdevents-request-body';

/** One CloudEvent taken: the event it became (a change or an alert) and where it lives. */
export interface CdEventAccepted {
  readonly index: number;
  readonly kind: 'change' | 'alert';
  readonly source: string;
  readonly eventId: string;
  /** For changes: stored, duplicate or queued, as for POST /v1/change-events. */
  readonly outcome?: string;
}

export interface CdEventsResponse {
  readonly accepted: readonly CdEventAccepted[];
  readonly rejected: readonly BatchRejection[];
}

@Controller('v1/cdevents')
export class CdEventsController {
  private readonly bindings: readonly SourceBinding[];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly translator: CdEventTranslator,
    private readonly changes: ChangeEventSubmission,
    private readonly alerts: AlertIntake,
    private readonly rejections: IntakeRejections,
  ) {
    this.bindings = config.cdeventsSources;
  }

  /**
   * A CloudEvents sink for CDEvents: binary mode (`ce-*` headers, the CDEvent as a JSON body), structured
   * mode (`application/cloudevents+json`) or batch mode (`application/cloudevents-batch+json`, up to 1,000).
   * Each CDEvent's context.source must be bound to a source (CDEVENTS_SOURCES) this key may publish as;
   * service and environment events become change events, incidents alerts, stored as if published in
   * those formats. CDEvents that cannot be mapped (unknown type, missing field) are listed with the
   * field at fault; if none can be: 400.
   */
  @Post()
  @Roles('publisher')
  @KeepsRawBody()
  @DescribeRequestBody(CDEVENTS_REQUEST_BODY)
  @DescribeResponse({
    ...BATCH_INTAKE_RESPONSE,
    description:
      'Accepted, i.e. stored: each CloudEvent taken (by index; 0 outside batch mode) as a change or an alert, and those refused with their fields.',
  })
  @HttpCode(HttpStatus.ACCEPTED)
  async ingest(
    @Headers() headers: Record<string, HeaderValue>,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() request: RawBodyRequest,
  ): Promise<CdEventsResponse> {
    // What cannot be mapped is kept as received for operators (GET /v1/intake/rejections, admins only).
    const keep = (reason: string, errors: readonly { field: string; message: string }[]): Promise<void> =>
      this.rejections.record({
        integration: principal.name,
        kind: 'cdevents',
        reason,
        errors,
        payload: rawBodyOf(request),
      });
    const decoded = decodeHttpCloudEvents(headers, body, MAX_BATCH);
    if (!decoded.ok) {
      await keep('not a CloudEvent', decoded.errors);
      throw new DomainError('invalid_input', decoded.errors.map((e) => e.message).join('; '), {
        errors: decoded.errors,
      });
    }
    const resolve = (uri: string): SourceResolution => {
      const source = bindSource(this.bindings, uri);
      return source === undefined
        ? { refused: `"${uri}" is bound to no source (CDEVENTS_SOURCES)` }
        : { source };
    };
    const results = await this.translator.translate(decoded.events, resolve);
    const changes: { index: number; value: ChangeEvent }[] = [];
    const alerts: { index: number; event: AlertEvent }[] = [];
    const rejected: BatchRejection[] = [];
    results.forEach((result, index) => {
      if (!result.ok) rejected.push({ index, reason: result.reason, errors: result.errors });
      else if (result.kind === 'change') changes.push({ index, value: result.event });
      else alerts.push({ index, event: result.event });
    });
    // The binding is the trust rule: a key speaks only for its sources, whatever URI the CDEvent names.
    const foreign = [
      ...changes.map(({ index, value }) => ({ index, source: value.source })),
      ...alerts.map(({ index, event }) => ({ index, source: event.source })),
    ].find(({ source }) => !mayPublishAs(principal, source));
    if (foreign !== undefined) {
      throw new ForbiddenException(
        `CloudEvent at index ${foreign.index}: its CDEvent's context.source is bound to source "${foreign.source}", which this API key may not publish as`,
      );
    }
    if (rejected.length > 0) {
      await keep(
        `CloudEvents at ${rejected.map((r) => r.index).join(', ')} cannot be mapped`,
        rejected.flatMap((r) =>
          r.errors.map((e) => ({ field: `/${r.index}${e.field}`, message: e.message })),
        ),
      );
    }
    if (changes.length === 0 && alerts.length === 0)
      throw new BatchRejectedError(rejected, decoded.mode === 'batch');
    const metadata = { receivedVia: 'cdevents', cloudEventsMode: decoded.mode };
    const accepted: CdEventAccepted[] = [];
    if (changes.length > 0) {
      const taken = await this.changes.submit(changes, [], principal, metadata);
      for (const item of taken.accepted) accepted.push({ ...item, kind: 'change' });
      rejected.push(...taken.rejected);
    }
    if (alerts.length > 0) {
      const taken = await this.alerts.ingest(alerts, [], principal, metadata);
      taken.accepted.forEach((item, i) => {
        accepted.push({ ...item, kind: 'alert', source: alerts[i]?.event.source ?? '' });
      });
    }
    accepted.sort((a, b) => a.index - b.index);
    rejected.sort((a, b) => a.index - b.index);
    return { accepted, rejected };
  }
}
