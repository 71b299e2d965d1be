import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api, describeError, ok, type Alert, type Page } from '../api';
import type { PageProps } from '../App';
import { DAY, formatInstant } from '../time';
import { href, onLinkClick } from '../url';

interface Suspect {
  readonly source: string;
  readonly changeId: string;
  readonly rank: number;
  readonly score: number;
  readonly reasons: readonly string[];
  readonly change?: {
    readonly kind?: string;
    readonly service?: string | null;
    readonly summary?: string | null;
    readonly startedAt?: string | null;
  };
}

interface Suspects {
  readonly alert: Alert;
  readonly items: readonly Suspect[];
  readonly candidates: number;
  readonly noChangeScore: number;
}

interface Quality {
  readonly cases: number;
  readonly hitRateAt1: number | null;
  readonly hitRateAt3: number | null;
  readonly meanReciprocalRank: number | null;
}

interface Incident {
  readonly id: string;
  readonly [field: string]: unknown;
}

const percent = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 100)}%`);

/** How well the ranking has done by the reviewers' verdicts, for the on-call lead. */
function QualityPanel(): ReactNode {
  const quality = useQuery({
    queryKey: ['quality'],
    queryFn: () => ok<Quality>(api.GET('/v1/correlation/quality')),
  });
  if (quality.isError) return <p role="alert">{describeError(quality.error)}</p>;
  if (quality.data === undefined) return null;
  return (
    <aside className="quality" aria-labelledby="quality-heading" data-testid="quality">
      <h2 id="quality-heading">Ranking quality</h2>
      <p>
        Over {quality.data.cases} verdicts: first suspect right {percent(quality.data.hitRateAt1)}, in the top
        three {percent(quality.data.hitRateAt3)}, mean reciprocal rank{' '}
        {quality.data.meanReciprocalRank === null ? '—' : quality.data.meanReciprocalRank.toFixed(2)}.
      </p>
    </aside>
  );
}

function VerdictButtons({ alertId, suspect }: { alertId: string; suspect: Suspect }): ReactNode {
  const client = useQueryClient();
  const [recorded, setRecorded] = useState<string | undefined>();
  const verdict = useMutation({
    mutationFn: (value: 'cause' | 'not_cause') =>
      ok(
        api.POST('/v1/alerts/{id}/verdicts', {
          params: { path: { id: alertId } },
          body: { changeId: suspect.changeId, source: suspect.source, verdict: value },
        }),
      ),
    onSuccess: (_data, value) => {
      setRecorded(value === 'cause' ? 'Recorded: this caused it.' : 'Recorded: not this one.');
      void client.invalidateQueries({ queryKey: ['quality'] });
    },
  });
  const label = `${suspect.changeId} (${suspect.source})`;
  return (
    <div className="verdicts" role="group" aria-label={`Verdict on ${label}`}>
      <button
        type="button"
        disabled={verdict.isPending}
        onClick={() => {
          verdict.mutate('cause');
        }}
      >
        This caused it
      </button>
      <button
        type="button"
        disabled={verdict.isPending}
        onClick={() => {
          verdict.mutate('not_cause');
        }}
      >
        Not this one
      </button>
      <span role="status">{recorded ?? ''}</span>
      {verdict.isError ? (
        <span role="alert" className="error">
          {describeError(verdict.error)}
        </span>
      ) : null}
    </div>
  );
}

function IncidentLine({ alert, zone }: { alert: Alert } & Pick<PageProps, 'zone'>): ReactNode {
  const startsAt = Date.parse(alert.startsAt);
  const incidents = useQuery({
    queryKey: ['incidents', alert.key],
    queryFn: () =>
      ok<Page<Incident>>(
        api.GET('/v1/incidents', {
          params: {
            query: {
              from: new Date(startsAt - DAY).toISOString(),
              to: new Date(startsAt + 1).toISOString(),
            },
          },
        }),
      ),
  });
  const incident = incidents.data?.items.find((item) => JSON.stringify(item).includes(alert.key));
  if (incident === undefined) return <p>Not part of an incident.</p>;
  const alerts = Array.isArray(incident['alerts']) ? incident['alerts'].length : undefined;
  return (
    <p data-testid="incident">
      Part of incident {incident.id}
      {alerts === undefined ? '' : ` (${alerts} alerts)`}
      {typeof incident['startedAt'] === 'string'
        ? `, since ${formatInstant(incident['startedAt'], zone)}`
        : ''}
      .
    </p>
  );
}

export function AlertView({ zone, params, alertId }: PageProps & { alertId: string }): ReactNode {
  const suspects = useQuery({
    queryKey: ['suspects', alertId],
    queryFn: () => ok<Suspects>(api.GET('/v1/alerts/{id}/suspects', { params: { path: { id: alertId } } })),
  });
  const alert = suspects.data?.alert;
  return (
    <main className="alert-view">
      <p>
        <a href={href('/alerts', params)} onClick={onLinkClick}>
          ← Alerts
        </a>
      </p>
      <h1>Alert {alert?.name ?? alertId}</h1>
      {suspects.isPending ? <p>Loading…</p> : null}
      {suspects.isError ? (
        <p role="alert" className="error">
          {describeError(suspects.error)}
        </p>
      ) : null}
      {alert === undefined || suspects.data === undefined ? null : (
        <>
          <dl className="facts">
            <dt>Status</dt>
            <dd>{alert.status}</dd>
            <dt>Severity</dt>
            <dd>{alert.severity ?? '—'}</dd>
            <dt>Service</dt>
            <dd>{alert.service ?? '—'}</dd>
            <dt>Environment</dt>
            <dd>{alert.environment ?? '—'}</dd>
            <dt>Started</dt>
            <dd>{formatInstant(alert.startsAt, zone)}</dd>
          </dl>
          <IncidentLine alert={alert} zone={zone} />
          <section aria-labelledby="suspects-heading">
            <h2 id="suspects-heading">Suspect changes</h2>
            <p>
              {suspects.data.candidates} changes considered; the chance that none of them caused it:{' '}
              {percent(suspects.data.noChangeScore)}.
            </p>
            <ol className="suspects" data-testid="suspects">
              {suspects.data.items.map((suspect) => (
                <li
                  key={`${suspect.source}/${suspect.changeId}`}
                  data-change={`${suspect.source}/${suspect.changeId}`}
                >
                  <p>
                    <strong>#{suspect.rank}</strong>{' '}
                    <a
                      href={href(
                        `/changes/${encodeURIComponent(suspect.source)}/${encodeURIComponent(suspect.changeId)}`,
                        params,
                      )}
                      onClick={onLinkClick}
                    >
                      {suspect.changeId}
                    </a>{' '}
                    ({suspect.source}) score {percent(suspect.score)}
                    {suspect.change?.summary === undefined || suspect.change.summary === null
                      ? ''
                      : `: ${suspect.change.summary}`}
                  </p>
                  <ul className="reasons">
                    {suspect.reasons.map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                  <VerdictButtons alertId={alertId} suspect={suspect} />
                </li>
              ))}
            </ol>
            {suspects.data.items.length === 0 ? <p>No suspect changes.</p> : null}
          </section>
        </>
      )}
      <QualityPanel />
    </main>
  );
}

/** Recent alerts (the last day), newest first, each linking to its view. */
export function AlertList({ zone, params }: PageProps): ReactNode {
  const [now] = useState(() => Date.now());
  const alerts = useQuery({
    queryKey: ['alerts', 'recent'],
    queryFn: () =>
      ok<Page<Alert>>(
        api.GET('/v1/alerts', {
          params: { query: { from: new Date(now - DAY).toISOString(), limit: 200 } },
        }),
      ),
  });
  return (
    <main>
      <h1>Alerts of the last day</h1>
      {alerts.isError ? (
        <p role="alert" className="error">
          {describeError(alerts.error)}
        </p>
      ) : null}
      <ul className="alert-list">
        {(alerts.data?.items ?? []).map((alert) => (
          <li key={alert.key}>
            <a href={href(`/alerts/${encodeURIComponent(alert.key)}`, params)} onClick={onLinkClick}>
              {alert.name}
            </a>{' '}
            {alert.service ?? ''} {alert.severity ?? ''} {alert.status}, {formatInstant(alert.startsAt, zone)}
          </li>
        ))}
      </ul>
      {alerts.data?.items.length === 0 ? <p>No alerts.</p> : null}
      <QualityPanel />
    </main>
  );
}
