/**
 * A realistic freeze calendar for `npm run bench:freeze`: 1,000 window definitions of a mid-size company
 * and a stream of evaluation requests against it, both from a seeded generator so every run asks the same
 * questions about the same calendar (one-off windows and request instants are placed relative to `now`,
 * so "now" keeps meeting running freezes whenever the bench runs).
 *
 * The calendar mixes recurring windows (weekend, nightly, month-end, quarter-end, holiday, peak-hour and
 * maintenance freezes; business-hours and release-train allow windows) in a dozen time zones, most with
 * daylight saving, with one-off windows in the past (an imported calendar), running now (some "freeze
 * now" without end) and planned. Scopes narrow by service (exact names and team globs such as
 * `payments-*`), team, tier, environment, region and change kind, so that about twenty windows match a
 * typical request, as in a company where teams declare their own freezes next to a few global ones.
 */
import { Temporal } from '@js-temporal/polyfill';
import { CHANGE_KINDS } from '../../src/contracts/change-event-enums';
import type {
  Exemption,
  FreezeScope,
  FreezeSchedule,
  FreezeWindowDefinition,
} from '../../src/freeze/domain/freeze-window';
import { seededRandom } from '../generators/change-events';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const TEAMS = [
  'payments',
  'checkout',
  'search',
  'catalog',
  'identity',
  'platform',
  'data',
  'growth',
  'logistics',
  'mobile',
  'ads',
  'support',
] as const;

const SERVICE_SUFFIXES = ['api', 'worker', 'web', 'events', 'db-migrator', 'gateway'] as const;
export const ENVIRONMENTS = ['prod', 'staging', 'dev', 'sandbox'] as const;
export const REGIONS = [
  'eu-west-1',
  'eu-central-1',
  'us-east-1',
  'us-west-2',
  'ap-southeast-2',
  'ap-northeast-1',
] as const;
export const TIERS = ['tier-0', 'tier-1', 'tier-2', 'tier-3'] as const;

/** Where each team sits: its freezes follow that clock. Most zones have daylight saving. */
const TEAM_ZONES: Record<(typeof TEAMS)[number], string> = {
  payments: 'Europe/Berlin',
  checkout: 'America/New_York',
  search: 'America/Los_Angeles',
  catalog: 'Europe/London',
  identity: 'America/Chicago',
  platform: 'UTC',
  data: 'Europe/Paris',
  growth: 'America/Sao_Paulo',
  logistics: 'Australia/Sydney',
  mobile: 'Asia/Kolkata',
  ads: 'Asia/Tokyo',
  support: 'Europe/Dublin',
};

/** Zones whose daylight-saving days the requests visit. */
const DST_ZONES = ['America/New_York', 'Europe/Berlin', 'Europe/London', 'Australia/Sydney'] as const;

export interface ServiceInfo {
  readonly name: string;
  readonly team: (typeof TEAMS)[number];
  readonly tier: (typeof TIERS)[number];
}

/** 12 teams × 4–6 services, e.g. `payments-api`, `payments-worker`. */
export function serviceCatalogue(seed = 11): ServiceInfo[] {
  const random = seededRandom(seed);
  return TEAMS.flatMap((team) => {
    const count = 4 + Math.floor(random() * 3);
    return SERVICE_SUFFIXES.slice(0, count).map((suffix) => ({
      name: `${team}-${suffix}`,
      team,
      tier: TIERS[Math.min(3, Math.floor(random() * random() * 4))] ?? 'tier-2',
    }));
  });
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function some<T>(random: Random, items: readonly T[], min: number, max: number): T[] {
  const count = min + Math.floor(random() * (max - min + 1));
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0)
    out.push(...pool.splice(Math.floor(random() * pool.length), 1));
  return out;
}

interface RecurringTemplate {
  readonly name: string;
  readonly reason: string;
  readonly kind: 'deny' | 'allow';
  readonly cron: string;
  readonly duration: string;
  /** How often this template is drawn, relative to the others. */
  readonly weight: number;
  /** Fixed zone (the DST example), else the team's. */
  readonly zone?: string;
}

