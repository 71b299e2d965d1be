import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Checkbox } from '../controls';
import {
  allPages,
  api,
  describeError,
  ok,
  type Alert,
  type Change,
  type Occurrence,
  type Page,
} from '../api';
import type { operations } from '../../../clients/typescript/src/generated/api';
import type { PageProps } from '../App';
import { formatClock, formatInstant, MINUTE, HOUR, DAY, parsePasted, zoneName, type Zone } from '../time';
import { href, navigate, onLinkClick, withParams } from '../url';

export const KINDS = [
  'deploy',
  'config',
  'scaling',
  'experiment',
  'feature_flag',
  'infra',
  'database',
  'other',
] as const;
const DEFAULT_SPAN = 2 * HOUR;
const MIN_SPAN = 5 * MINUTE;
const MAX_SPAN = 60 * DAY;
/** More than this in one range is cut (and the page says so): narrow the filters or the range. */
const MAX_CHANGES = 20_000;
const LIST_PAGE = 200;

/** The filters the timeline's URL carries, each also a query parameter of GET /v1/changes. */
const FILTERS = ['service', 'environment', 'region', 'kind', 'team', 'actor', 'source', 'q'] as const;
type Filter = (typeof FILTERS)[number];

type TimelineQuery = NonNullable<operations['Changes_list']['parameters']['query']>;

const isKind = (value: string | null): value is (typeof KINDS)[number] =>
  (KINDS as readonly (string | null)[]).includes(value);

/** The URL's filters as GET /v1/changes takes them (services and teams repeat). */
function timelineQuery(params: URLSearchParams): TimelineQuery {
  const query: TimelineQuery = {};
  const one = (name: 'environment' | 'region' | 'actor' | 'source' | 'q'): void => {
    const value = params.get(name);
    if (value !== null && value !== '') query[name] = value;
  };
  for (const name of ['environment', 'region', 'actor', 'source', 'q'] as const) one(name);
  if (params.getAll('service').length > 0) query.service = params.getAll('service');
  if (params.getAll('team').length > 0) query.team = params.getAll('team');
  const kind = params.get('kind');
  if (isKind(kind)) query.kind = kind;
  if (params.get('neighbours') === 'true') query.neighbours = 'true';
  return query;
}

interface Range {
  readonly from: number;
  readonly to: number;
  /** No fixed range in the URL: the last `to - from` up to now, moving. */
  readonly live: boolean;
}

function rangeOf(params: URLSearchParams, now: number): Range {
  const from = Date.parse(params.get('from') ?? '');
  const to = Date.parse(params.get('to') ?? '');
  if (!Number.isNaN(from) && !Number.isNaN(to) && to > from) return { from, to, live: false };
  const last = Number(params.get('last'));
  const span = Number.isFinite(last) && last > 0 ? Math.min(last * MINUTE, MAX_SPAN) : DEFAULT_SPAN;
  return { from: now - span, to: now, live: true };
}

/** The outcome a bar is marked with. */
export function outcomeOf(
  change: Change,
): 'succeeded' | 'failed' | 'rolled-back' | 'in-progress' | 'planned' {
  switch (change.phase) {
    case 'succeeded':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'rolled_back':
    case 'cancelled':
      return 'rolled-back';
    case 'planned':
      return 'planned';
    default:
      return 'in-progress';
  }
}

const OUTCOME_LABEL: Record<ReturnType<typeof outcomeOf>, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  'rolled-back': 'rolled back',
  'in-progress': 'in progress',
  planned: 'planned',
};

const OUTCOME_GLYPH: Record<ReturnType<typeof outcomeOf>, string> = {
  succeeded: '✓',
  failed: '✗',
  'rolled-back': '↶',
  'in-progress': '…',
  planned: '○',
};

function changeHref(change: Change, params: URLSearchParams): string {
  return href(`/changes/${encodeURIComponent(change.source)}/${encodeURIComponent(change.changeId)}`, params);
}

