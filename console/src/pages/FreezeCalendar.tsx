import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Checkbox } from '../controls';
import {
  ApiError,
  allPages,
  api,
  describeError,
  ok,
  type FreezeWindow,
  type Occurrence,
  type Page,
} from '../api';
import type { components } from '../../../clients/typescript/src/generated/api';
import type { PageProps } from '../App';
import { isAdmin } from '../session';
import { DAY, dayKey, formatClock, formatInstant, fromLocalInput, zoneName, type Zone } from '../time';
import { href, navigate, onLinkClick, withParams } from '../url';
import { KINDS } from './Timeline';

type View = 'week' | 'month';

/** The first day shown: the Monday of the week (or of the month's first week), midnight in the display zone. */
function startOf(view: View, anchor: number, zone: Zone): number {
  const d = new Date(anchor);
  const utc = zone.utc;
  if (view === 'month') {
    if (utc) d.setUTCDate(1);
    else d.setDate(1);
  }
  const weekday = ((utc ? d.getUTCDay() : d.getDay()) + 6) % 7;
  if (utc) {
    d.setUTCDate(d.getUTCDate() - weekday);
    d.setUTCHours(0, 0, 0, 0);
  } else {
    d.setDate(d.getDate() - weekday);
    d.setHours(0, 0, 0, 0);
  }
  return d.getTime();
}

/** Midnights of `count` consecutive days from `start` in the display zone (days of 23 or 25 hours included). */
function days(start: number, count: number, zone: Zone): number[] {
  const out: number[] = [];
  const d = new Date(start);
  for (let i = 0; i < count; i += 1) {
    out.push(d.getTime());
    if (zone.utc) d.setUTCDate(d.getUTCDate() + 1);
    else d.setDate(d.getDate() + 1);
  }
  return out;
}

function scheduleText(window: FreezeWindow, zone: Zone): string {
  const s = window.schedule;
  if (s.type === 'once') {
    return `once, ${formatInstant(s.start, zone)} – ${s.end === undefined ? 'until lifted' : formatInstant(s.end, zone)}`;
  }
  return `every "${s.cron}" for ${s.duration} in ${s.timeZone}`;
}