const RECURRING: readonly RecurringTemplate[] = [
  {
    name: 'Weekend freeze',
    reason: 'no one on call to roll back',
    kind: 'deny',
    cron: '0 18 * * 5',
    duration: 'PT60H',
    weight: 2,
  },
  {
    name: 'Nightly freeze',
    reason: 'batch jobs and thin on-call',
    kind: 'deny',
    cron: '0 22 * * *',
    duration: 'PT9H',
    weight: 1,
  },
  {
    name: 'Late-night freeze',
    reason: 'settlement run',
    kind: 'deny',
    cron: '30 23 * * 1-5',
    duration: 'PT6H30M',
    weight: 1,
  },
  {
    name: 'Overnight DST-sensitive freeze',
    reason: 'ledger close',
    kind: 'deny',
    cron: '0 1 * * *',
    duration: 'PT3H',
    weight: 1,
    zone: 'America/New_York',
  },
  {
    name: 'Sunday maintenance',
    reason: 'database maintenance',
    kind: 'deny',
    cron: '30 2 * * 0',
    duration: 'PT2H',
    weight: 1,
    zone: 'Europe/Berlin',
  },
  {
    name: 'Month-start close',
    reason: 'finance month close',
    kind: 'deny',
    cron: '0 0 1 * *',
    duration: 'P3D',
    weight: 3,
  },
  {
    name: 'Month-end payroll',
    reason: 'payroll run',
    kind: 'deny',
    cron: '0 6 28 * *',
    duration: 'P2D',
    weight: 2,
  },
  {
    name: 'Quarter-end freeze',
    reason: 'quarter close and reporting',
    kind: 'deny',
    cron: '0 0 25 3,6,9,12 *',
    duration: 'P10D',
    weight: 4,
  },
  {
    name: 'Holiday freeze',
    reason: 'end-of-year holidays',
    kind: 'deny',
    cron: '0 0 18 12 *',
    duration: 'P18D',
    weight: 5,
  },
  {
    name: 'Lunch peak',
    reason: 'peak orders',
    kind: 'deny',
    cron: '0 11 * * 1-5',
    duration: 'PT3H',
    weight: 1,
  },
  {
    name: 'Evening peak',
    reason: 'prime-time traffic',
    kind: 'deny',
    cron: '0 19 * * *',
    duration: 'PT3H',
    weight: 1,
  },
  {
    name: 'Maintenance slot',
    reason: 'hourly backups',
    kind: 'deny',
    cron: '0 */6 * * *',
    duration: 'PT30M',
    weight: 1,
  },
  {
    name: 'Sydney Sunday freeze',
    reason: 'regional peak',
    kind: 'deny',
    cron: '0 2 * * 0',
    duration: 'PT4H',
    weight: 1,
    zone: 'Australia/Sydney',
  },
  {
    name: 'Business-hours deploys',
    reason: 'deploy only while staffed',
    kind: 'allow',
    cron: '0 9 * * 1-5',
    duration: 'PT8H',
    weight: 1,
  },
  {
    name: 'Release train',
    reason: 'weekly release train',
    kind: 'allow',
    cron: '0 14 * * 2,4',
    duration: 'PT3H',
    weight: 1,
  },
  {
    name: 'Morning change window',
    reason: 'CAB-approved window',
    kind: 'allow',
    cron: '0 7 * * 1-4',
    duration: 'PT4H',
    weight: 1,
  },
];

const ONE_OFF_REASONS = [
  ['Incident freeze', 'stabilise after an incident'],
  ['Migration freeze', 'datacentre migration'],
  ['Launch freeze', 'product launch'],
  ['Audit freeze', 'SOX audit period'],
  ['Sale freeze', 'seasonal sale'],
  ['Board demo', 'executive demo'],
] as const;

