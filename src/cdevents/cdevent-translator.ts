import { Inject, Injectable } from '@nestjs/common';
import type { AlertEvent } from '../alerts/domain/alert-event';
import { AlertsReadModel } from '../alerts/infrastructure/alerts.read-model';
import type { ChangeEvent } from '../changes/domain/change-event';
import { ALERT_EVENT_VALIDATOR, type AlertEventValidator } from '../contracts/alert-event-validator';
import { CHANGE_EVENT_VALIDATOR, type ChangeEventValidator } from '../contracts/change-event-validator';
import type { FieldError } from '../contracts/contract-validator';
import { IncidentInstances, mapCdEvent, type CdEventMapping } from './domain/cdevent-mapping';
import type { DecodedEnvelope } from './domain/cloudevents-binding';

export type Translated =
  | { readonly ok: true; readonly kind: 'change'; readonly event: ChangeEvent }
  | { readonly ok: true; readonly kind: 'alert'; readonly event: AlertEvent }
  | {
      readonly ok: false;
      readonly reason: 'unknown_type' | 'invalid';
      readonly errors: readonly FieldError[];
    };

/** The source a CDEvent's context.source speaks for, or why it speaks for none. */
export type SourceResolution = { readonly source: string } | { readonly refused: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * CloudEvents carrying CDEvents → valid change-event.v1 / alert-event.v1 events, one result per envelope,
 * in order, for any transport: the envelope and the CDEvent agree on the type, the CDEvent's
 * context.source resolves to a source (`resolve`), the pure mapping runs, and the result passes the same
 * contract validation as events published in this service's own format. Incidents are looked up so later
 * notifications join the instance their detection opened.
 */
@Injectable()
export class CdEventTranslator {
  constructor(
    @Inject(CHANGE_EVENT_VALIDATOR) private readonly changes: ChangeEventValidator,
    @Inject(ALERT_EVENT_VALIDATOR) private readonly alerts: AlertEventValidator,
    private readonly alertInstances: AlertsReadModel,
  ) {}

  async translate(
    envelopes: readonly DecodedEnvelope[],
    resolve: (contextSource: string) => SourceResolution,
  ): Promise<Translated[]> {
    const prepared = envelopes.map((decoded) => this.prepare(decoded, resolve));
    // A first pass finds the incidents' fingerprints, so their stored instances are read in one query per source.
    const incidents = new Map<string, IncidentInstances>();
    const fingerprints = new Map<string, string[]>();
    for (const item of prepared) {
      if (!('source' in item)) continue;
      const first = mapCdEvent(item.cdevent, { source: item.source });
      if (first.ok && first.kind === 'alert') {
        fingerprints.set(item.source, [...(fingerprints.get(item.source) ?? []), first.event.fingerprint]);
      }
    }
    for (const [source, list] of fingerprints) {
      const instances = new IncidentInstances();
      for (const state of await this.alertInstances.instancesOf(source, list)) {
        const endsAt = state.endsAt === undefined ? undefined : new Date(state.endsAt).toISOString();
        instances.add(state.alert.fingerprint, state.alert.startsAt, endsAt);
      }
      incidents.set(source, instances);
    }
    return prepared.map((item) => {
      if (!('source' in item)) return item;
      const instances = incidents.get(item.source);
      const mapped = mapCdEvent(item.cdevent, {
        source: item.source,
        ...(instances === undefined ? {} : { openInstance: instances.openAt }),
      });
      const result = this.validate(mapped, item.dataPointer);
      if (result.ok && result.kind === 'alert') {
        instances?.add(result.event.fingerprint, result.event.startsAt, result.event.endsAt);
      }
      return result;
    });
  }

  private prepare(
    decoded: DecodedEnvelope,
    resolve: (contextSource: string) => SourceResolution,
  ): Extract<Translated, { ok: false }> | { cdevent: unknown; source: string; dataPointer: string } {
    if (!decoded.ok) return { ok: false, reason: 'invalid', errors: decoded.errors };
    const { envelope, dataPointer } = decoded;
    const context = isRecord(envelope.data) ? envelope.data['context'] : undefined;
    if (!isRecord(context) || typeof context['source'] !== 'string' || typeof context['type'] !== 'string') {
      return this.refuse(dataPointer, '/context', 'must be a CDEvent context with source and type');
    }
    if (context['type'] !== envelope.type) {
      return this.refuse(
        dataPointer,
        '/context/type',
        `is "${context['type']}" but the CloudEvent's type is "${envelope.type}": they must be the same`,
      );
    }
    const resolution = resolve(context['source']);
    if ('refused' in resolution) return this.refuse(dataPointer, '/context/source', resolution.refused);
    return { cdevent: envelope.data, source: resolution.source, dataPointer };
  }

  private refuse(dataPointer: string, field: string, problem: string): Extract<Translated, { ok: false }> {
    const pointer = `${dataPointer}${field}`;
    return { ok: false, reason: 'invalid', errors: [{ field: pointer, message: `${pointer} ${problem}` }] };
  }

  /** The mapped event through its contract; errors name the CDEvent field, or the mapped field. */
  private validate(mapped: CdEventMapping, dataPointer: string): Translated {
    if (!mapped.ok) {
      return {
        ok: false,
        reason: mapped.reason,
        errors: mapped.errors.map((e) => ({
          field: `${dataPointer}${e.field}`,
          message: e.message.startsWith('/') ? `${dataPointer}${e.message}` : e.message,
        })),
      };
    }
    const contract = mapped.kind === 'change' ? 'change-event.v1' : 'alert-event.v1';
    const checked =
      mapped.kind === 'change' ? this.changes.check(mapped.event) : this.alerts.check(mapped.event);
    if (!checked.ok) {
      return {
        ok: false,
        reason: 'invalid',
        errors: checked.errors.map((e) => ({
          field: dataPointer,
          message: `the CDEvent maps to a ${contract} event that is not valid: ${e.message}`,
        })),
      };
    }
    return mapped.kind === 'change'
      ? { ok: true, kind: 'change', event: checked.value as ChangeEvent }
      : { ok: true, kind: 'alert', event: checked.value as AlertEvent };
  }
}
