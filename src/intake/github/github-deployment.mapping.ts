import type { ChangeEvent, ChangePhase } from '../../changes/domain/change-event';
import {
  attributesOf,
  bounded,
  compact,
  httpUrl,
  PayloadReader,
  unmappable,
  valueAt,
  type MappedChanges,
} from '../payload';

/** The GitHub events this intake maps; `ping` is answered without storing anything. */
export const GITHUB_EVENTS = ['deployment', 'deployment_status'] as const;

/**
 * GitHub's deployment status states as phases. queued, pending and waiting: not begun (planned);
 * in_progress: started; success: succeeded; failure and error: failed. inactive: GitHub marks the
 * previous deployment of an environment inactive when a newer one succeeds; it says nothing new about
 * how that change went, so it is recorded as progressed (its phase never goes back from a terminal one).
 */
export const GITHUB_STATE_PHASES: Readonly<Record<string, ChangePhase>> = {
  queued: 'planned',
  pending: 'planned',
  waiting: 'planned',
  in_progress: 'started',
  success: 'succeeded',
  failure: 'failed',
  error: 'failed',
  inactive: 'progressed',
};

export interface GitHubTarget {
  readonly source: string;
  /** Environment when the deployment names none. */
  readonly environment?: string;
}

/**
 * A `deployment` or `deployment_status` delivery as one change event. The change is the deployment
 * (changeId `deployment-<id>`); event ids come from GitHub's own ids (the deployment's, or the status's),
 * not from the delivery id, which a redelivery changes: a redelivered webhook is the same event.
 */
export function mapGitHubDelivery(event: string, payload: unknown, target: GitHubTarget): MappedChanges {
  if (!(GITHUB_EVENTS as readonly string[]).includes(event)) {
    return unmappable(
      'X-GitHub-Event',
      `is "${event}": only ${GITHUB_EVENTS.join(' and ')} events (and ping) are taken; select just those in the webhook's settings`,
    );
  }
  const read = new PayloadReader(payload);
  const deploymentId = read.required('/deployment/id');
  const repository = read.required('/repository/full_name');
  const isStatus = event === 'deployment_status';
  const statusId = isStatus ? read.required('/deployment_status/id') : undefined;
  const state = isStatus ? read.required('/deployment_status/state') : undefined;
  const phase = state === undefined ? 'planned' : GITHUB_STATE_PHASES[state];
  if (state !== undefined && phase === undefined) {
    read.problem(
      '/deployment_status/state',
      `is "${state}", not one of ${Object.keys(GITHUB_STATE_PHASES).join(', ')}`,
    );
  }
  const occurredAt = read.instant(isStatus ? '/deployment_status/created_at' : '/deployment/created_at');
  const environment =
    (isStatus ? read.optional('/deployment_status/environment') : undefined) ??
    read.optional('/deployment/environment') ??
    target.environment;
  if (environment === undefined)
    read.problem('/deployment/environment', "is required (or configure the integration's environment)");
  if (
    read.errors.length > 0 ||
    deploymentId === undefined ||
    occurredAt === undefined ||
    phase === undefined
  ) {
    return { ok: false, errors: read.errors };
  }
  const ref = read.optional('/deployment/ref');
  const sha = read.optional('/deployment/sha');
  const login = read.optional('/deployment/creator/login');
  const creatorType = read.optional('/deployment/creator/type');
  const description = isStatus ? read.optional('/deployment_status/description') : undefined;
  const links = [
    { url: httpUrl(valueAt(payload, '/deployment/url')), title: 'GitHub deployment' },
    { url: httpUrl(valueAt(payload, '/deployment_status/target_url')), title: 'Deployment log' },
    { url: httpUrl(valueAt(payload, '/deployment_status/environment_url')), title: 'Environment' },
  ].filter((link): link is { url: string; title: string } => link.url !== undefined);
  const change: ChangeEvent = compact({
    eventId:
      statusId === undefined ? `deployment-${deploymentId}` : `deployment-${deploymentId}-status-${statusId}`,
    changeId: `deployment-${deploymentId}`,
    source: target.source,
    kind: 'deploy',
    phase,
    occurredAt,
    environment: (environment ?? '').slice(0, 64),
    service: bounded(read.optional('/repository/name'), 128),
    summary: bounded(
      description ??
        read.optional('/deployment/description') ??
        `${repository ?? 'deployment'}${ref === undefined ? '' : ` ${ref}`} to ${environment ?? ''}${state === undefined ? '' : `: ${state}`}`,
      1000,
    ),
    actor:
      login === undefined
        ? undefined
        : { type: creatorType === 'Bot' ? ('service' as const) : ('human' as const), id: login },
    version: sha === undefined ? undefined : { to: sha },
    links: links.length === 0 ? undefined : links,
    attributes: attributesOf([
      ['github.repository', repository],
      ['github.deployment_id', deploymentId],
      ['github.ref', ref],
      ['github.sha', sha],
      ['github.task', read.optional('/deployment/task')],
      ['github.state', state],
    ]),
  });
  return { ok: true, events: [change] };
}