function Calendar({
  view,
  anchor,
  zone,
  params,
  windows,
}: {
  view: View;
  anchor: number;
  zone: Zone;
  params: URLSearchParams;
  windows: ReadonlyMap<string, FreezeWindow>;
}): ReactNode {
  const first = startOf(view, anchor, zone);
  const dayList = days(first, view === 'week' ? 8 : 43, zone);
  const shown = dayList.slice(0, -1);
  const from = new Date(first).toISOString();
  const to = new Date(dayList[dayList.length - 1] ?? first + 7 * DAY).toISOString();
  const occurrences = useQuery({
    queryKey: ['occurrences', from, to],
    queryFn: () =>
      allPages<Occurrence>(
        (cursor) =>
          ok<Page<Occurrence>>(
            api.GET('/v1/freeze-windows/occurrences', {
              params: { query: { from, to, ...(cursor === undefined ? {} : { cursor }) } },
            }),
          ),
        10_000,
      ),
  });
  const step = (sign: number): void => {
    const d = new Date(anchor);
    if (view === 'week') d.setTime(anchor + sign * 7 * DAY);
    else if (zone.utc) d.setUTCMonth(d.getUTCMonth() + sign);
    else d.setMonth(d.getMonth() + sign);
    navigate(`/freeze${withParams(params, { at: d.toISOString().slice(0, 10) })}`);
  };
  const items = occurrences.data?.items ?? [];
  const monthOf = new Date(anchor).getMonth();
  return (
    <section aria-labelledby="calendar-heading" className="calendar-section">
      <h2 id="calendar-heading">
        {view === 'week' ? 'Week of' : 'Month of'}{' '}
        {formatInstant(view === 'week' ? first : anchor, zone).slice(0, 11)} ({zoneName(zone)})
      </h2>
      <div role="group" aria-label="Calendar navigation" className="range-buttons">
        <button
          type="button"
          onClick={() => {
            step(-1);
          }}
        >
          ← Previous {view}
        </button>
        <button
          type="button"
          onClick={() => {
            navigate(`/freeze${withParams(params, { at: undefined })}`);
          }}
        >
          Today
        </button>
        <button
          type="button"
          onClick={() => {
            step(1);
          }}
        >
          Next {view} →
        </button>
        <button
          type="button"
          aria-pressed={view === 'week'}
          onClick={() => {
            navigate(`/freeze${withParams(params, { view: 'week' })}`);
          }}
        >
          Week
        </button>
        <button
          type="button"
          aria-pressed={view === 'month'}
          onClick={() => {
            navigate(`/freeze${withParams(params, { view: 'month' })}`);
          }}
        >
          Month
        </button>
      </div>
      {occurrences.isError ? (
        <p role="alert" className="error">
          {describeError(occurrences.error)}
        </p>
      ) : null}
      <ol className={`calendar calendar-${view}`} data-testid="calendar">
        {shown.map((dayStart, index) => {
          const dayEnd = dayList[index + 1] ?? dayStart + DAY;
          const inDay = items.filter((o) => {
            const start = Date.parse(o.start);
            const end = o.end === null ? Infinity : Date.parse(o.end);
            return start < dayEnd && end > dayStart;
          });
          const outside = view === 'month' && new Date(dayStart).getMonth() !== monthOf;
          return (
            <li key={dayStart} className={outside ? 'day outside' : 'day'} data-day={dayKey(dayStart, zone)}>
              <span className="day-label">{formatInstant(dayStart, zone).slice(0, 11)}</span>
              <ul>
                {inDay.map((o) => {
                  const start = Date.parse(o.start);
                  const end = o.end === null ? undefined : Date.parse(o.end);
                  const window = windows.get(o.windowId);
                  const ownZone =
                    window?.schedule.type === 'recurring' ? window.schedule.timeZone : undefined;
                  const from = start > dayStart ? formatClock(start, zone, false) : '00:00';
                  const until = end === undefined || end >= dayEnd ? '24:00' : formatClock(end, zone, false);
                  return (
                    <li
                      key={`${o.windowId}-${o.start}`}
                      className={`occurrence freeze-${o.kind}`}
                      data-window={o.windowId}
                      data-start={o.start}
                    >
                      <a
                        href={href(`/freeze${withParams(params, { window: o.windowId })}`)}
                        onClick={onLinkClick}
                      >
                        {o.name}
                      </a>{' '}
                      {from}–{until}
                      {ownZone === undefined ? null : (
                        <span className="own-zone">
                          {' '}
                          (starts {formatClock(start, zone, false, ownZone)} {ownZone})
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

interface HistoryEntry {
  readonly type: string;
  readonly recordedAt: string;
  readonly data?: { readonly by?: string; readonly why?: string; readonly [field: string]: unknown };
}

/** Field errors from a problem document, by JSON pointer ("/schedule/cron"). */
function fieldErrors(error: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (error instanceof ApiError) {
    for (const e of error.errors) {
      const previous = map.get(e.field);
      map.set(e.field, previous === undefined ? e.message : `${previous}; ${e.message}`);
    }
  }
  return map;
}

/** What a Field gives its control: its id, and its error's wiring when it has one. */
interface FieldControlProps {
  readonly id: string;
  readonly 'aria-invalid'?: true;
  readonly 'aria-describedby'?: string;
}

function Field({
  id,
  label,
  pointer,
  errors,
  children,
}: {
  id: string;
  label: string;
  pointer: string;
  errors: ReadonlyMap<string, string>;
  children: (props: FieldControlProps) => ReactNode;
}): ReactNode {
  const message = errors.get(pointer);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(message === undefined ? {} : { 'aria-invalid': true, 'aria-describedby': `${id}-error` }),
      })}
      {message === undefined ? null : (
        <span className="field-error" id={`${id}-error`} data-field={pointer}>
          {message}
        </span>
      )}
    </div>
  );
}

const list = (text: string): string[] | undefined => {
  const values = text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return values.length === 0 ? undefined : values;
};

interface DraftWindow {
  name: string;
  reason: string;
  kind: 'deny' | 'allow';
  type: 'once' | 'recurring';
  start: string;
  end: string;
  cron: string;
  duration: string;
  timeZone: string;
  services: string;
  environments: string;
  regions: string;
  teams: string;
  kinds: string;
  rollback: boolean;
  hotfix: boolean;
}

type WindowDefinition = components['schemas']['freeze-window-definition.v1'];

/** A Field's text input bound to a piece of state. */
function textInput(
  name: string,
  value: string,
  set: (value: string) => void,
  { required = false, type }: { required?: boolean; type?: string } = {},
) {
  return function render(a: FieldControlProps): ReactNode {
    return (
      <input
        {...a}
        type={type}
        name={name}
        required={required}
        value={value}
        onChange={(event) => {
          set(event.target.value);
        }}
      />
    );
  };
}

function definitionOf(draft: DraftWindow, zone: Zone): WindowDefinition {
  const scope: WindowDefinition['scope'] = {};
  for (const key of ['services', 'environments', 'regions', 'teams'] as const) {
    const values = list(draft[key]);
    if (values !== undefined) scope[key] = values;
  }
  // Sent as typed: the service checks each kind and names the field when one is not a kind.
  const kinds = list(draft.kinds) as WindowDefinition['scope']['kinds'];
  if (kinds !== undefined) scope.kinds = kinds;
  const exemptions: NonNullable<WindowDefinition['exemptions']> = [
    ...(draft.rollback ? (['rollback'] as const) : []),
    ...(draft.hotfix ? (['hotfix'] as const) : []),
  ];
  const start = fromLocalInput(draft.start, zone) ?? draft.start;
  const end = fromLocalInput(draft.end, zone);
  return {
    name: draft.name,
    reason: draft.reason,
    kind: draft.kind,
    schedule:
      draft.type === 'once'
        ? { type: 'once', start, ...(end === undefined ? {} : { end }) }
        : { type: 'recurring', cron: draft.cron, duration: draft.duration, timeZone: draft.timeZone },
    scope,
    ...(exemptions.length === 0 ? {} : { exemptions }),
  };
}

interface PreviewPart {
  readonly inScope: number;
  readonly deny: number;
  readonly warn: number;
  readonly truncated: boolean;
  readonly items: readonly {
    readonly source: string;
    readonly changeId: string;
    readonly service?: string | null;
    readonly decision: string;
    readonly startedAt?: string | null;
  }[];
}

interface Preview {
  readonly range: { readonly from: string; readonly to: string; readonly days: number };
  readonly occurrences: { readonly items: readonly { start: string; end: string | null }[] };
  readonly past: PreviewPart;
  readonly inFlight: PreviewPart;
}

function PreviewResult({ preview, zone, params }: { preview: Preview; zone: Zone; params: URLSearchParams }) {
  const part = (title: string, p: PreviewPart): ReactNode => (
    <>
      <h4>{title}</h4>
      <p>
        {p.inScope} in scope: {p.deny} denied, {p.warn} warned{p.truncated ? ' (list cut)' : ''}.
      </p>
      <ul>
        {p.items.slice(0, 50).map((item) => (
          <li key={`${item.source}/${item.changeId}`}>
            <a
              href={href(
                `/changes/${encodeURIComponent(item.source)}/${encodeURIComponent(item.changeId)}`,
                params,
              )}
              onClick={onLinkClick}
            >
              {item.changeId}
            </a>{' '}
            {item.service ?? ''} {item.decision}{' '}
            {item.startedAt === undefined ? '' : formatInstant(item.startedAt, zone)}
          </li>
        ))}
      </ul>
    </>
  );
  return (
    <section className="preview" aria-live="polite" data-testid="preview">
      <h3>
        Preview over {preview.range.days} days ({preview.occurrences.items.length} occurrences)
      </h3>
      {part('Would have denied', preview.past)}
      {part('Would catch now', preview.inFlight)}
    </section>
  );
}

const EMPTY_DRAFT: DraftWindow = {
  name: '',
  reason: '',
  kind: 'deny',
  type: 'recurring',
  start: '',
  end: '',
  cron: '0 18 * * 5',
  duration: 'PT60H',
  timeZone: 'Europe/Berlin',
  services: '',
  environments: 'production',
  regions: '',
  teams: '',
  kinds: '',
  rollback: true,
  hotfix: false,
};

function DeclareForm({ zone, params }: { zone: Zone; params: URLSearchParams }): ReactNode {
  const client = useQueryClient();
  const [draft, setDraft] = useState<DraftWindow>(EMPTY_DRAFT);
  const [days, setDays] = useState('30');
  const [declared, setDeclared] = useState<string | undefined>();
  const declare = useMutation({
    mutationFn: () => ok<FreezeWindow>(api.POST('/v1/freeze-windows', { body: definitionOf(draft, zone) })),
    onSuccess: (window) => {
      setDeclared(`Declared "${window.name}".`);
      void client.invalidateQueries({ queryKey: ['windows'] });
      void client.invalidateQueries({ queryKey: ['occurrences'] });
    },
  });
  const preview = useMutation({
    mutationFn: () =>
      ok<Preview>(
        api.POST('/v1/freeze-windows/preview', {
          params: { query: { days: Number(days) } },
          body: definitionOf(draft, zone),
        }),
      ),
  });
  const errors = fieldErrors(declare.error ?? preview.error);
  const input = (name: keyof DraftWindow, props: { type?: string } = {}) =>
    textInput(
      name,
      String(draft[name]),
      (value) => {
        setDraft({ ...draft, [name]: value });
      },
      props,
    );
  return (
    <section aria-labelledby="declare-heading" className="admin">
      <h2 id="declare-heading">Declare a window</h2>
      <form
        className="stacked"
        aria-labelledby="declare-heading"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setDeclared(undefined);
          preview.reset();
          declare.mutate();
        }}
      >
        <Field id="w-name" label="Name" pointer="/name" errors={errors}>
          {input('name')}
        </Field>
        <Field id="w-reason" label="Reason" pointer="/reason" errors={errors}>
          {input('reason')}
        </Field>
        <Field id="w-kind" label="Kind" pointer="/kind" errors={errors}>
          {(a) => (
            <select
              {...a}
              value={draft.kind}
              onChange={(event) => {
                setDraft({ ...draft, kind: event.target.value as 'deny' | 'allow' });
              }}
            >
              <option value="deny">deny (a freeze)</option>
              <option value="allow">allow (an exception inside freezes)</option>
            </select>
          )}
        </Field>
        <Field id="w-type" label="Schedule" pointer="/schedule/type" errors={errors}>
          {(a) => (
            <select
              {...a}
              value={draft.type}
              onChange={(event) => {
                setDraft({ ...draft, type: event.target.value as 'once' | 'recurring' });
              }}
            >
              <option value="recurring">recurring (cron in a time zone)</option>
              <option value="once">once</option>
            </select>
          )}
        </Field>
        {draft.type === 'once' ? (
          <>
            <Field id="w-start" label={`Start (${zoneName(zone)})`} pointer="/schedule/start" errors={errors}>
              {input('start', { type: 'datetime-local' })}
            </Field>
            <Field id="w-end" label="End (empty: until lifted)" pointer="/schedule/end" errors={errors}>
              {input('end', { type: 'datetime-local' })}
            </Field>
          </>
        ) : (
          <>
            <Field
              id="w-cron"
              label="Cron (minute hour day month weekday)"
              pointer="/schedule/cron"
              errors={errors}
            >
              {input('cron')}
            </Field>
            <Field
              id="w-duration"
              label="Duration (ISO 8601, e.g. PT60H)"
              pointer="/schedule/duration"
              errors={errors}
            >
              {input('duration')}
            </Field>
            <Field id="w-zone" label="Time zone (IANA)" pointer="/schedule/timeZone" errors={errors}>
              {input('timeZone')}
            </Field>
          </>
        )}
        <Field
          id="w-services"
          label="Services (comma-separated; empty: all)"
          pointer="/scope/services"
          errors={errors}
        >
          {input('services')}
        </Field>
        <Field id="w-environments" label="Environments" pointer="/scope/environments" errors={errors}>
          {input('environments')}
        </Field>
        <Field id="w-regions" label="Regions" pointer="/scope/regions" errors={errors}>
          {input('regions')}
        </Field>
        <Field id="w-teams" label="Teams" pointer="/scope/teams" errors={errors}>
          {input('teams')}
        </Field>
        <Field
          id="w-kinds"
          label={`Change kinds (${KINDS.join(', ')})`}
          pointer="/scope/kinds"
          errors={errors}
        >
          {input('kinds')}
        </Field>
        <fieldset>
          <legend>Exempt</legend>
          <Checkbox
            label="rollbacks"
            checked={draft.rollback}
            onChange={(rollback) => {
              setDraft({ ...draft, rollback });
            }}
          />
          <Checkbox
            label="hotfixes"
            checked={draft.hotfix}
            onChange={(hotfix) => {
              setDraft({ ...draft, hotfix });
            }}
          />
        </fieldset>
        <div className="buttons">
          <button type="submit" disabled={declare.isPending}>
            Declare
          </button>
          <span className="control">
            <label htmlFor="w-days">Preview over days</label>
            <input
              id="w-days"
              name="days"
              type="number"
              min={1}
              max={366}
              value={days}
              onChange={(event) => {
                setDays(event.target.value);
              }}
            />
          </span>
          <button
            type="button"
            disabled={preview.isPending}
            onClick={() => {
              declare.reset();
              preview.mutate();
            }}
          >
            Preview
          </button>
        </div>
        {declare.isError || preview.isError ? (
          <p role="alert" className="error">
            {describeError(declare.error ?? preview.error)}
          </p>
        ) : null}
        {declared === undefined ? null : <p role="status">{declared}</p>}
      </form>
      {preview.data === undefined ? null : (
        <PreviewResult preview={preview.data} zone={zone} params={params} />
      )}
    </section>
  );
}

function FreezeNow(): ReactNode {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [environments, setEnvironments] = useState('production');
  const [done, setDone] = useState<string | undefined>();
  const freeze = useMutation({
    mutationFn: () => {
      const scopeEnvironments = list(environments);
      return ok<FreezeWindow>(
        api.POST('/v1/freeze-windows', {
          body: {
            name: 'Freeze now',
            reason,
            kind: 'deny',
            // A once-window without an end lasts until it is lifted.
            schedule: { type: 'once', start: new Date().toISOString() },
            scope: scopeEnvironments === undefined ? {} : { environments: scopeEnvironments },
            exemptions: ['rollback'],
          },
        }),
      );
    },
    onSuccess: () => {
      setDone('Frozen until lifted.');
      setReason('');
      void client.invalidateQueries({ queryKey: ['windows'] });
      void client.invalidateQueries({ queryKey: ['occurrences'] });
    },
  });
  const errors = fieldErrors(freeze.error);
  return (
    <section aria-labelledby="freeze-now-heading" className="admin">
      <h2 id="freeze-now-heading">Freeze now</h2>
      <form
        className="stacked"
        aria-labelledby="freeze-now-heading"
        onSubmit={(event) => {
          event.preventDefault();
          setDone(undefined);
          freeze.mutate();
        }}
      >
        <Field id="fn-reason" label="Reason (required)" pointer="/reason" errors={errors}>
          {textInput('reason', reason, setReason, { required: true })}
        </Field>
        <Field
          id="fn-environments"
          label="Environments (empty: all)"
          pointer="/scope/environments"
          errors={errors}
        >
          {textInput('environments', environments, setEnvironments)}
        </Field>
        <button type="submit" className="danger" disabled={freeze.isPending || reason.trim() === ''}>
          Freeze now
        </button>
        {freeze.isError ? (
          <p role="alert" className="error">
            {describeError(freeze.error)}
          </p>
        ) : null}
        {done === undefined ? null : <p role="status">{done}</p>}
      </form>
    </section>
  );
}

function WindowActions({ window }: { window: FreezeWindow }): ReactNode {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [name, setName] = useState(window.name);
  const [done, setDone] = useState<string | undefined>();
  const refresh = (message: string): void => {
    setDone(message);
    void client.invalidateQueries({ queryKey: ['windows'] });
    void client.invalidateQueries({ queryKey: ['window'] });
    void client.invalidateQueries({ queryKey: ['occurrences'] });
  };
  const id = window.id;
  const lift = useMutation({
    mutationFn: () =>
      ok(api.POST('/v1/freeze-windows/{id}/lift', { params: { path: { id } }, body: { reason } })),
    onSuccess: () => {
      refresh('Lifted.');
    },
  });
  const cancel = useMutation({
    mutationFn: () =>
      ok(api.DELETE('/v1/freeze-windows/{id}', { params: { path: { id }, query: { reason } } })),
    onSuccess: () => {
      refresh('Cancelled.');
    },
  });
  const amend = useMutation({
    mutationFn: () =>
      ok(
        api.PATCH('/v1/freeze-windows/{id}', {
          params: { path: { id } },
          body: { name, changeReason: reason },
        }),
      ),
    onSuccess: () => {
      refresh('Amended.');
    },
  });
  const failed = lift.error ?? cancel.error ?? amend.error;
  const busy = lift.isPending || cancel.isPending || amend.isPending;
  const errors = fieldErrors(failed);
  return (
    <form
      className="stacked admin"
      aria-label={`Change window ${window.name}`}
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <Field id="wa-reason" label="Reason (required for every action)" pointer="/reason" errors={errors}>
        {textInput('reason', reason, setReason, { required: true })}
      </Field>
      <Field id="wa-name" label="Name" pointer="/name" errors={errors}>
        {textInput('name', name, setName)}
      </Field>
      <div className="buttons">
        {[
          { label: 'Amend name', action: amend },
          { label: 'Lift now', action: lift },
          { label: 'Cancel window', action: cancel, className: 'danger' },
        ].map(({ label, action, className }) => (
          <button
            key={label}
            type="button"
            className={className}
            disabled={busy || reason.trim() === ''}
            onClick={() => {
              action.mutate();
            }}
          >
            {label}
          </button>
        ))}
      </div>
      {failed === null ? null : (
        <p role="alert" className="error">
          {describeError(failed)}
        </p>
      )}
      {done === undefined ? null : <p role="status">{done}</p>}
    </form>
  );
}

function WindowDetail({ id, zone, admin }: { id: string; zone: Zone; admin: boolean }): ReactNode {
  const detail = useQuery({
    queryKey: ['window', id],
    queryFn: () =>
      ok<{ window: FreezeWindow; history: readonly HistoryEntry[] }>(
        api.GET('/v1/freeze-windows/{id}', { params: { path: { id } } }),
      ),
  });
  if (detail.isPending) return <p>Loading…</p>;
  if (detail.isError) return <p role="alert">{describeError(detail.error)}</p>;
  const { window, history } = detail.data;
  return (
    <section aria-labelledby="window-heading" className="window-detail" data-testid="window-detail">
      <h2 id="window-heading">
        {window.name} {window.cancelled ? '(cancelled)' : ''}
      </h2>
      <dl className="facts">
        <dt>Kind</dt>
        <dd>{window.kind}</dd>
        <dt>Reason</dt>
        <dd>{window.reason}</dd>
        <dt>Schedule</dt>
        <dd>{scheduleText(window, zone)}</dd>
        <dt>Scope</dt>
        <dd>
          {Object.entries(window.scope)
            .map(([k, v]) => `${k}: ${v.join(', ')}`)
            .join('; ') || 'everything'}
        </dd>
        <dt>Exemptions</dt>
        <dd>{window.exemptions?.join(', ') ?? 'none'}</dd>
      </dl>
      <h3>History</h3>
      <ol className="history" data-testid="window-history">
        {history.map((entry) => (
          <li key={`${entry.type}-${entry.recordedAt}`}>
            {formatInstant(entry.recordedAt, zone)}: {entry.type.replace(/^FreezeWindow/, '').toLowerCase()}{' '}
            by {entry.data?.by ?? '—'}
            {entry.data?.why === undefined ? '' : `: ${entry.data.why}`}
          </li>
        ))}
      </ol>
      {admin && !window.cancelled ? <WindowActions key={window.id} window={window} /> : null}
    </section>
  );
}

interface Violation {
  readonly source: string;
  readonly changeId: string;
  readonly decision?: string;
  readonly service?: string | null;
  readonly startedAt?: string;
  readonly checkedAt?: string;
  readonly reason?: string;
}

function Violations({ zone, params }: { zone: Zone; params: URLSearchParams }): ReactNode {
  const violations = useQuery({
    queryKey: ['violations'],
    queryFn: () =>
      ok<Page<Violation>>(api.GET('/v1/freeze/violations', { params: { query: { limit: 50 } } })),
  });
  return (
    <section aria-labelledby="violations-heading">
      <h2 id="violations-heading">Violations</h2>
      {violations.isError ? <p role="alert">{describeError(violations.error)}</p> : null}
      <ul data-testid="violations">
        {(violations.data?.items ?? []).map((v) => (
          <li key={`${v.source}/${v.changeId}`}>
            <a
              href={href(
                `/changes/${encodeURIComponent(v.source)}/${encodeURIComponent(v.changeId)}`,
                params,
              )}
              onClick={onLinkClick}
            >
              {v.changeId}
            </a>{' '}
            {v.service ?? ''} {v.decision ?? ''} {formatInstant(v.startedAt ?? v.checkedAt, zone)}{' '}
            {v.reason ?? ''}
          </li>
        ))}
      </ul>
      {violations.data?.items.length === 0 ? <p>No violations.</p> : null}
    </section>
  );
}

export function FreezeCalendar({ session, zone, params }: PageProps): ReactNode {
  const admin = isAdmin(session);
  const view: View = params.get('view') === 'month' ? 'month' : 'week';
  const at = Date.parse(params.get('at') ?? '');
  const [today] = useState(() => Date.now());
  const anchor = Number.isNaN(at) ? today : at;
  const selected = params.get('window');
  const windows = useQuery({
    queryKey: ['windows'],
    queryFn: () =>
      ok<Page<FreezeWindow>>(
        api.GET('/v1/freeze-windows', { params: { query: { includeCancelled: 'true' } } }),
      ),
  });
  const byId = new Map((windows.data?.items ?? []).map((w) => [w.id, w]));
  return (
    <main className="freeze">
      <h1>Freeze calendar</h1>
      {windows.isError ? (
        <p role="alert" className="error">
          {describeError(windows.error)}
        </p>
      ) : null}
      <Calendar view={view} anchor={anchor} zone={zone} params={params} windows={byId} />
      <div className="freeze-columns">
        <section aria-labelledby="windows-heading">
          <h2 id="windows-heading">Windows</h2>
          <table data-testid="windows">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Schedule</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {(windows.data?.items ?? []).map((w) => (
                <tr key={w.id} data-window={w.id}>
                  <td>
                    <a href={href(`/freeze${withParams(params, { window: w.id })}`)} onClick={onLinkClick}>
                      {w.name}
                    </a>
                  </td>
                  <td>{w.kind}</td>
                  <td>{scheduleText(w, zone)}</td>
                  <td>{w.cancelled ? 'cancelled' : 'active'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {selected === null ? null : <WindowDetail key={selected} id={selected} zone={zone} admin={admin} />}
        </section>
        {admin ? (
          <div className="admin-column">
            <FreezeNow />
            <DeclareForm zone={zone} params={params} />
          </div>
        ) : null}
      </div>
      <Violations zone={zone} params={params} />
    </main>
  );
}