function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return undefined;
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, 30_000);
    return () => {
      window.clearInterval(timer);
    };
  }, [live]);
  return now;
}

/** Tick spacing for a span: about eight labels across. */
function tickStep(span: number): number {
  const steps = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR];
  steps.push(3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY);
  return steps.find((step) => span / step <= 10) ?? 14 * DAY;
}

function FilterForm({ params }: { params: URLSearchParams }): ReactNode {
  const [draft, setDraft] = useState<Record<Filter, string>>(() => {
    const values = {} as Record<Filter, string>;
    for (const name of FILTERS) values[name] = params.getAll(name).join(', ');
    return values;
  });
  const text = (name: Filter, label: string): ReactNode => (
    <span className="control">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <input
        id={`filter-${name}`}
        name={name}
        value={draft[name]}
        onChange={(event) => {
          setDraft({ ...draft, [name]: event.target.value });
        }}
      />
    </span>
  );
  return (
    <form
      className="filters"
      aria-label="Filters"
      onSubmit={(event) => {
        event.preventDefault();
        const next = new URLSearchParams(params);
        for (const name of FILTERS) {
          next.delete(name);
          const values = name === 'service' || name === 'team' ? draft[name].split(',') : [draft[name]];
          for (const value of values.map((v) => v.trim()).filter((v) => v !== '')) next.append(name, value);
        }
        navigate(`/?${next.toString()}`);
      }}
    >
      {text('service', 'Services')}
      <Checkbox
        label="with dependencies and callers"
        name="neighbours"
        checked={params.get('neighbours') === 'true'}
        onChange={(checked) => {
          navigate(`/${withParams(params, { neighbours: checked ? 'true' : undefined })}`);
        }}
      />
      {text('environment', 'Environment')}
      {text('region', 'Region')}
      <span className="control">
        <label htmlFor="filter-kind">Kind</label>
        <select
          id="filter-kind"
          name="kind"
          value={draft.kind}
          onChange={(event) => {
            setDraft({ ...draft, kind: event.target.value });
          }}
        >
          <option value="">any</option>
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
      </span>
      {text('team', 'Team')}
      {text('actor', 'Actor')}
      {text('source', 'Source')}
      {text('q', 'Summary contains')}
      <button type="submit">Apply filters</button>
      <button
        type="button"
        onClick={() => {
          const next = new URLSearchParams(params);
          for (const name of [...FILTERS, 'neighbours']) next.delete(name);
          navigate(`/?${next.toString()}`);
        }}
      >
        Clear
      </button>
    </form>
  );
}

