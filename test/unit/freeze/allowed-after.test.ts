/**
 * `allowedAfter` remembers, during one search, how long each window's answer holds; this test holds it to
 * the plain search that asks every window again at every jump (the evaluator's search before that was
 * remembered), over random mixes of deny and allow windows that make long searches: daily freezes in one
 * zone over allow windows in another, back-to-back occurrences, lifts and "freeze now".
 */
import fc from 'fast-check';
import {
  ALLOWED_AFTER_HORIZON_MS,
  evaluate,
  type ChangeToEvaluate,
} from '../../../src/freeze/domain/evaluator';
import { MAX_SUPPORTED_INSTANT, type FreezeWindow } from '../../../src/freeze/domain/freeze-window';
import { activeOccurrenceAt, activeUntil, nextOccurrenceAfter } from '../../../src/freeze/domain/schedule';
import { freezeWindow, once, recurring } from './support/windows';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The search asking every window at every jump. */
function plainFirstAllowedInstant(windows: readonly FreezeWindow[], atMs: number): Date | undefined {
  const applicable = windows.filter((w) => !w.cancelled);
  const horizon = atMs + ALLOWED_AFTER_HORIZON_MS;
  const deny = applicable.filter((w) => w.kind === 'deny');
  const allow = applicable.filter((w) => w.kind === 'allow');
  const horizonDate = new Date(horizon);
  let t = atMs;
  while (t <= horizon && t < MAX_SUPPORTED_INSTANT.getTime()) {
    const at = new Date(t);
    let blockedUntil = t;
    for (const window of deny) {
      const until = activeUntil(window, at, horizonDate);
      if (until === undefined) continue;
      if (until === null) return undefined;
      blockedUntil = Math.max(blockedUntil, until.getTime());
    }
    if (blockedUntil > t) {
      t = blockedUntil;
      continue;
    }
    if (allow.length === 0 || allow.some((w) => activeOccurrenceAt(w, at) !== undefined)) return at;
    let opens = Number.POSITIVE_INFINITY;
    for (const window of allow) {
      const next = nextOccurrenceAfter(window, at);
      if (next !== undefined) opens = Math.min(opens, next.start.getTime());
    }
    if (opens === Number.POSITIVE_INFINITY) return undefined;
    t = opens;
  }
  return undefined;
}

const CRONS = [
  '0 22 * * *',
  '0 7 * * 1-4',
  '0 9 * * 1-5',
  '*/30 * * * *',
  '0 18 * * 5',
  '0 1 * * *',
  '15 */3 * * *',
  '0 0 1 * *',
  '30 2 * * 0',
] as const;
const ZONES = ['America/New_York', 'Europe/Dublin', 'Europe/Berlin', 'Australia/Sydney', 'UTC'] as const;
/** Around the 2024 daylight-saving changes on both sides of the Atlantic and in Sydney. */
const BASES = [
  Date.UTC(2024, 2, 8, 12),
  Date.UTC(2024, 2, 29, 12),
  Date.UTC(2024, 3, 5),
  Date.UTC(2024, 9, 25),
];

const windowArb = (at: number): fc.Arbitrary<FreezeWindow> =>
  fc
    .record({
      kind: fc.constantFrom('deny' as const, 'deny' as const, 'allow' as const),
      recurring: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
      cron: fc.constantFrom(...CRONS),
      zone: fc.constantFrom(...ZONES),
      durationMinutes: fc.constantFrom(10, 30, 60, 180, 540, 600, 1440, 3600),
      startHours: fc.integer({ min: -48, max: 24 * 20 }),
      lengthHours: fc.option(fc.integer({ min: 1, max: 24 * 40 }), { freq: 8 }),
      liftHours: fc.option(fc.integer({ min: -24, max: 24 * 10 }), { freq: 6 }),
    })
    .map((w) =>
      freezeWindow(
        {
          kind: w.kind,
          schedule: w.recurring
            ? recurring(w.cron, `PT${w.durationMinutes}M`, w.zone)
            : once(
                new Date(at + w.startHours * HOUR).toISOString(),
                w.lengthHours === null
                  ? undefined
                  : new Date(at + (w.startHours + w.lengthHours) * HOUR).toISOString(),
              ),
        },
        w.liftHours === null ? {} : { liftedAt: new Date(at + w.liftHours * HOUR) },
      ),
    );

const change: ChangeToEvaluate = {
  service: 'checkout',
  environment: 'prod',
  region: 'eu-west-1',
  kind: 'deploy',
};

describe('allowedAfter', () => {
  it('is the instant the plain search finds, over random calendars', () => {
    const arb = fc
      .tuple(fc.constantFrom(...BASES), fc.integer({ min: 0, max: 14 * 24 * 60 }))
      .map(([base, minutes]) => base + minutes * MINUTE)
      .chain((at) => fc.tuple(fc.constant(at), fc.array(windowArb(at), { minLength: 1, maxLength: 8 })));
    let searched = 0;
    fc.assert(
      fc.property(arb, ([at, windows]) => {
        const result = evaluate(windows, change, new Date(at));
        if (result.decision === 'allow') return;
        searched += 1;
        const label = `${new Date(at).toISOString()} ${JSON.stringify(windows.map((w) => [w.kind, w.schedule, w.liftedAt]))}`;
        expect({ label, allowedAfter: result.allowedAfter?.toISOString() }).toEqual({
          label,
          allowedAfter: plainFirstAllowedInstant(windows, at)?.toISOString(),
        });
      }),
      { numRuns: 300 },
    );
    // Most calendars deny at the instant asked about, so the searches were really compared.
    expect(searched).toBeGreaterThan(100);
  });
});
