/**
 * CDEvents (spec v0.3 to v0.5: event type versions 0.1.x to 0.3.x) → change-event.v1 and alert-event.v1.
 *
 * Each CDEvent is one finished fact ("service myapp was deployed to prod"), so each mapped change event is
 * its own change, already succeeded. Ids are derived from the CDEvent's `context.source`, `context.id`
 * (its identity in CloudEvents) and type, so a redelivered CDEvent maps to the same event, stored once.
 * Errors name fields of the CDEvent (`/subject/content/environment/id`); the caller places them in the
 * request. The mapped event still has to pass its contract: this only decides what goes where.
 */
import { createHash } from 'node:crypto';
import type { AlertEvent, AlertSeverity } from '../../alerts/domain/alert-event';
import { normalizeSeverity } from '../../alerts/domain/alertmanager';
import type { ChangeEvent } from '../../changes/domain/change-event';
import type { FieldError } from '../../contracts/contract-validator';

/** The CDEvents subjects and predicates mapped, and what each becomes. */
const CHANGE_TYPES = {
  'service.deployed': { kind: 'deploy', verb: 'deployed to', rollback: false },
  'service.upgraded': { kind: 'deploy', verb: 'upgraded in', rollback: false },
  'service.rolledback': { kind: 'deploy', verb: 'rolled back in', rollback: true },
  'service.removed': { kind: 'deploy', verb: 'removed from', rollback: false },
  'environment.created': { kind: 'infra', verb: 'created', rollback: false },
  'environment.modified': { kind: 'infra', verb: 'modified', rollback: false },
  'environment.deleted': { kind: 'infra', verb: 'deleted', rollback: false },
} as const satisfies Record<string, { kind: ChangeEvent['kind']; verb: string; rollback: boolean }>;

const ALERT_TYPES = {
  'incident.detected': 'firing',
  'incident.reported': 'firing',
  'incident.resolved': 'resolved',
} as const satisfies Record<string, AlertEvent['status']>;

export const MAPPED_CDEVENT_TYPES: readonly string[] = [
  ...Object.keys(CHANGE_TYPES),
  ...Object.keys(ALERT_TYPES),
];

/** Event type versions accepted: major 0, these minors, any patch (no pre-releases). */
export const ACCEPTED_TYPE_MINORS: readonly number[] = [1, 2, 3];

/** Severity of an incident whose customData names none we know: an incident is more than a warning. */
export const DEFAULT_INCIDENT_SEVERITY: AlertSeverity = 'high';

export interface CdEventType {
  readonly subject: string;
  readonly predicate: string;
  readonly version: string;
}

/** `dev.cdevents.service.deployed.0.3.0` → its parts; undefined when it is not a CDEvents type at all. */
export function parseCdEventType(type: string): CdEventType | undefined {
  const match = /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(type);
  if (match === null) return undefined;
  const [, subject = '', predicate = '', version = ''] = match;
  return { subject, predicate, version };
}

/** What the caller knows beyond the CDEvent: the source it is bound to, and the incidents seen so far. */
export interface CdEventContext {
  /** The change-event.v1 / alert-event.v1 source the CDEvent's context.source is bound to. */
  readonly source: string;
  /**
   * The startsAt of the instance of an incident (by the fingerprint this mapping gives it) that was open
   * at `at`, if any: a later report, the resolution, or a redelivery of any of them belongs to the
   * instance the detection opened.
   */
  readonly openInstance?: (fingerprint: string, at: string) => string | undefined;
}

/** The instances of incidents known (stored, or mapped earlier in the same request), to find the open one. */
export class IncidentInstances {
  private readonly byFingerprint = new Map<string, { startsAt: string; endsAt?: string }[]>();

  add(fingerprint: string, startsAt: string, endsAt?: string): void {
    const list = this.byFingerprint.get(fingerprint) ?? [];
    const same = list.find((i) => Date.parse(i.startsAt) === Date.parse(startsAt));
    if (same === undefined) list.push(endsAt === undefined ? { startsAt } : { startsAt, endsAt });
    else if (endsAt !== undefined) same.endsAt = endsAt;
    this.byFingerprint.set(fingerprint, list);
  }