function RangeControls({
  params,
  range,
  zone,
}: {
  params: URLSearchParams;
  range: Range;
  zone: Zone;
}): ReactNode {
  const [around, setAround] = useState(params.get('around') ?? '');
  const [minutes, setMinutes] = useState(params.get('pm') ?? '30');
  const [error, setError] = useState<string | undefined>();
  const span = range.to - range.from;
  const setRange = (from: number, to: number, extra: Record<string, string | undefined> = {}): void => {
    navigate(
      `/${withParams(params, {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        last: undefined,
        around: undefined,
        pm: undefined,
        ...extra,
      })}`,
    );
  };
  const zoom = (factor: number): void => {
    const next = Math.min(MAX_SPAN, Math.max(MIN_SPAN, span * factor));
    const middle = (range.from + range.to) / 2;
    if (range.live) {
      navigate(`/${withParams(params, { last: String(Math.round(next / MINUTE)) })}`);
    } else setRange(middle - next / 2, middle + next / 2);
  };
  return (
    <div className="range">
      <div className="range-buttons" role="group" aria-label="Time range">
        <button
          type="button"
          onClick={() => {
            setRange(range.from - span / 2, range.to - span / 2);
          }}
        >
          ← Earlier
        </button>
        <button
          type="button"
          onClick={() => {
            zoom(0.5);
          }}
          disabled={span <= MIN_SPAN}
        >
          Zoom in
        </button>
        <button
          type="button"
          onClick={() => {
            zoom(2);
          }}
          disabled={span >= MAX_SPAN}
        >
          Zoom out
        </button>
        <button
          type="button"
          onClick={() => {
            setRange(range.from + span / 2, range.to + span / 2);
          }}
        >
          Later →
        </button>
        <button
          type="button"
          onClick={() => {
            navigate(
              `/${withParams(params, { from: undefined, to: undefined, around: undefined, pm: undefined })}`,
            );
          }}
          disabled={range.live}
        >
          Now (live)
        </button>
      </div>
      <form
        className="around"
        aria-label="Around a time"
        onSubmit={(event) => {
          event.preventDefault();
          const at = parsePasted(around, zone);
          const pm = Number(minutes);
          if (at === undefined) {
            setError(
              'Not a time: paste an ISO 8601 timestamp (e.g. 2026-11-03T14:05:00Z) or epoch milliseconds.',
            );
            return;
          }
          if (!Number.isFinite(pm) || pm <= 0) {
            setError('Minutes must be a positive number.');
            return;
          }
          setError(undefined);
          const half = Math.min(pm * MINUTE, MAX_SPAN / 2);
          setRange(at - half, at + half, { around: around.trim(), pm: String(pm) });
        }}
      >
        <span className="control">
          <label htmlFor="around">Around</label>
          <input
            id="around"
            name="around"
            value={around}
            placeholder="2026-11-03T14:05:00Z"
            aria-describedby={error === undefined ? undefined : 'around-error'}
            aria-invalid={error === undefined ? undefined : true}
            onChange={(event) => {
              setAround(event.target.value);
            }}
          />
        </span>
        <span className="control">
          <label htmlFor="around-minutes">± minutes</label>
          <input
            id="around-minutes"
            name="pm"
            type="number"
            min={1}
            value={minutes}
            onChange={(event) => {
              setMinutes(event.target.value);
            }}
          />
        </span>
        <button type="submit">Go</button>
        {error === undefined ? null : (
          <span id="around-error" role="alert" className="error">
            {error}
          </span>
        )}
      </form>
      <p className="range-label" data-testid="range-label">
        {formatInstant(range.from, zone)} – {formatInstant(range.to, zone)} ({zoneName(zone)})
        {range.live ? ', live' : ''}
      </p>
    </div>
  );
}

interface LaneData {
  readonly service: string;
  readonly changes: Change[];
  readonly alerts: Alert[];
}

function toLanes(changes: readonly Change[], alerts: readonly Alert[]): LaneData[] {
  const lanes = new Map<string, LaneData>();
  const lane = (service: string | null): LaneData => {
    const name = service ?? '(no service)';
    let found = lanes.get(name);
    if (found === undefined) {
      found = { service: name, changes: [], alerts: [] };
      lanes.set(name, found);
    }
    return found;
  };
  for (const change of changes) lane(change.service).changes.push(change);
  for (const alert of alerts) lane(alert.service).alerts.push(alert);
  return [...lanes.values()].sort((a, b) => a.service.localeCompare(b.service));
}

const LANE_HEIGHT = 30;
const LABEL_WIDTH = 140;
const AXIS_HEIGHT = 24;

