/**
 * Property tests of schedule expansion against a slow reference.
 *
 * The reference knows nothing of Croner or of the schedule code's look-ups. It reads the local clock with
 * Temporal's plainest conversion (instant → local fields) minute by minute, and matches cron fields with
 * its own small matcher. It implements the documented rule directly:
 *
 *   an occurrence fired at local wall time T covers an instant i when the local clock has reached T by i
 *   but has not yet reached T + duration, i.e. T ≤ H(i) < T + duration, where H(i) is the highest reading
 *   the local clock has shown up to i (the reading itself, except in the repeated hour after a fall-back).
 *
 * H is found by walking the clock back minute by minute; the fire T by walking the local wall clock back
 * minute by minute from H(i) over the duration. Offsets and transitions of the zones and years used here
 * are whole minutes, which is what makes minute steps exact.
 */
import { Temporal } from '@js-temporal/polyfill';
import fc from 'fast-check';
import {
  evaluate,
  type ChangeToEvaluate,
  type OverrideAuthority,
} from '../../../src/freeze/domain/evaluator';
import { parseCron, type Exemption, type FreezeWindow } from '../../../src/freeze/domain/freeze-window';
import {
  activeOccurrenceAt,
  activeUntil,
  nextOccurrenceAfter,
  occurrencesBetween,
  type Occurrence,
} from '../../../src/freeze/domain/schedule';
import { freezeWindow, instant, recurring, span } from './support/windows';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** DST zones on both hemispheres, midnight transitions, half- and quarter-hour offsets, 30-minute DST. */
const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'America/Sao_Paulo',
  'America/Santiago',
  'Europe/Berlin',
  'Europe/London',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'UTC',
] as const;

// ---------------------------------------------------------------------------------------------------
// The reference

/** The local wall-clock reading at an instant, as ms since 1970-01-01T00:00 of that clock. */
function localReading(ms: number, zone: string): number {
  const p = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDateTime();
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond);
}

/**
 * The highest reading the clock has shown up to `ms`. Overlaps in these zones and years last at most an
 * hour, so the last 61 minutes (one sample per minute, back to just before the clock was set back) suffice.
 */
function highWater(ms: number, zone: string): number {
  let highest = Number.NEGATIVE_INFINITY;
  for (let k = 0; k <= 61; k++) highest = Math.max(highest, localReading(ms - k * MINUTE, zone));
  return highest;
}

type FieldSet = ReadonlySet<number>;

function parseField(field: string, min: number, max: number): { values: FieldSet; star: boolean } {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const [range = '', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let [from, to] = [min, max];
    if (range !== '*') {
      const [a = '', b] = range.split('-');
      from = Number(a);
      to = b === undefined ? from : Number(b);
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { values, star: field.startsWith('*') };
}

/** A cron matcher of its own for the generator's syntax (Vixie: day-of-month OR day-of-week when both are set). */
function cronMatcher(cron: string): (wall: number) => boolean {
  const [mi = '', h = '', dom = '', mon = '', dow = ''] = cron.split(' ');
  const minute = parseField(mi, 0, 59).values;
  const hour = parseField(h, 0, 23).values;
  const day = parseField(dom, 1, 31);
  const month = parseField(mon, 1, 12).values;
  const weekday = parseField(dow, 0, 6);
  return (wall) => {
    const d = new Date(wall);
    if (!minute.has(d.getUTCMinutes()) || !hour.has(d.getUTCHours()) || !month.has(d.getUTCMonth() + 1)) {
      return false;
    }
    const domOk = day.values.has(d.getUTCDate());
    const dowOk = weekday.values.has(d.getUTCDay());
    return !day.star && !weekday.star ? domOk || dowOk : domOk && dowOk;
  };
}

interface Case {
  readonly zone: string;
  readonly cron: string;
  readonly durationMinutes: number;
  readonly validFrom?: number;
  readonly validUntil?: number;
  readonly liftedAt?: number;
}

/** The fire time T of the occurrence covering `at` that started last, per the reference rule. */
function referenceFire(c: Case, at: number): number | undefined {
  if (c.liftedAt !== undefined && at >= c.liftedAt) return undefined;
  const matches = cronMatcher(c.cron);
  const reached = highWater(at, c.zone);
  // Starts must lie in [validFrom, validUntil): T > H(validFrom - 1) and T ≤ H(validUntil - 1).
  let upper = reached;
  if (c.validUntil !== undefined) upper = Math.min(upper, highWater(c.validUntil - 1, c.zone));
  let lower = reached - c.durationMinutes * MINUTE;
  if (c.validFrom !== undefined) lower = Math.max(lower, highWater(c.validFrom - 1, c.zone));
  for (let t = Math.floor(upper / MINUTE) * MINUTE; t > lower; t -= MINUTE) {
    if (matches(t)) return t;
  }
  return undefined;
}

/** Whether `ms` is the first instant at which the clock has reached `wall`. */
function firstReaching(ms: number, wall: number, zone: string): boolean {
  return highWater(ms, zone) >= wall && highWater(ms - 1, zone) < wall;
}

// ---------------------------------------------------------------------------------------------------
// Generators

const field = (min: number, max: number, steps: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant('*') },
    { weight: 3, arbitrary: fc.integer({ min, max }).map(String) },
    {
      weight: 2,
      arbitrary: fc
        .uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 3 })
        .map((vs) => vs.sort((a, b) => a - b).join(',')),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
        .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    },
    { weight: steps ? 2 : 0, arbitrary: fc.integer({ min: 2, max: 30 }).map((k) => `*/${k}`) },
  );

