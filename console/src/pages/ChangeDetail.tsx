import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, describeError, ok, safeHref, type Change } from '../api';
import type { PageProps } from '../App';
import { formatInstant, type Zone } from '../time';
import { href, onLinkClick } from '../url';
import { outcomeOf } from './Timeline';

interface HistoryEntry {
  readonly position: string;
  readonly recordedAt: string;
  readonly type: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly event: Readonly<Record<string, unknown>> & {
    readonly eventId?: string;
    readonly phase?: string;
    readonly occurredAt?: string;
    readonly summary?: string;
    readonly rollout?: Change['rollout'];
    readonly links?: readonly { readonly url?: unknown; readonly title?: unknown }[];
  };
}

interface FreezeRecord {
  readonly decision?: string;
  readonly reason?: string;
  readonly [field: string]: unknown;
}

interface Detail {
  readonly change: Change;
  readonly events: readonly HistoryEntry[];
  readonly freeze: FreezeRecord | null;
}

interface Verification {
  readonly ok: boolean;
  readonly events: readonly { position: string; eventId: string; eventType: string; ok: boolean }[];
}

/** A value from a publisher, as text (React escapes it); objects as their JSON. */
function text(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function Links({ events }: { events: readonly HistoryEntry[] }): ReactNode {
  const seen = new Set<string>();
  const links = events
    .flatMap((entry) => entry.event.links ?? [])
    .filter((link) => {
      const key = text(link.url);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  if (links.length === 0) return <p>No links.</p>;
  return (
    <ul className="links">
      {links.map((link) => {
        const target = safeHref(link.url);
        const label = typeof link.title === 'string' && link.title !== '' ? link.title : text(link.url);
        return (
          <li key={text(link.url)}>
            {target === undefined ? (
              // Not http(s): shown, never followed.
              <span className="unsafe-link">
                {label} ({text(link.url)}, not a web link)
              </span>
            ) : (
              <a href={target} rel="noopener noreferrer nofollow" target="_blank">
                {label}
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function FreezeSection({ freeze, zone }: { freeze: FreezeRecord | null; zone: Zone }): ReactNode {
  if (freeze === null) return <p data-testid="freeze-record">No freeze applied to this change.</p>;
  const override = freeze['override'] as Readonly<Record<string, unknown>> | undefined;
  const windows = (freeze['windows'] ?? []) as readonly Readonly<Record<string, unknown>>[];
  return (
    <dl className="facts" data-testid="freeze-record">
      <dt>Decision</dt>
      <dd className={`decision decision-${text(freeze.decision)}`}>{text(freeze.decision)}</dd>
      <dt>Reason</dt>
      <dd>{text(freeze.reason)}</dd>
      {windows.length === 0 ? null : (
        <>
          <dt>Windows</dt>
          <dd>{windows.map((w) => text(w['name'])).join(', ')}</dd>
        </>
      )}
      {override === undefined ? null : (
        <>
          <dt>Override</dt>
          <dd>
            by {text(override['by'])} as {text(override['role'])}: {text(override['justification'])}
            {override['ticket'] === undefined ? '' : ` (ticket ${text(override['ticket'])})`}
          </dd>
        </>
      )}
      {typeof freeze['checkedAt'] === 'string' ? (
        <>
          <dt>Checked</dt>
          <dd>{formatInstant(freeze['checkedAt'], zone)}</dd>
        </>
      ) : null}
    </dl>
  );
}

function VerificationSection({ source, changeId }: { source: string; changeId: string }): ReactNode {
  const verification = useQuery({
    queryKey: ['change', 'verification', source, changeId],
    queryFn: () =>
      ok<Verification>(
        api.GET('/v1/changes/{source}/{changeId}/verification', { params: { path: { source, changeId } } }),
      ),
  });
  if (verification.isPending) return <p>Checking the audit record…</p>;
  if (verification.isError) return <p role="alert">{describeError(verification.error)}</p>;
  const { ok: verified, events } = verification.data;
  return (
    <div data-testid="verification">
      <p className={verified ? 'verified' : 'error'}>
        {verified
          ? `All ${events.length} events verify against the audit record.`
          : `${events.filter((e) => !e.ok).length} of ${events.length} events do not verify.`}
      </p>
      {verified ? null : (
        <ul>
          {events
            .filter((e) => !e.ok)
            .map((e) => (
              <li key={e.position}>
                position {e.position}: {e.eventType} {e.eventId}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}

export function ChangeDetail({
  zone,
  params,
  source,
  changeId,
}: PageProps & { source: string; changeId: string }): ReactNode {
  const detail = useQuery({
    queryKey: ['change', source, changeId],
    queryFn: () =>
      ok<Detail>(api.GET('/v1/changes/{source}/{changeId}', { params: { path: { source, changeId } } })),
  });
  return (
    <main className="change-detail">
      <p>
        <a href={href('/', params)} onClick={onLinkClick}>
          ← Timeline
        </a>
      </p>
      <h1>
        Change {changeId} <span className="muted">({source})</span>
      </h1>
      {detail.isPending ? <p>Loading…</p> : null}
      {detail.isError ? (
        <p role="alert" className="error">
          {describeError(detail.error)}
        </p>
      ) : null}
      {detail.data === undefined ? null : (
        <>
          <section aria-labelledby="state-heading">
            <h2 id="state-heading">State</h2>
            <dl className="facts" data-testid="change-state">
              <dt>Summary</dt>
              <dd>{text(detail.data.change.summary)}</dd>
              <dt>Phase</dt>
              <dd>
                {detail.data.change.phase} ({outcomeOf(detail.data.change).replace('-', ' ')})
              </dd>
              <dt>Kind</dt>
              <dd>
                {detail.data.change.kind}
                {detail.data.change.isRollback ? ', rollback' : ''}
                {detail.data.change.isHotfix ? ', hotfix' : ''}
              </dd>
              <dt>Service</dt>
              <dd>{text(detail.data.change.service)}</dd>
              <dt>Where</dt>
              <dd>
                {[detail.data.change.environment, detail.data.change.region, detail.data.change.cluster]
                  .filter((v) => v !== null)
                  .join(' / ')}
              </dd>
              <dt>Team</dt>
              <dd>{text(detail.data.change.team)}</dd>
              <dt>Actor</dt>
              <dd>
                {detail.data.change.actor === null
                  ? '—'
                  : `${detail.data.change.actor.id} (${detail.data.change.actor.type})`}
              </dd>
              <dt>Version</dt>
              <dd>
                {detail.data.change.version === null
                  ? '—'
                  : `${text(detail.data.change.version.from)} → ${text(detail.data.change.version.to)}`}
              </dd>
              <dt>Rollout</dt>
              <dd>
                {detail.data.change.rollout === null
                  ? '—'
                  : [
                      detail.data.change.rollout.stage,
                      detail.data.change.rollout.batch === undefined
                        ? undefined
                        : `batch ${detail.data.change.rollout.batch}/${text(detail.data.change.rollout.totalBatches)}`,
                      detail.data.change.rollout.percent === undefined
                        ? undefined
                        : `${detail.data.change.rollout.percent}%`,
                    ]
                      .filter((v) => v !== undefined)
                      .join(', ')}
              </dd>
              <dt>Planned</dt>
              <dd>{formatInstant(detail.data.change.plannedAt, zone)}</dd>
              <dt>Started</dt>
              <dd>{formatInstant(detail.data.change.startedAt, zone)}</dd>
              <dt>Finished</dt>
              <dd>{formatInstant(detail.data.change.finishedAt, zone)}</dd>
            </dl>
          </section>
          <section aria-labelledby="rollout-heading">
            <h2 id="rollout-heading">Rollout steps</h2>
            <ol className="steps">
              {detail.data.events
                .filter((entry) => entry.event.rollout !== undefined)
                .map((entry) => (
                  <li key={entry.position}>
                    {formatInstant(entry.event.occurredAt, zone)}: {text(entry.event.rollout?.stage)}
                    {entry.event.rollout?.batch === undefined
                      ? ''
                      : `, batch ${entry.event.rollout.batch}/${text(entry.event.rollout.totalBatches)}`}
                    {entry.event.rollout?.percent === undefined ? '' : `, ${entry.event.rollout.percent}%`}
                  </li>
                ))}
            </ol>
          </section>
          <section aria-labelledby="freeze-heading">
            <h2 id="freeze-heading">Freeze record</h2>
            <FreezeSection freeze={detail.data.freeze} zone={zone} />
          </section>
          <section aria-labelledby="verify-heading">
            <h2 id="verify-heading">Audit verification</h2>
            <VerificationSection source={source} changeId={changeId} />
          </section>
          <section aria-labelledby="links-heading">
            <h2 id="links-heading">Links</h2>
            <Links events={detail.data.events} />
          </section>
          <section aria-labelledby="history-heading">
            <h2 id="history-heading">History ({detail.data.events.length} events)</h2>
            <table data-testid="history">
              <thead>
                <tr>
                  <th scope="col">Position</th>
                  <th scope="col">Occurred</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Event</th>
                  <th scope="col">Summary</th>
                  <th scope="col">Published by</th>
                </tr>
              </thead>
              <tbody>
                {detail.data.events.map((entry) => (
                  <tr key={entry.position}>
                    <td>{entry.position}</td>
                    <td>{formatInstant(entry.event.occurredAt, zone)}</td>
                    <td>{text(entry.event.phase)}</td>
                    <td>{text(entry.event.eventId)}</td>
                    <td>{text(entry.event.summary)}</td>
                    <td>{text(entry.metadata?.['publishedBy'])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </main>
  );
}