function Lanes({
  lanes,
  occurrences,
  range,
  zone,
  params,
  now,
}: {
  lanes: readonly LaneData[];
  occurrences: readonly Occurrence[];
  range: Range;
  zone: Zone;
  params: URLSearchParams;
  now: number;
}): ReactNode {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(1000);
  useEffect(() => {
    const element = box.current;
    if (element === null) return undefined;
    const observer = new ResizeObserver((entries) => {
      const measured = entries[0]?.contentRect.width;
      if (measured !== undefined && measured > 300) setWidth(Math.floor(measured));
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, []);
  const span = range.to - range.from;
  const plot = width - LABEL_WIDTH;
  const x = (ms: number): number => LABEL_WIDTH + ((ms - range.from) / span) * plot;
  const clampX = (ms: number): number => x(Math.min(range.to, Math.max(range.from, ms)));
  const height = AXIS_HEIGHT + Math.max(1, lanes.length) * LANE_HEIGHT;
  const step = tickStep(span);
  const ticks: number[] = [];
  for (let t = Math.ceil(range.from / step) * step; t <= range.to; t += step) ticks.push(t);
  const withDate = span > DAY || new Date(range.from).getDate() !== new Date(range.to).getDate();
  return (
    <div className="lanes" ref={box}>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`Timeline: ${lanes.length} services, ${lanes.reduce((n, l) => n + l.changes.length, 0)} changes, ${lanes.reduce((n, l) => n + l.alerts.length, 0)} alerts, ${occurrences.length} freeze occurrences. The list below holds the same changes.`}
      >
        {occurrences.map((occurrence) => {
          const start = Date.parse(occurrence.start);
          const end = occurrence.end === null ? range.to : Date.parse(occurrence.end);
          if (end < range.from || start > range.to) return null;
          return (
            <rect
              key={`${occurrence.windowId}-${occurrence.start}`}
              className={`freeze-band freeze-${occurrence.kind}`}
              data-window={occurrence.windowId}
              x={clampX(start)}
              y={AXIS_HEIGHT}
              width={Math.max(1, clampX(end) - clampX(start))}
              height={height - AXIS_HEIGHT}
            >
              <title>
                {`Freeze "${occurrence.name}" (${occurrence.kind}): ${formatInstant(start, zone)} – ${occurrence.end === null ? 'until lifted' : formatInstant(end, zone)}`}
              </title>
            </rect>
          );
        })}
        {ticks.map((t) => (
          <g key={t} className="tick">
            <line x1={x(t)} x2={x(t)} y1={AXIS_HEIGHT - 4} y2={height} />
            <text x={x(t) + 3} y={AXIS_HEIGHT - 8}>
              {formatClock(t, zone, withDate)}
            </text>
          </g>
        ))}
        {now >= range.from && now <= range.to ? (
          <line className="now" x1={x(now)} x2={x(now)} y1={AXIS_HEIGHT} y2={height} />
        ) : null}
        {lanes.map((lane, index) => {
          const top = AXIS_HEIGHT + index * LANE_HEIGHT;
          return (
            <g key={lane.service} className="lane" data-service={lane.service}>
              <line className="lane-rule" x1={0} x2={width} y1={top + LANE_HEIGHT} y2={top + LANE_HEIGHT} />
              <text className="lane-label" x={4} y={top + LANE_HEIGHT / 2 + 4}>
                {lane.service.length > 18 ? `${lane.service.slice(0, 17)}…` : lane.service}
              </text>
              {lane.changes.map((change) => {
                const start = Date.parse(change.startedAt ?? change.timelineAt);
                const end = change.finishedAt === null ? Math.max(start, now) : Date.parse(change.finishedAt);
                const outcome = outcomeOf(change);
                const x1 = clampX(start);
                const w = Math.max(3, clampX(end) - x1);
                const percent = change.rollout?.percent;
                return (
                  <g
                    key={`${change.source}/${change.changeId}`}
                    className={`bar kind-${change.kind} outcome-${outcome}`}
                    data-change={`${change.source}/${change.changeId}`}
                    onClick={() => {
                      navigate(changeHref(change, params));
                    }}
                  >
                    <title>
                      {`${change.kind} ${change.changeId} (${change.source}) ${OUTCOME_LABEL[outcome]}: ${change.summary ?? ''} — ${formatInstant(start, zone)}`}
                    </title>
                    <rect x={x1} y={top + 6} width={w} height={LANE_HEIGHT - 12} rx={2} />
                    {percent === undefined ? null : (
                      <rect
                        className="progress"
                        x={x1}
                        y={top + LANE_HEIGHT - 8}
                        width={(w * Math.min(100, Math.max(0, percent))) / 100}
                        height={2}
                      />
                    )}
                    <text className="glyph" x={x1 + w + 2} y={top + LANE_HEIGHT / 2 + 4}>
                      {OUTCOME_GLYPH[outcome]}
                    </text>
                  </g>
                );
              })}
              {lane.alerts.map((alert) => {
                const at = clampX(Date.parse(alert.startsAt));
                return (
                  <g
                    key={alert.key}
                    className={`alert-marker severity-${alert.severity ?? 'none'}`}
                    data-alert={alert.key}
                    onClick={() => {
                      navigate(href(`/alerts/${encodeURIComponent(alert.key)}`, params));
                    }}
                  >
                    <title>{`Alert ${alert.name} (${alert.status}) at ${formatInstant(alert.startsAt, zone)}`}</title>
                    <path d={`M ${at} ${top + 3} l 6 10 l -12 0 z`} />
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <ul className="legend" aria-label="Legend">
        {KINDS.map((kind) => (
          <li key={kind}>
            <span className={`swatch kind-${kind}`} aria-hidden="true" /> {kind}
          </li>
        ))}
        <li>✓ succeeded · ✗ failed · ↶ rolled back · … in progress · ○ planned</li>
        <li>
          <span className="swatch alert-swatch" aria-hidden="true" /> alert
        </li>
        <li>
          <span className="swatch freeze-swatch" aria-hidden="true" /> freeze window
        </li>
      </ul>
    </div>
  );
}

function ChangeList({
  changes,
  alerts,
  zone,
  params,
}: {
  changes: readonly Change[];
  alerts: readonly Alert[];
  zone: Zone;
  params: URLSearchParams;
}): ReactNode {
  const [shown, setShown] = useState(LIST_PAGE);
  return (
    <section className="change-list" aria-labelledby="list-heading">
      <h2 id="list-heading">
        Changes ({changes.length}) and alerts ({alerts.length})
      </h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Service</th>
            <th scope="col">Kind</th>
            <th scope="col">Outcome</th>
            <th scope="col">Change</th>
            <th scope="col">Summary</th>
            <th scope="col">Actor</th>
          </tr>
        </thead>
        <tbody>
          {changes.slice(0, shown).map((change) => (
            <tr
              key={`${change.source}/${change.changeId}`}
              data-change={`${change.source}/${change.changeId}`}
            >
              <td>{formatInstant(change.startedAt ?? change.timelineAt, zone)}</td>
              <td>{change.service ?? '—'}</td>
              <td>
                <span className={`swatch kind-${change.kind}`} aria-hidden="true" /> {change.kind}
              </td>
              <td>
                {OUTCOME_LABEL[outcomeOf(change)]}
                {change.rollout?.percent === undefined ? '' : ` (${change.rollout.percent}%)`}
              </td>
              <td>
                <a href={changeHref(change, params)} onClick={onLinkClick}>
                  {change.changeId}
                </a>{' '}
                <span className="muted">{change.source}</span>
              </td>
              <td>{change.summary ?? ''}</td>
              <td>{change.actor?.id ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {changes.length > shown ? (
        <button
          type="button"
          onClick={() => {
            setShown(shown + LIST_PAGE);
          }}
        >
          Show {Math.min(LIST_PAGE, changes.length - shown)} more of {changes.length - shown}
        </button>
      ) : null}
      {alerts.length === 0 ? null : (
        <>
          <h3>Alerts</h3>
          <ul className="alert-list">
            {alerts.map((alert) => (
              <li key={alert.key}>
                <a href={href(`/alerts/${encodeURIComponent(alert.key)}`, params)} onClick={onLinkClick}>
                  {alert.name}
                </a>{' '}
                {alert.service ?? ''} {alert.status}, {formatInstant(alert.startsAt, zone)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function Timeline({ zone, params, live }: PageProps): ReactNode {
  const fixed = params.has('from') && params.has('to');
  const now = useNow(!fixed);
  const range = rangeOf(params, now);
  // A live range is asked for rounded to the minute, so the query key (and the cache) holds for a while.
  const from = new Date(Math.floor(range.from / MINUTE) * MINUTE).toISOString();
  const to = new Date(Math.ceil(range.to / MINUTE) * MINUTE).toISOString();
  const filters = useMemo(() => timelineQuery(params), [params]);
  const changes = useQuery({
    queryKey: ['changes', from, to, filters],
    queryFn: () =>
      allPages<Change>(
        (cursor) =>
          ok<Page<Change>>(
            api.GET('/v1/changes', {
              // activeFrom/activeTo: the changes active in the range, not only those started in it.
              params: {
                query: {
                  ...filters,
                  activeFrom: from,
                  activeTo: to,
                  limit: 500,
                  ...(cursor === undefined ? {} : { cursor }),
                },
              },
            }),
          ),
        MAX_CHANGES,
      ),
    placeholderData: (previous) => previous,
    // Without the stream, a range that follows "now" is asked again every 15 s.
    refetchInterval: range.live && live !== 'live' ? 15_000 : false,
  });
  const service = params.getAll('service');
  const alerts = useQuery({
    queryKey: ['alerts', from, to, service.join(','), params.get('environment') ?? ''],
    queryFn: () =>
      ok<Page<Alert>>(
        api.GET('/v1/alerts', {
          params: {
            query: {
              from: new Date(Date.parse(from) - DAY).toISOString(),
              to,
              limit: 500,
              ...(params.get('environment') === null ? {} : { environment: params.get('environment') ?? '' }),
            },
          },
        }),
      ),
    placeholderData: (previous) => previous,
  });
  const occurrences = useQuery({
    queryKey: ['occurrences', from, to],
    queryFn: () =>
      ok<Page<Occurrence>>(api.GET('/v1/freeze-windows/occurrences', { params: { query: { from, to } } })),
    placeholderData: (previous) => previous,
  });
  const visibleAlerts = useMemo(() => {
    const items = alerts.data?.items ?? [];
    return items.filter((alert) => {
      const at = Date.parse(alert.startsAt);
      const end = alert.endsAt === null ? Infinity : Date.parse(alert.endsAt);
      return (
        at <= range.to && end >= range.from && (service.length === 0 || service.includes(alert.service ?? ''))
      );
    });
  }, [alerts.data, range.from, range.to, service.join(',')]);
  const changeItems = changes.data?.items ?? [];
  const lanes = useMemo(() => toLanes(changeItems, visibleAlerts), [changeItems, visibleAlerts]);
  return (
    <main className="timeline">
      <h1>Timeline</h1>
      <RangeControls key={params.get('around') ?? ''} params={params} range={range} zone={zone} />
      {/* The URL is the state: when it changes (back, a pasted link), the form starts again from it. */}
      <FilterForm key={params.toString()} params={params} />
      {changes.isError ? (
        <p role="alert" className="error">
          {describeError(changes.error)}
        </p>
      ) : null}
      {alerts.isError ? (
        <p role="alert" className="error">
          Alerts: {describeError(alerts.error)}
        </p>
      ) : null}
      <p className="status" role="status" data-testid="timeline-status">
        {changes.isPending
          ? 'Loading changes…'
          : `${changeItems.length} changes, ${visibleAlerts.length} alerts, ${occurrences.data?.items.length ?? 0} freeze occurrences in range${changes.isFetching ? ' (updating…)' : ''}`}
        {changes.data?.capped === true
          ? ` — only the first ${MAX_CHANGES} are shown; narrow the filters.`
          : ''}
      </p>
      <div className="timeline-body">
        <Lanes
          lanes={lanes}
          occurrences={occurrences.data?.items ?? []}
          range={range}
          zone={zone}
          params={params}
          now={now}
        />
        <ChangeList changes={changeItems} alerts={visibleAlerts} zone={zone} params={params} />
      </div>
    </main>
  );
}