const cronArb: fc.Arbitrary<string> = fc
  .tuple(
    field(0, 59, true),
    field(0, 23, true),
    fc.oneof({ weight: 4, arbitrary: fc.constant('*') }, { weight: 2, arbitrary: field(1, 31, false) }),
    fc.oneof({ weight: 6, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: field(1, 12, false) }),
    fc.oneof({ weight: 4, arbitrary: fc.constant('*') }, { weight: 2, arbitrary: field(0, 6, false) }),
  )
  .map((fields) => fields.join(' '))
  .filter((cron) => !('error' in parseCron(cron)));

function isoDuration(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const time = `${h > 0 ? `${h}H` : ''}${m > 0 ? `${m}M` : ''}`;
  return `P${d > 0 ? `${d}D` : ''}${time === '' ? '' : `T${time}`}`;
}

/** A daylight-saving transition of the zone near the given year (or the start of the year if none). */
function transitionNear(zone: string, year: number, which: number): number {
  let z = Temporal.ZonedDateTime.from({ timeZone: zone, year, month: 1, day: 1 });
  for (let i = 0; i <= which; i++) {
    const next = z.getTimeZoneTransition('next');
    if (next === null || next.year > year) break;
    z = next;
  }
  return z.epochMilliseconds;
}

/** Instants: uniform over 1995–2035, or within three days of a DST transition, often on a minute edge. */
const instantArb = (zone: string): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2035, 11, 31) }),
    fc
      .tuple(
        fc.integer({ min: 1995, max: 2035 }),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: -3 * 1440, max: 3 * 1440 }),
        fc.constantFrom(0, 0, -1, 1, 30_000),
      )
      .map(([year, which, minutes, jitter]) => transitionNear(zone, year, which) + minutes * MINUTE + jitter),
  );

const caseArb: fc.Arbitrary<{ c: Case; at: number }> = fc.constantFrom(...ZONES).chain((zone) =>
  fc
    .record({
      cron: cronArb,
      durationMinutes: fc.oneof(fc.integer({ min: 1, max: 180 }), fc.integer({ min: 1, max: 3 * 1440 })),
      at: instantArb(zone),
      validFrom: fc.option(fc.integer({ min: -4 * 1440, max: 1440 }), { freq: 5 }),
      validUntil: fc.option(fc.integer({ min: -1440, max: 4 * 1440 }), { freq: 5 }),
      liftedAt: fc.option(fc.integer({ min: -2 * 1440, max: 2 * 1440 }), { freq: 5 }),
    })
    .map(({ at, validFrom, validUntil, liftedAt, ...rest }) => {
      const c: Case = {
        zone,
        ...rest,
        ...(validFrom === null ? {} : { validFrom: at + validFrom * MINUTE }),
        ...(validUntil === null || (validFrom !== null && validUntil <= validFrom)
          ? {}
          : { validUntil: at + validUntil * MINUTE }),
        ...(liftedAt === null ? {} : { liftedAt: at + liftedAt * MINUTE }),
      };
      return { c, at };
    }),
);