  /** The latest instance that had started by `at` and had not ended before it. */
  readonly openAt = (fingerprint: string, at: string): string | undefined => {
    const instant = Date.parse(at);
    let found: { startsAt: string; start: number } | undefined;
    for (const instance of this.byFingerprint.get(fingerprint) ?? []) {
      const start = Date.parse(instance.startsAt);
      const open = instance.endsAt === undefined || Date.parse(instance.endsAt) >= instant;
      if (start <= instant && open && (found === undefined || start > found.start)) {
        found = { startsAt: instance.startsAt, start };
      }
    }
    return found?.startsAt;
  };
}

export type CdEventMapping =
  | { readonly ok: true; readonly kind: 'change'; readonly event: ChangeEvent }
  | { readonly ok: true; readonly kind: 'alert'; readonly event: AlertEvent }
  | {
      readonly ok: false;
      /** unknown_type: not a type this service maps (or not a version it accepts); invalid: a field. */
      readonly reason: 'unknown_type' | 'invalid';
      readonly errors: readonly FieldError[];
    };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Ids as the contracts allow them: safe characters, at most 128, starting with a letter or digit. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;

const digest = (...parts: readonly string[]): string =>
  createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);

/**
 * The change event id of a CDEvent: CloudEvents identify an event by (source, id), so both go in, and
 * its type too (a producer that reuses an id for another kind of event still gets two events); hashed,
 * so any id fits the contract and it can never start with `$` (reserved for the service's own ids).
 */
export function cdEventId(contextSource: string, contextId: string, type: string): string {
  return `cdevents:${digest(contextSource, contextId, type)}`;
}

/**
 * A package URL's name and version: `pkg:oci/myapp@sha256%3A0b31…?repository_url=…` → myapp and
 * sha256:0b31…. Undefined when it is not a purl.
 */