function weighted<T extends { readonly weight: number }>(random: Random, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let roll = random() * total;
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1] as T;
}

/** A scope owned by one team: its services (exact or `team-*`), the team, or its critical tiers. */
function scopeFor(random: Random, catalogue: readonly ServiceInfo[], owner: ServiceInfo): FreezeScope {
  const scope: { -readonly [K in keyof FreezeScope]: string[] } = {};
  const roll = random();
  if (roll < 0.64) {
    const shape = random();
    if (shape < 0.55) scope.services = [owner.name];
    else if (shape < 0.8) scope.services = [`${owner.team}-*`];
    else {
      const team = catalogue.filter((s) => s.team === owner.team).map((s) => s.name);
      scope.services = some(random, team, 2, 3);
    }
  } else if (roll < 0.8) {
    scope.teams = random() < 0.85 ? [owner.team] : some(random, TEAMS, 2, 3);
  } else {
    scope.tiers = random() < 0.6 ? ['tier-0'] : ['tier-0', 'tier-1'];
    scope.teams = [owner.team];
  }
  const env = random();
  if (env < 0.6) scope.environments = ['prod'];
  else if (env < 0.72) scope.environments = ['prod', 'staging'];
  else if (env < 0.85) scope.environments = ['staging'];
  if (random() < 0.35) scope.regions = some(random, REGIONS, 1, 2);
  const kinds = random();
  if (kinds < 0.2) scope.kinds = ['deploy'];
  else if (kinds < 0.3) scope.kinds = ['deploy', 'config'];
  else if (kinds < 0.38) scope.kinds = ['database', 'infra'];
  else if (kinds < 0.42) scope.kinds = some(random, CHANGE_KINDS, 2, 4);
  return scope;
}

