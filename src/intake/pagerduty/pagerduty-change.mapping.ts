import { createHash } from 'node:crypto';
import type { ChangeEvent, ChangeKind } from '../../changes/domain/change-event';
import { canonicalJson } from '../../event-store/domain/event-hash';
import type { RoutingKey } from '../integrations';
import {
  attributesOf,
  bounded,
  compact,
  httpUrl,
  PayloadReader,
  valueAt,
  type MappedChanges,
} from '../payload';

const KINDS: readonly ChangeKind[] = [
  'deploy',
  'config',
  'scaling',
  'experiment',
  'feature_flag',
  'infra',
  'database',
  'other',
];
const MINUTE_MS = 60_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A PagerDuty Events API v2 change event as one change event of the routing key's source. The format
 * has no event id, so the id is derived from the content (a SHA-256 of its canonical JSON, routing key
 * left out): the same event sent again is the same event. Without a `payload.timestamp` the change
 * is dated the minute it was received, and that minute is part of the content: a retry within the
 * minute is a duplicate, the same summary sent later is a new change.
 */
export function mapPagerDutyChangeEvent(body: unknown, route: RoutingKey, receivedAt: Date): MappedChanges {
  const read = new PayloadReader(body);
  if (!isRecord(valueAt(body, '/payload'))) read.problem('/payload', 'is required (an object with summary)');
  const summary = read.required('/payload/summary');
  if (summary !== undefined && summary.length > 1024)
    read.problem('/payload/summary', 'is longer than 1024 characters');
  const stated = read.instant('/payload/timestamp', false);
  const details = valueAt(body, '/payload/custom_details');
  if (details !== undefined && details !== null && !isRecord(details)) {
    read.problem('/payload/custom_details', 'must be an object');
  }
  const rawLinks = valueAt(body, '/links');
  if (rawLinks !== undefined && !Array.isArray(rawLinks))
    read.problem('/links', 'must be an array of {href, text}');
  if (read.errors.length > 0 || summary === undefined) return { ok: false, errors: read.errors };
  const occurredAt =
    stated ?? new Date(Math.floor(receivedAt.getTime() / MINUTE_MS) * MINUTE_MS).toISOString();
  const detail = (key: string): string | undefined => read.optional(`/payload/custom_details/${key}`);
  const kind = detail('kind');
  const eventId = `pd-${createHash('sha256')
    .update(
      canonicalJson({
        payload: valueAt(body, '/payload'),
        links: rawLinks ?? null,
        // Only when the event carries no time of its own: the minute it was received.
        receivedMinute: stated === undefined ? occurredAt : null,
      }) ?? '',
    )
    .digest('hex')
    .slice(0, 40)}`;
  const links = (Array.isArray(rawLinks) ? (rawLinks as unknown[]) : []).flatMap((link) => {
    const url = httpUrl(valueAt(link, '/href'));
    const text = valueAt(link, '/text');
    const title = bounded(typeof text === 'string' ? text : undefined, 256);
    return url === undefined ? [] : [compact({ url, title })];
  });
  const version = detail('version') ?? detail('revision');
  const change: ChangeEvent = compact({
    eventId,
    changeId: eventId,
    source: route.source,
    kind: kind !== undefined && (KINDS as readonly string[]).includes(kind) ? (kind as ChangeKind) : 'deploy',
    phase: 'succeeded',
    occurredAt,
    environment: bounded(detail('environment'), 64) ?? route.environment,
    service: bounded(detail('service'), 128) ?? route.service,
    summary: bounded(summary, 1000),
    version: version === undefined ? undefined : { to: version.slice(0, 256) },
    links: links.length === 0 ? undefined : links.slice(0, 20),
    attributes: attributesOf([
      ['pagerduty.source', read.optional('/payload/source')],
      ...Object.entries(isRecord(details) ? details : {}).map(
        ([key, value]) => [`pagerduty.custom_details.${key}`, value] as const,
      ),
    ]),
  });
  return { ok: true, events: [change] };
}