function windowOf(
  c: Case,
  extra: Partial<Parameters<typeof freezeWindow>[0]> = {},
  cancelled = false,
): FreezeWindow {
  const iso = (ms: number | undefined) => (ms === undefined ? {} : { v: new Date(ms).toISOString() });
  const validFrom = iso(c.validFrom).v;
  const validUntil = iso(c.validUntil).v;
  return freezeWindow(
    {
      ...extra,
      schedule: recurring(c.cron, isoDuration(c.durationMinutes), c.zone, {
        ...(validFrom === undefined ? {} : { validFrom }),
        ...(validUntil === undefined ? {} : { validUntil }),
      }),
    },
    { cancelled, ...(c.liftedAt === undefined ? {} : { liftedAt: new Date(c.liftedAt) }) },
  );
}

const describeCase = (c: Case, at: number) =>
  JSON.stringify({
    ...c,
    at: new Date(at).toISOString(),
    validFrom: c.validFrom && new Date(c.validFrom).toISOString(),
    validUntil: c.validUntil && new Date(c.validUntil).toISOString(),
    liftedAt: c.liftedAt && new Date(c.liftedAt).toISOString(),
  });

describe('schedule expansion agrees with a minute-by-minute reference', () => {
  it('isoDuration writes the durations the generator uses', () => {
    expect([1, 60, 61, 1440, 1441, 4320].map(isoDuration)).toEqual([
      'PT1M',
      'PT1H',
      'PT1H1M',
      'P1D',
      'P1DT1M',
      'P3D',
    ]);
  });

  it('the reference matcher reads cron fields like Vixie cron', () => {
    const wall = Date.UTC(2024, 10, 29, 18, 0); // a Friday, the 29th
    expect(cronMatcher('0 18 * * 5')(wall)).toBe(true);
    expect(cronMatcher('0 18 * * 4')(wall)).toBe(false);
    expect(cronMatcher('0 18 1 * 5')(wall)).toBe(true); // dom OR dow when both are set
    expect(cronMatcher('0 18 1 * *')(wall)).toBe(false);
    expect(cronMatcher('*/20 10-20 * 11 *')(wall)).toBe(true);
    expect(cronMatcher('*/7 * * * *')(wall + 7 * MINUTE)).toBe(true);
    expect(cronMatcher('*/7 * * * *')(wall + 8 * MINUTE)).toBe(false);
  });

  it('activeOccurrenceAt: same answer, same start, same end', () => {
    fc.assert(
      fc.property(caseArb, ({ c, at }) => {
        const label = describeCase(c, at);
        const fire = referenceFire(c, at);
        const occurrence = activeOccurrenceAt(windowOf(c), new Date(at));
        expect({ label, active: occurrence !== undefined }).toEqual({ label, active: fire !== undefined });
        if (fire === undefined || occurrence === undefined) return;
        const start = occurrence.start.getTime();
        const end = occurrence.end?.getTime() ?? Number.NaN;
        expect({ label, startOk: firstReaching(start, fire, c.zone) }).toEqual({ label, startOk: true });
        const naturalEnd = fire + c.durationMinutes * MINUTE;
        const endOk =
          c.liftedAt !== undefined && end === c.liftedAt
            ? highWater(c.liftedAt - 1, c.zone) < naturalEnd
            : firstReaching(end, naturalEnd, c.zone);
        expect({ label, endOk, covers: start <= at && at < end }).toEqual({
          label,
          endOk: true,
          covers: true,
        });
      }),
      { numRuns: 250 },
    );
  });

  it('occurrencesBetween, activeOccurrenceAt and nextOccurrenceAfter tell one story', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.integer({ min: 1, max: 1440 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (x, spanMinutes, picks) => {
          const { c, at: from } = x;
          const to = from + spanMinutes * MINUTE;
          const window = windowOf(c);
          const label = describeCase(c, from);
          const list = occurrencesBetween(window, new Date(from), new Date(to));
          const ms = (o: Occurrence) =>
            [o.start.getTime(), o.end?.getTime() ?? Number.POSITIVE_INFINITY] as const;
          list.forEach((o, i) => {
            const [s, e] = ms(o);
            expect({ label, ok: s < e && s < to && e > from }).toEqual({ label, ok: true });
            const previous = list[i - 1];
            if (previous !== undefined) expect(ms(previous)[0]).toBeLessThanOrEqual(s);
          });
          const probes = new Set<number>([from, to - 1]);
          // The edges of the first and last few occurrences (a minutely window has hundreds a day).
          for (const o of [...list.slice(0, 3), ...list.slice(-3)]) {
            const [s, e] = ms(o);
            for (const t of [s - 1, s, e - 1, e]) if (t >= from && t < to) probes.add(t);
          }
          for (const p of picks) probes.add(from + (p % (to - from)));
          for (const t of probes) {
            const covering = list.filter((o) => ms(o)[0] <= t && t < ms(o)[1]);
            const latest = covering[covering.length - 1];
            const active = activeOccurrenceAt(window, new Date(t));
            expect({ label, t: new Date(t).toISOString(), active: span(active) }).toEqual({
              label,
              t: new Date(t).toISOString(),
              active: span(latest),
            });
          }
          // activeUntil: covered up to the end of the run, not at it (when the run ends inside the range).
          const until = activeUntil(window, new Date(from), new Date(to));
          expect({ label, untilDefined: until !== undefined }).toEqual({
            label,
            untilDefined: activeOccurrenceAt(window, new Date(from)) !== undefined,
          });
          if (until !== undefined && until !== null && until.getTime() <= to) {
            const u = until.getTime();
            expect({ label, atEnd: span(activeOccurrenceAt(window, until)) }).toEqual({
              label,
              atEnd: 'none',
            });
            for (const t of [u - 1, from + Math.floor((u - from) / 2)]) {
              expect({ label, t, covered: activeOccurrenceAt(window, new Date(t)) !== undefined }).toEqual({
                label,
                t,
                covered: true,
              });
            }
            // Nothing in the list covers the end of the run.
            expect(list.some((o) => ms(o)[0] <= u && u < ms(o)[1])).toBe(false);
          }
          const next = nextOccurrenceAfter(window, new Date(from));
          const expected = list.find((o) => o.start.getTime() > from);
          if (expected !== undefined)
            expect({ label, next: span(next) }).toEqual({ label, next: span(expected) });
          else if (next !== undefined) expect(next.start.getTime()).toBeGreaterThanOrEqual(to);
        },
      ),
      { numRuns: 60 },
    );
  });

  /** activeUntil promises only "some instant after the horizon" for a run that goes on past it. */
  const untilText = (until: Date | null | undefined, horizon: Date) =>
    until === undefined
      ? 'none'
      : until === null
        ? 'open'
        : until > horizon
          ? 'past the horizon'
          : until.toISOString();

  it('remembered answers equal fresh ones, whatever order instants are asked in', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.array(fc.integer({ min: -3 * 1440, max: 3 * 1440 }), { minLength: 2, maxLength: 8 }),
        (x, offsets) => {
          const { c, at } = x;
          const window = windowOf(c); // asked repeatedly: its answers come from the memo where they can
          const label = describeCase(c, at);
          for (const offset of offsets) {
            const t = new Date(at + offset * MINUTE + (offset % 7));
            const horizon = new Date(t.getTime() + 2 * 1440 * MINUTE);
            // A copy of the schedule object has a cold cache.
            const fresh = () => ({ ...window, schedule: { ...window.schedule } });
            const answers = (w: FreezeWindow) => ({
              active: span(activeOccurrenceAt(w, t)),
              until: untilText(activeUntil(w, t, horizon), horizon),
              next: span(nextOccurrenceAfter(w, t)),
            });
            // Compare each answer with a fresh window asked only that question.
            expect({ label, t, ...answers(window) }).toEqual({
              label,
              t,
              active: span(activeOccurrenceAt(fresh(), t)),
              until: untilText(activeUntil(fresh(), t, horizon), horizon),
              next: span(nextOccurrenceAfter(fresh(), t)),
            });
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('keeps to the look-back it promises: far-past and far-future instants cost the same', () => {
    const window = freezeWindow({ schedule: recurring('0 18 * * 5', 'PT56H', 'Europe/Berlin') });
    // Best of five rounds (other work on the machine only ever adds time), each over new instants and a
    // copy of the schedule, so nothing is remembered between the questions.
    const time = (base: string) => {
      let best = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 5; round++) {
        const t0 = performance.now();
        for (let i = 0; i < 40; i++) {
          const at = new Date(instant(base).getTime() + (round * 1000 + i) * HOUR);
          activeOccurrenceAt({ ...window, schedule: { ...window.schedule } }, at);
        }
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    time('2024-01-01T00:00:00Z'); // warm up
    const near = time('1971-01-01T00:00:00Z');
    const far = time('2400-01-01T00:00:00Z');
    // Walking from the epoch would make 2400 hundreds of times dearer than 1971.
    expect(far).toBeLessThan(near * 10 + 20);
    // 2400-12-01 is a Friday.
    expect(activeOccurrenceAt(window, new Date('2400-12-01T12:00:00Z'))).toBeUndefined();
    expect(span(activeOccurrenceAt(window, new Date('2400-12-02T12:00:00Z')))).toBe(
      '2400-12-01T17:00:00.000Z..2400-12-04T01:00:00.000Z',
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// The evaluator against the reference: the freeze decision rules applied to the reference's activity.

const SERVICE_PATTERNS = ['payments-*', 'checkout', '*', 'pay?ents-api'] as const;

/** Glob reference for the patterns above: `*` any run, `?` one character. */
function globMatches(pattern: string, value: string): boolean {
  if (pattern === '') return value === '';
  const [head = '', ...rest] = pattern;
  const tail = rest.join('');
  if (head === '*') return [...Array(value.length + 1).keys()].some((i) => globMatches(tail, value.slice(i)));
  if (value === '') return false;
  return (head === '?' || head === value[0]) && globMatches(tail, value.slice(1));
}

interface WindowCase {
  readonly c: Case;
  readonly kind: 'deny' | 'allow';
  readonly services: readonly string[];
  readonly environments: readonly string[];
  readonly exemptions: readonly Exemption[];
  readonly roles: readonly string[];
  readonly justificationRequired: boolean;
  readonly cancelled: boolean;
}

const windowCaseArb = (at: number): fc.Arbitrary<WindowCase> =>
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      cron: cronArb,
      durationMinutes: fc.integer({ min: 1, max: 3 * 1440 }),
      lifted: fc.option(fc.integer({ min: -2 * 1440, max: 2 * 1440 }), { freq: 6 }),
      kind: fc.constantFrom('deny' as const, 'allow' as const),
      services: fc.subarray([...SERVICE_PATTERNS]),
      environments: fc.subarray(['prod', 'staging']),
      exemptions: fc.subarray(['rollback', 'hotfix'] as Exemption[]),
      roles: fc.subarray(['sre', 'incident-commander']),
      justificationRequired: fc.boolean(),
      cancelled: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
    })
    .map(({ zone, cron, durationMinutes, lifted, ...rest }) => ({
      c: { zone, cron, durationMinutes, ...(lifted === null ? {} : { liftedAt: at + lifted * MINUTE }) },
      ...rest,
    }));

const changeArb: fc.Arbitrary<ChangeToEvaluate> = fc.record({
  service: fc.constantFrom('payments-api', 'checkout', 'search'),
  environment: fc.constantFrom('prod', 'staging'),
  region: fc.constant('eu-west-1'),
  kind: fc.constant('deploy'),
  isRollback: fc.boolean(),
  isHotfix: fc.boolean(),
  override: fc.option(
    fc.record({
      by: fc.constant('alice'),
      role: fc.constantFrom('sre', 'developer'),
      justification: fc.constantFrom('', ' ', 'SEV1'),
      // Verified by the caller (a key holding the role, or a grant), refused, or not verified at all.
      authority: fc.constantFrom<OverrideAuthority | undefined>(
        { authorised: true, grantedBy: 'alice', usedBy: 'alice' },
        { authorised: false, why: 'only named' },
        undefined,
      ),
    }),
    { nil: undefined },
  ),
});

function referenceDecision(cases: readonly WindowCase[], change: ChangeToEvaluate, at: number) {
  const applicable = cases.filter(
    (w) =>
      !w.cancelled &&
      (w.services.length === 0 || w.services.some((p) => globMatches(p, change.service))) &&
      (w.environments.length === 0 || w.environments.includes(change.environment)),
  );
  const passes = (w: WindowCase) =>
    (change.isRollback === true && w.exemptions.includes('rollback')) ||
    (change.isHotfix === true && w.exemptions.includes('hotfix')) ||
    (change.override !== undefined &&
      change.override.authority?.authorised === true &&
      w.roles.includes(change.override.role) &&
      (!w.justificationRequired || (change.override.justification ?? '').trim() !== ''));
  const active = applicable.filter((w) => referenceFire(w.c, at) !== undefined);
  const activeDeny = active.filter((w) => w.kind === 'deny');
  if (activeDeny.length > 0)
    return { decision: activeDeny.every(passes) ? 'warn' : 'deny', windows: activeDeny };
  const allow = applicable.filter((w) => w.kind === 'allow');
  const activeAllow = active.filter((w) => w.kind === 'allow');
  if (allow.length === 0) return { decision: 'allow', windows: [] };
  if (activeAllow.length > 0) return { decision: 'allow', windows: activeAllow };
  return { decision: allow.every(passes) ? 'warn' : 'deny', windows: allow };
}

describe('the evaluator agrees with the reference', () => {
  it('globMatches (the reference glob) reads * and ?', () => {
    expect(globMatches('payments-*', 'payments-api')).toBe(true);
    expect(globMatches('pay?ents-api', 'payments-api')).toBe(true);
    expect(globMatches('pay?ents-api', 'paments-api')).toBe(false);
    expect(globMatches('checkout', 'checkout-v2')).toBe(false);
  });

  it('decision and windows, over random windows, changes and instants', () => {
    const arb = fc.constantFrom(...ZONES).chain((zone) =>
      instantArb(zone).chain((at) =>
        fc.record({
          at: fc.constant(at),
          cases: fc.array(windowCaseArb(at), { minLength: 1, maxLength: 3 }),
          change: changeArb,
        }),
      ),
    );
    fc.assert(
      fc.property(arb, ({ at, cases, change }) => {
        const windows = cases.map((w, i) =>
          windowOf(
            w.c,
            {
              name: `w${i}`,
              kind: w.kind,
              scope: {
                ...(w.services.length > 0 ? { services: w.services } : {}),
                ...(w.environments.length > 0 ? { environments: w.environments } : {}),
              },
              exemptions: w.exemptions,
              ...(w.roles.length > 0
                ? { breakGlass: { roles: w.roles, justificationRequired: w.justificationRequired } }
                : {}),
            },
            w.cancelled,
          ),
        );
        const result = evaluate(windows, change, new Date(at));
        const expected = referenceDecision(cases, change, at);
        const label = JSON.stringify({ at: new Date(at).toISOString(), cases, change });
        expect({
          label,
          decision: result.decision,
          windows: result.windows.map((w) => w.name).sort(),
        }).toEqual({
          label,
          decision: expected.decision,
          windows: expected.windows.map((w) => `w${cases.indexOf(w)}`).sort(),
        });
        if (result.allowedAfter !== undefined) {
          expect(result.allowedAfter.getTime()).toBeGreaterThan(at);
          expect(evaluate(windows, change, result.allowedAfter).decision).toBe('allow');
        }
      }),
      { numRuns: 150 },
    );
  });
});