function exemptionsFor(random: Random): Exemption[] | undefined {
  const roll = random();
  if (roll < 0.45) return ['rollback'];
  if (roll < 0.7) return ['rollback', 'hotfix'];
  if (roll < 0.75) return ['hotfix'];
  return undefined;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The few freezes that cover the whole company (or all of prod), as every company has them. */
function companyWideWindows(anchor: number): FreezeWindowDefinition[] {
  const breakGlass = { roles: ['incident-commander'], justificationRequired: true };
  const year = new Date(anchor).getUTCFullYear();
  return [
    {
      name: 'Company holiday freeze',
      reason: 'end-of-year holidays',
      kind: 'deny',
      schedule: { type: 'recurring', cron: '0 0 20 12 *', duration: 'P14D', timeZone: 'America/New_York' },
      scope: { environments: ['prod'] },
      exemptions: ['rollback', 'hotfix'],
      breakGlass,
    },
    {
      // The example, for the Black Friday weekend (the Friday after the 4th Thursday of November).
      name: 'Black Friday',
      reason: 'peak traffic',
      kind: 'deny',
      schedule: {
        type: 'recurring',
        cron: '0 18 * * 5',
        duration: 'PT56H',
        timeZone: 'Europe/Berlin',
        validFrom: `${year}-11-23T00:00:00.000Z`,
        validUntil: `${year}-11-30T00:00:00.000Z`,
      },
      scope: { environments: ['prod'] },
      exemptions: ['rollback'],
      breakGlass,
    },
    {
      name: 'Fiscal year-end',
      reason: 'annual close',
      kind: 'deny',
      schedule: { type: 'recurring', cron: '0 0 28 1 *', duration: 'P5D', timeZone: 'UTC' },
      scope: {},
      exemptions: ['rollback'],
      breakGlass,
    },
    {
      name: 'Database kinds: DBA on-call only on weekdays',
      reason: 'DBA coverage',
      kind: 'deny',
      schedule: { type: 'recurring', cron: '0 20 * * 5', duration: 'PT58H', timeZone: 'Europe/London' },
      scope: { kinds: ['database'], environments: ['prod'] },
      exemptions: ['rollback'],
    },
    {
      name: 'Datacentre move',
      reason: 'network cut-over',
      kind: 'deny',
      schedule: { type: 'once', start: iso(anchor + 9 * DAY), end: iso(anchor + 10 * DAY) },
      scope: { environments: ['prod', 'staging'] },
      breakGlass,
    },
  ];
}

/**
 * `count` window definitions (default 1,000). One-off windows are placed around `now` (hour-aligned):
 * some over, some running, some planned.
 */
export function generateFreezeWindows(now: number, count = 1_000, seed = 3): FreezeWindowDefinition[] {
  const random = seededRandom(seed);
  const catalogue = serviceCatalogue();
  const anchor = Math.floor(now / HOUR) * HOUR;
  const windows: FreezeWindowDefinition[] = companyWideWindows(anchor).slice(0, count);
  for (let i = windows.length; i < count; i += 1) {
    const owner = pick(random, catalogue);
    let definition: Omit<FreezeWindowDefinition, 'scope'>;
    if (random() < 0.4) {
      const t = weighted(random, RECURRING);
      const timeZone =
        t.zone ?? (random() < 0.85 ? TEAM_ZONES[owner.team] : pick(random, Object.values(TEAM_ZONES)));
      let schedule: FreezeSchedule = { type: 'recurring', cron: t.cron, duration: t.duration, timeZone };
      // Some recurring windows only hold for a season (validFrom/validUntil).
      if (random() < 0.15) {
        const from = anchor + Math.floor((random() - 0.6) * 200) * DAY;
        schedule = {
          ...schedule,
          validFrom: iso(from),
          validUntil: iso(from + (30 + Math.floor(random() * 120)) * DAY),
        };
      }
      definition = { name: `${t.name} (${owner.team})`, reason: t.reason, kind: t.kind, schedule };
    } else {
      const [name, reason] = pick(random, ONE_OFF_REASONS);
      const when = random();
      // 52% over (imported calendar, up to ~2 years back), 3% running now, 45% planned.
      const start =
        when < 0.52
          ? anchor - Math.floor(random() * 700) * DAY - Math.floor(random() * 24) * HOUR
          : when < 0.55
            ? anchor - Math.floor(random() * 72) * HOUR
            : anchor + Math.floor(random() * 240) * DAY + Math.floor(random() * 24) * HOUR;
      const openEnded = when >= 0.52 && when < 0.55 && random() < 0.15;
      const length = (2 + Math.floor(random() * 140)) * HOUR;
      definition = {
        name: `${name} (${owner.team}) #${i}`,
        reason,
        kind: random() < 0.97 ? 'deny' : 'allow',
        schedule: openEnded
          ? { type: 'once', start: iso(start) }
          : { type: 'once', start: iso(start), end: iso(start + length) },
      };
    }
    const exemptions = definition.kind === 'deny' ? exemptionsFor(random) : undefined;
    const breakGlass =
      random() < 0.5
        ? {
            roles: random() < 0.6 ? ['incident-commander'] : ['sre', 'incident-commander'],
            justificationRequired: random() < 0.85,
          }
        : undefined;
    windows.push({
      ...definition,
      scope: scopeFor(random, catalogue, owner),
      ...(exemptions === undefined ? {} : { exemptions }),
      ...(breakGlass === undefined ? {} : { breakGlass }),
    });
  }
  return windows;
}

/** The body of `POST /v1/freeze/evaluate`. */
export interface EvaluateBody {
  readonly service: string;
  readonly environment: string;
  readonly region: string;
  readonly kind: string;
  readonly team?: string;
  readonly tier?: string;
  readonly at?: string;
  readonly isRollback?: boolean;
  readonly isHotfix?: boolean;
  readonly override?: { by: string; role: string; justification?: string; ticket?: string };
}

/** Local-clock transitions of the DST zones within a year either side of `now`. */
function dstTransitions(now: number): number[] {
  const out: number[] = [];
  for (const zone of DST_ZONES) {
    let z = Temporal.Instant.fromEpochMilliseconds(now - 370 * DAY).toZonedDateTimeISO(zone);
    for (;;) {
      const next = z.getTimeZoneTransition('next');
      if (next === null || next.epochMilliseconds > now + 370 * DAY) break;
      out.push(next.epochMilliseconds);
      z = next;
    }
  }
  return out.sort((a, b) => a - b);
}

/**
 * `count` evaluation requests: services of the catalogue (and a few unknown ones), mostly prod, mostly
 * deploys; `at` omitted ("now") for 40%, near now for 20%, on daylight-saving days for 15% and anywhere
 * within about a year for 25%; a few rollbacks, hotfixes and break-glass overrides.
 */
export function generateEvaluateRequests(now: number, count: number, seed = 5): EvaluateBody[] {
  const random = seededRandom(seed);
  const catalogue = serviceCatalogue();
  const transitions = dstTransitions(now);
  const kinds = [
    { kind: 'deploy', weight: 55 },
    { kind: 'config', weight: 15 },
    { kind: 'feature_flag', weight: 10 },
    { kind: 'scaling', weight: 8 },
    { kind: 'database', weight: 4 },
    { kind: 'infra', weight: 4 },
    { kind: 'experiment', weight: 4 },
  ];
  const requests: EvaluateBody[] = [];
  for (let i = 0; i < count; i += 1) {
    const known = random() < 0.95;
    const service: ServiceInfo = known
      ? pick(random, catalogue)
      : { name: `legacy-${Math.floor(random() * 20)}`, team: pick(random, TEAMS), tier: 'tier-3' };
    const env = random();
    const environment = env < 0.65 ? 'prod' : env < 0.88 ? 'staging' : env < 0.97 ? 'dev' : 'sandbox';
    const when = random();
    let at: number | undefined;
    if (when < 0.4) at = undefined;
    else if (when < 0.6) at = now + Math.round((random() - 0.5) * 12 * HOUR);
    else if (when < 0.75) at = pick(random, transitions) + Math.round((random() - 0.5) * 6 * HOUR);
    else at = now + Math.round((random() - 0.5) * 2 * 380 * DAY);
    const extra = random();
    requests.push({
      service: service.name,
      environment,
      region: pick(random, REGIONS),
      kind: weighted(random, kinds).kind,
      ...(random() < 0.85 ? { team: service.team } : {}),
      ...(random() < 0.5 ? { tier: service.tier } : {}),
      ...(at === undefined ? {} : { at: iso(at) }),
      ...(extra < 0.05 ? { isRollback: true } : extra < 0.1 ? { isHotfix: true } : {}),
      ...(extra > 0.97
        ? {
            override: {
              by: 'alice',
              role: random() < 0.7 ? 'incident-commander' : 'developer',
              ...(random() < 0.8 ? { justification: 'SEV1 mitigation', ticket: 'INC-4711' } : {}),
            },
          }
        : {}),
    });
  }
  return requests;
}

/**
 * Which of the generated windows an admin later lifts or cancels (by index), as happens to a real
 * calendar: about half of the one-off freezes running now are lifted, a few recurring ones too, and a few
 * planned or recurring windows are cancelled.
 */
export function generateLifecycle(
  windows: readonly FreezeWindowDefinition[],
  now: number,
  seed = 9,
): { lift: number[]; cancel: number[] } {
  const random = seededRandom(seed);
  const lift: number[] = [];
  const cancel: number[] = [];
  windows.forEach((window, index) => {
    const roll = random();
    const schedule = window.schedule;
    if (schedule.type === 'once') {
      const start = Date.parse(schedule.start);
      const running = start <= now && (schedule.end === undefined || Date.parse(schedule.end) > now);
      if (running && roll < 0.5) lift.push(index);
      else if (start > now && roll < 0.04) cancel.push(index);
    } else if (roll < 0.01) {
      lift.push(index);
    } else if (roll < 0.03) {
      cancel.push(index);
    }
  });
  return { lift, cancel };
}
