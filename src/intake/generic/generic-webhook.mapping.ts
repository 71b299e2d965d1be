import type { ChangeEvent } from '../../changes/domain/change-event';
import type { GenericField, GenericMapping } from '../integrations';
import {
  attributesOf,
  bounded,
  compact,
  httpUrl,
  PayloadReader,
  toInstant,
  valueAt,
  type MappedChanges,
} from '../payload';

export interface GenericTarget {
  readonly name: string;
  readonly source: string;
  readonly environment?: string;
  readonly mapping: GenericMapping;
}

/**
 * A payload of a system without a format of its own, mapped by the integration's declared JSON Pointers
 * (one per change-event field) with constant defaults and a table of the payload's phase words. The
 * event id comes from the payload (its own delivery or event id), so a retry is a duplicate.
 */
export function mapGenericWebhook(payload: unknown, target: GenericTarget): MappedChanges {
  const { fields, defaults, phases } = target.mapping;
  const read = new PayloadReader(payload);
  /** The field's value: from its pointer when the payload has it, else its default. */
  const field = (name: GenericField, required = false): string | undefined => {
    const pointer = fields[name];
    const value = pointer === undefined ? undefined : read.optional(pointer);
    const result = value ?? defaults[name];
    if (result === undefined && required) {
      read.problem(
        pointer ?? '',
        pointer === undefined ? `gives no ${name} (map it, or give a default)` : `is required (the ${name})`,
      );
    }
    return result;
  };
  const eventId = field('eventId', true);
  const changeId = field('changeId', true);
  const occurredAtPointer = fields.occurredAt ?? '';
  const occurredAtValue = valueAt(payload, occurredAtPointer);
  const occurredAt = occurredAtValue === undefined ? undefined : toInstant(occurredAtValue);
  if (occurredAtValue === undefined) read.problem(occurredAtPointer, 'is required (the occurredAt)');
  else if (occurredAt === undefined)
    read.problem(occurredAtPointer, 'is not an instant (RFC 3339 date-time or epoch milliseconds)');
  const word = field('phase', true);
  const phase = word === undefined ? undefined : (phases[word] ?? word);
  const environment = field('environment') ?? target.environment;
  if (environment === undefined)
    read.problem(fields.environment ?? '', 'gives no environment (map it, or give a default)');
  const kind = field('kind') ?? 'other';
  if (read.errors.length > 0 || eventId === undefined || changeId === undefined || occurredAt === undefined) {
    return { ok: false, errors: read.errors };
  }
  const versionFrom = field('versionFrom');
  const versionTo = field('versionTo');
  const actorId = field('actorId');
  const link = httpUrl(field('link'));
  // Phase and kind are checked by the contract next (their values are the contract's enums).
  const change = compact({
    eventId,
    changeId,
    source: target.source,
    kind,
    phase,
    occurredAt,
    environment,
    service: field('service'),
    region: field('region'),
    cluster: field('cluster'),
    team: field('team'),
    summary: bounded(field('summary'), 1000),
    version:
      versionFrom === undefined && versionTo === undefined
        ? undefined
        : compact({ from: versionFrom, to: versionTo }),
    actor:
      actorId === undefined
        ? undefined
        : compact({ type: 'human' as const, id: actorId, name: field('actorName') }),
    links: link === undefined ? undefined : [{ url: link }],
    attributes: attributesOf([['webhook.integration', target.name]]),
  }) as unknown as ChangeEvent;
  return { ok: true, events: [change] };
}
