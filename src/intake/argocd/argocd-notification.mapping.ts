import type { ChangeEvent, ChangePhase } from '../../changes/domain/change-event';
import {
  attributesOf,
  bounded,
  compact,
  httpUrl,
  PayloadReader,
  valueAt,
  type MappedChanges,
} from '../payload';

/**
 * The notifications this intake takes (the `event` member the documented template sets per trigger),
 * with the phase each reports and which time dates it.
 */
export const ARGOCD_EVENTS: Readonly<Record<string, { phase: ChangePhase; at: string }>> = {
  'sync-running': { phase: 'started', at: '/startedAt' },
  'sync-succeeded': { phase: 'succeeded', at: '/finishedAt' },
  'sync-failed': { phase: 'failed', at: '/finishedAt' },
  // The sync went through but the application is degraded since: the change failed, as of the
  // reconciliation that found it so.
  'health-degraded': { phase: 'failed', at: '/reconciledAt' },
};

export interface ArgoCdTarget {
  readonly source: string;
  /** Environment of an application without an `environment` label. */
  readonly environment?: string;
}

/** What Go's text/template writes for a missing value: the same as no value. */
const NO_VALUE = '<no value>';

/** Ids are DNS labels and RFC 3339 times in Argo CD; this keeps them within change-event.v1's id pattern. */
const idPart = (text: string): string => text.replace(/[^A-Za-z0-9._:@/-]/g, '-');

/**
 * The body the documented Argo CD notification template renders, as one change event. The change is
 * one sync operation of one application (changeId `<app>@<operation start>`); each trigger is one
 * event of it (eventId `<changeId>:<event>`), so the engine sending the same notification again
 * stores nothing new.
 */
export function mapArgoCdNotification(payload: unknown, target: ArgoCdTarget): MappedChanges {
  const read = new PayloadReader(payloadWithoutNoValues(payload));
  const app = read.required('/app');
  const event = read.required('/event');
  const spec = event === undefined ? undefined : ARGOCD_EVENTS[event];
  if (event !== undefined && spec === undefined) {
    read.problem('/event', `is "${event}", not one of ${Object.keys(ARGOCD_EVENTS).join(', ')}`);
  }
  const startedAt = read.instant('/startedAt');
  const occurredAt =
    spec === undefined ? undefined : spec.at === '/startedAt' ? startedAt : read.instant(spec.at);
  const environment = read.optional('/environment') ?? target.environment;
  if (environment === undefined) {
    read.problem(
      '/environment',
      "is required (label the application, or configure the integration's environment)",
    );
  }
  if (
    read.errors.length > 0 ||
    app === undefined ||
    spec === undefined ||
    startedAt === undefined ||
    occurredAt === undefined
  ) {
    return { ok: false, errors: read.errors };
  }
  // The operation's start as Argo CD wrote it, so the id does not depend on how times are normalised.
  const changeId = `${idPart(app)}@${idPart(read.optional('/startedAt') ?? startedAt)}`;
  const revision = read.optional('/revision');
  const user = read.optional('/initiatedBy');
  const automated = read.optional('/automated') === 'true';
  const url = httpUrl(valueAt(payload, '/url'));
  const change: ChangeEvent = compact({
    eventId: `${changeId}:${event}`,
    changeId,
    source: target.source,
    kind: 'deploy',
    phase: spec.phase,
    occurredAt,
    environment: (environment ?? '').slice(0, 64),
    service: bounded(app, 128),
    cluster: bounded(read.optional('/cluster'), 128),
    summary: bounded(read.optional('/message') ?? `${app}: ${event}`, 1000),
    actor: automated
      ? { type: 'automation' as const, id: 'argocd-automated-sync' }
      : user === undefined
        ? undefined
        : { type: 'human' as const, id: user.slice(0, 256) },
    version: revision === undefined ? undefined : { to: revision.slice(0, 256) },
    links: url === undefined ? undefined : [{ url, title: 'Argo CD application' }],
    attributes: attributesOf([
      ['argocd.app', app],
      ['argocd.project', read.optional('/project')],
      ['argocd.namespace', read.optional('/namespace')],
      ['argocd.operation_phase', read.optional('/operationPhase')],
      ['argocd.health', read.optional('/health')],
      ['argocd.sync_status', read.optional('/syncStatus')],
    ]),
  });
  return { ok: true, events: [change] };
}

/** The payload with every `<no value>` string (a field the application did not have) left out. */
function payloadWithoutNoValues(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  return Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== NO_VALUE));
}