export function purlNameAndVersion(purl: string): { name: string; version?: string } | undefined {
  const match = /^pkg:[A-Za-z.+-]+\/(?:[^@?#]*\/)?([^/@?#]+)(?:@([^?#]+))?/.exec(purl);
  if (match === null) return undefined;
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const name = decode(match[1] ?? '');
  if (name === '') return undefined;
  return match[2] === undefined ? { name } : { name, version: decode(match[2]) };
}

/** The last path segment of an id such as `/clusterA/namespaceB/myapp` or `service/myapp`. */
function lastSegment(id: string): string {
  const segments = id.split('/').filter((s) => s !== '');
  return segments[segments.length - 1] ?? id;
}

interface Reader {
  readonly errors: FieldError[];
  string(value: unknown, pointer: string, required: true): string;
  string(value: unknown, pointer: string, required: false): string | undefined;
}

function reader(): Reader {
  const errors: FieldError[] = [];
  function string(value: unknown, pointer: string, required: boolean): string | undefined {
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      errors.push({
        field: pointer,
        message: value === undefined ? `${pointer} is required` : `${pointer} must be a non-empty string`,
      });
      return required ? '' : undefined;
    }
    return value;
  }
  return { errors, string: string as Reader['string'] };
}

/** The mapping of one CDEvent (the parsed JSON, unchecked). */
export function mapCdEvent(cdevent: unknown, context: CdEventContext): CdEventMapping {
  if (!isRecord(cdevent)) {
    return invalid([{ field: '', message: 'the CDEvent must be a JSON object with context and subject' }]);
  }
  const ctx = cdevent['context'];
  const subject = cdevent['subject'];
  if (!isRecord(ctx) || !isRecord(subject)) {
    return invalid([
      {
        field: isRecord(ctx) ? '/subject' : '/context',
        message: `${isRecord(ctx) ? '/subject' : '/context'} must be an object`,
      },
    ]);
  }
  const read = reader();
  const type = read.string(ctx['type'], '/context/type', true);
  if (read.errors.length > 0) return invalid(read.errors);
  const parsed = parseCdEventType(type);
  const name = parsed === undefined ? undefined : `${parsed.subject}.${parsed.predicate}`;
  if (parsed === undefined || name === undefined || !MAPPED_CDEVENT_TYPES.includes(name)) {
    return {
      ok: false,
      reason: 'unknown_type',
      errors: [
        {
          field: '/context/type',
          message: `/context/type "${type}" is not a CDEvents type this service maps (it maps ${MAPPED_CDEVENT_TYPES.join(', ')})`,
        },
      ],
    };
  }
  const [major, minor, patch] = parsed.version.split('.').map(Number);
  if (major !== 0 || !ACCEPTED_TYPE_MINORS.includes(minor ?? -1) || !/^\d+$/.test(String(patch))) {
    return {
      ok: false,
      reason: 'unknown_type',
      errors: [
        {
          field: '/context/type',
          message: `/context/type "${type}": version ${parsed.version} is not accepted (accepted: ${ACCEPTED_TYPE_MINORS.map((m) => `0.${m}.x`).join(', ')})`,
        },
      ],
    };
  }
  const id = read.string(ctx['id'], '/context/id', true);
  const contextSource = read.string(ctx['source'], '/context/source', true);
  const timestamp = read.string(ctx['timestamp'], '/context/timestamp', true);
  const subjectId = read.string(subject['id'], '/subject/id', true);
  const content = subject['content'] ?? {};
  if (!isRecord(content)) {
    read.errors.push({ field: '/subject/content', message: '/subject/content must be an object' });
  }
  if (read.errors.length > 0 || !isRecord(content)) return invalid(read.errors);
  const common = { id, contextSource, timestamp, subjectId, content, type, chainId: ctx['chainId'] };
  if (name in ALERT_TYPES) {
    return mapIncident(common, ALERT_TYPES[name as keyof typeof ALERT_TYPES], cdevent['customData'], context);
  }
  return mapChange(common, name as keyof typeof CHANGE_TYPES, context);
}

interface CommonFields {
  readonly id: string;
  readonly contextSource: string;
  readonly timestamp: string;
  readonly subjectId: string;
  readonly content: Record<string, unknown>;
  readonly type: string;
  readonly chainId: unknown;
}

const invalid = (errors: readonly FieldError[]): CdEventMapping => ({ ok: false, reason: 'invalid', errors });

/** `{id: "prod"}` (a reference to another subject) → its id. */
function referencedId(read: Reader, value: unknown, pointer: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (!isRecord(value)) {
    read.errors.push({
      field: pointer,
      message: value === undefined ? `${pointer} is required` : `${pointer} must be an object with an id`,
    });
    return undefined;
  }
  return read.string(value['id'], `${pointer}/id`, true);
}

/** Where the event came from, kept on the mapped event (flat attributes / labels). */
function origin(fields: CommonFields): Record<string, string> {
  return {
    'cdevents.type': fields.type,
    'cdevents.id': fields.id,
    'cdevents.source': fields.contextSource,
    'cdevents.subject': fields.subjectId,
    ...(typeof fields.chainId === 'string' && fields.chainId !== ''
      ? { 'cdevents.chainId': fields.chainId }
      : {}),
  };
}

function mapChange(
  fields: CommonFields,
  name: keyof typeof CHANGE_TYPES,
  context: CdEventContext,
): CdEventMapping {
  const { kind, verb, rollback } = CHANGE_TYPES[name];
  const read = reader();
  const { content, subjectId } = fields;
  const eventId = cdEventId(fields.contextSource, fields.id, fields.type);
  const attributes: Record<string, string> = origin(fields);
  let environment: string | undefined;
  let service: string | undefined;
  let version: string | undefined;
  let summary: string;
  let link: string | undefined;
  if (name.startsWith('service.')) {
    environment = referencedId(read, content['environment'], '/subject/content/environment', true);
    const artifactId = read.string(content['artifactId'], '/subject/content/artifactId', false);
    const purl = artifactId === undefined ? undefined : purlNameAndVersion(artifactId);
    if (artifactId !== undefined) {
      if (purl === undefined) {
        read.errors.push({
          field: '/subject/content/artifactId',
          message: '/subject/content/artifactId must be a package URL (pkg:type/name@version)',
        });
      }
      attributes['cdevents.artifactId'] = artifactId;
    }
    // The deployed artifact names the service; without one, the subject (the service) does.
    service = purl?.name ?? lastSegment(subjectId);
    version = purl?.version;
    summary = `${service} ${verb} ${environment ?? ''}${version === undefined ? '' : ` (${version})`}`;
  } else {
    // An environment event is about the environment itself: its id is what service events reference.
    environment = subjectId;
    const displayName = read.string(content['name'], '/subject/content/name', false);
    link = read.string(content['uri'], '/subject/content/uri', false);
    summary = `environment ${displayName ?? subjectId} ${verb}`;
    if (link !== undefined) attributes['cdevents.uri'] = link;
  }
  if (read.errors.length > 0 || environment === undefined) return invalid(read.errors);
  const event: ChangeEvent = {
    eventId,
    // Each CDEvent reports a finished change: its own change, already in its terminal phase.
    changeId: eventId,
    source: context.source,
    kind,
    phase: 'succeeded',
    occurredAt: fields.timestamp,
    environment,
    ...(service === undefined ? {} : { service }),
    summary: summary.slice(0, 1000),
    ...(version === undefined ? {} : { version: { to: version } }),
    ...(rollback ? { isRollback: true } : {}),
    ...(link !== undefined && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(link) ? { links: [{ url: link }] } : {}),
    attributes,
  };
  return { ok: true, kind: 'change', event };
}

function mapIncident(
  fields: CommonFields,
  status: AlertEvent['status'],
  customData: unknown,
  context: CdEventContext,
): CdEventMapping {
  const read = reader();
  const { content, subjectId } = fields;
  const environment = referencedId(read, content['environment'], '/subject/content/environment', true);
  const serviceId = referencedId(read, content['service'], '/subject/content/service', false);
  const artifactId = read.string(content['artifactId'], '/subject/content/artifactId', false);
  const description = read.string(content['description'], '/subject/content/description', false);
  const ticket = read.string(content['ticketURI'], '/subject/content/ticketURI', false);
  if (read.errors.length > 0 || environment === undefined) return invalid(read.errors);
  const purl = artifactId === undefined ? undefined : purlNameAndVersion(artifactId);
  const service = serviceId !== undefined ? lastSegment(serviceId) : purl?.name;
  // The incident's id is its fingerprint: every CDEvent about it (detected, reported, resolved) names it.
  const fingerprint = SAFE_ID.test(subjectId) ? subjectId : `cdevents:${digest(subjectId)}`;
  // CDEvents carry no start time: an incident starts when first detected or reported (the event's
  // timestamp), and later events about it belong to the instance open at their timestamp.
  const startsAt = context.openInstance?.(fingerprint, fields.timestamp) ?? fields.timestamp;
  const custom = isRecord(customData) ? customData : {};
  // customData is free-form; `severity` (else `priority`) is what incident tools commonly send.
  const severityText = [custom['severity'], custom['priority']].find(
    (v): v is string => typeof v === 'string',
  );
  const severity = normalizeSeverity(severityText) ?? DEFAULT_INCIDENT_SEVERITY;
  const annotations: Record<string, string> = {};
  if (description !== undefined) annotations['description'] = description.slice(0, 4096);
  if (ticket !== undefined) annotations['ticket'] = ticket.slice(0, 4096);
  const event: AlertEvent = {
    fingerprint,
    source: context.source,
    status,
    startsAt,
    ...(status === 'resolved' ? { endsAt: fields.timestamp } : {}),
    name: (description ?? `incident ${subjectId}`).slice(0, 256),
    severity,
    environment,
    ...(service === undefined ? {} : { service }),
    labels: Object.fromEntries(
      Object.entries(origin(fields)).map(([key, value]) => [key.replace('.', '_'), value.slice(0, 1024)]),
    ),
    ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
  };
  return { ok: true, kind: 'alert', event };
}
