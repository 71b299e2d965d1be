import type { ChangeEvent, ChangeKind } from '../../changes/domain/change-event';
import { attributesOf, bounded, compact, httpUrl, PayloadReader, type MappedChanges } from '../payload';

/** Audit-log entry kinds that are changes, and what they are. Others (members, tokens…) are refused. */
export const LAUNCHDARKLY_KINDS: Readonly<Record<string, ChangeKind>> = {
  flag: 'feature_flag',
  segment: 'config',
  environment: 'config',
};

/** Where LaunchDarkly's relative `_links.site.href` points. */
const LAUNCHDARKLY_APP = 'https://app.launchdarkly.com';

export interface LaunchDarklyTarget {
  readonly source: string;
  /** Environment of an entry whose resource names none (e.g. a change to a flag in every environment). */
  readonly environment?: string;
}

/** `proj/<project>:env/<environment>:flag/<key>` → its parts. */
function resourceParts(resource: string | undefined): { project?: string; env?: string; key?: string } {
  const parts: Record<string, string> = {};
  for (const segment of (resource ?? '').split(':')) {
    const [type, ...rest] = segment.split('/');
    const name = rest.join('/').split(';')[0];
    if (type !== undefined && name !== undefined && name !== '') parts[type] = name;
  }
  return { project: parts['proj'], env: parts['env'], key: parts['flag'] ?? parts['segment'] };
}

/**
 * One LaunchDarkly audit-log entry (what its webhooks send) as one change event: the entry is the change
 * (a flag turned on, a rule edited), done when it is logged, so it is `succeeded` at the entry's `date`.
 * Ids are the entry's `_id`, so a redelivery is a duplicate; LaunchDarkly may deliver entries out of
 * order, and each is placed by its own date.
 */
export function mapLaunchDarklyEntry(payload: unknown, target: LaunchDarklyTarget): MappedChanges {
  const read = new PayloadReader(payload);
  const id = read.required('/_id');
  const entryKind = read.required('/kind');
  const kind = entryKind === undefined ? undefined : LAUNCHDARKLY_KINDS[entryKind];
  if (entryKind !== undefined && kind === undefined) {
    read.problem(
      '/kind',
      `is "${entryKind}"; only ${Object.keys(LAUNCHDARKLY_KINDS).join(', ')} entries are changes (filter the webhook's policy to them)`,
    );
  }
  const occurredAt = read.instant('/date');
  const resource = read.optional('/accesses/0/resource') ?? read.optional('/target/resources/0');
  const parts = resourceParts(resource);
  const environment = parts.env ?? target.environment;
  if (environment === undefined) {
    read.problem(
      '/accesses/0/resource',
      'names no environment (proj/…:env/<environment>…), and the integration has no default environment',
    );
  }
  if (read.errors.length > 0 || id === undefined || kind === undefined || occurredAt === undefined) {
    return { ok: false, errors: read.errors };
  }
  const name = read.optional('/name') ?? parts.key ?? id;
  const email = read.optional('/member/email');
  const memberName = [read.optional('/member/firstName'), read.optional('/member/lastName')]
    .filter((p) => p !== undefined)
    .join(' ');
  const site = read.optional('/_links/site/href');
  const url =
    site === undefined ? undefined : httpUrl(site.startsWith('/') ? `${LAUNCHDARKLY_APP}${site}` : site);
  const verb = read.optional('/titleVerb');
  const change: ChangeEvent = compact({
    eventId: `audit-${id}`,
    changeId: `audit-${id}`,
    source: target.source,
    kind,
    phase: 'succeeded',
    occurredAt,
    environment: (environment ?? '').slice(0, 64),
    summary: bounded(verb === undefined ? name : `${verb} ${name}`, 1000),
    actor:
      email === undefined
        ? undefined
        : compact({ type: 'human' as const, id: email, name: bounded(memberName, 256) }),
    links: url === undefined ? undefined : [{ url, title: 'LaunchDarkly' }],
    attributes: attributesOf([
      ['launchdarkly.kind', entryKind],
      ['launchdarkly.project', parts.project],
      ['launchdarkly.environment', parts.env],
      [`launchdarkly.${entryKind ?? 'flag'}`, parts.key],
      ['launchdarkly.action', read.optional('/accesses/0/action')],
      ['launchdarkly.comment', read.optional('/comment')],
      ['launchdarkly.description', read.optional('/description')],
    ]),
  });
  return { ok: true, events: [change] };
}
