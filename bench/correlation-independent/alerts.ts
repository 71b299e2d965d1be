/**
 * Alert instances as the alerting stack of WORLD.md produces them: each rule on each service and region is
 * one series (fingerprint); an instance has a true start and end; the region's Prometheus reports them with
 * its clock skew; Alertmanager groups by (alertname, region, env) and notifies after group_wait, then at
 * group_interval. Noise alerts are drawn here too.
 */
import { createHash } from 'node:crypto';
import type { AlertmanagerWebhook } from '../../src/alerts/domain/alertmanager';
import type { Environment } from './changes';
import { DAY, HOUR, MINUTE, SECOND, isAlive, type Estate, type Rule } from './estate';
import { Random } from './random';

export interface SimAlert {
  readonly name: string;
  readonly severity: Rule['severity'];
  readonly service: string | undefined;
  readonly environment: Environment;
  readonly region: string;
  readonly cluster: string | undefined;
  readonly fingerprint: string;
  readonly trueStart: number;
  trueEnd: number;
  readonly hops: number;
  /** The fault it belongs to; undefined for noise. */
  readonly faultId: string | undefined;
  readonly summary: string;
  /**
   * The labels the rule yields, when they are not the service labels of seriesLabels (a call-edge alert
   * has client/server/job/instance instead). Absent on every other alert.
   */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface Notification {
  readonly payload: AlertmanagerWebhook;
  readonly arrivesAt: number;
}

const GROUP_WAIT = 30 * SECOND;
const GROUP_INTERVAL = 5 * MINUTE;
const ZERO_TIME = '0001-01-01T00:00:00Z';

export function seriesLabels(alert: {
  name: string;
  severity: string;
  service: string | undefined;
  environment: string;
  region: string;
  cluster: string | undefined;
}): Record<string, string> {
  return {
    alertname: alert.name,
    env: alert.environment,
    region: alert.region,
    severity: alert.severity,
    ...(alert.service === undefined ? {} : { service: alert.service }),
    ...(alert.cluster === undefined ? {} : { cluster: alert.cluster }),
  };
}

/** Alertmanager-style fingerprint: 16 hex digits hashed from the sorted labels. */
export function fingerprintOf(labels: Readonly<Record<string, string>>): string {
  const text = Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k] ?? ''}`)
    .join('\u0001');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Instances per series, so that no two instances of one series overlap. */
export class AlertBook {
  readonly alerts: SimAlert[] = [];
  private readonly busy = new Map<string, { start: number; end: number }[]>();

  free(fingerprint: string, start: number, end: number): boolean {
    return !(this.busy.get(fingerprint) ?? []).some((i) => start < i.end + MINUTE && i.start < end + MINUTE);
  }

  /** Adds the instance unless its series is already firing then; returns whether it was added. */
  add(alert: SimAlert): boolean {
    if (!this.free(alert.fingerprint, alert.trueStart, alert.trueEnd)) return false;
    this.reserve(alert);
    this.alerts.push(alert);
    return true;
  }

  /** Marks the series busy (a fault's alert whose end is known only later is reserved generously). */
  reserve(alert: SimAlert): void {
    const list = this.busy.get(alert.fingerprint) ?? [];
    list.push({ start: alert.trueStart, end: alert.trueEnd });
    this.busy.set(alert.fingerprint, list);
  }

  /** Sets a fault alert's end once the fix is known (its reservation shrinks with it). */
  end(alert: SimAlert, at: number): void {
    const list = this.busy.get(alert.fingerprint) ?? [];
    const slot = list.find((i) => i.start === alert.trueStart);
    if (slot !== undefined) slot.end = at;
    alert.trueEnd = at;
  }
}

export function makeAlert(
  rule: { name: string; severity: Rule['severity'] },
  where: {
    service: string | undefined;
    environment: Environment;
    region: string;
    cluster?: string | undefined;
  },
  trueStart: number,
  trueEnd: number,
  hops: number,
  faultId: string | undefined,
): SimAlert {
  const base = {
    name: rule.name,
    severity: rule.severity,
    service: where.service,
    environment: where.environment,
    region: where.region,
    cluster: where.cluster,
  };
  return {
    ...base,
    fingerprint: fingerprintOf(seriesLabels(base)),
    trueStart,
    trueEnd,
    hops,
    faultId,
    summary: `${rule.name} on ${where.service ?? where.region} (${where.environment})`,
  };
}

/** An instant between from and end, twice as likely in the busy hours (09:00-21:00 UTC) as outside them. */
export function busyHoursInstant(random: Random, from: number, end: number): number {
  for (;;) {
    const at = random.between(from, end);
    const hour = new Date(at).getUTCHours();
    if (hour >= 9 && hour < 21) return at;
    if (random.chance(0.5)) return at;
  }
}

/** Noise of WORLD.md: each rule fires by itself now and then, and traffic peaks fire a few at once. */
export function addNoise(book: AlertBook, estate: Estate, seed: number, start: number, end: number): void {
  const random = new Random(seed, 'noise');
  const from = start - 6 * HOUR;
  const days = (end - from) / DAY;
  const instant = (): number => busyHoursInstant(random, from, end);
  const places: { environment: Environment; region: string }[] = [
    ...estate.regions.map((region) => ({ environment: 'production' as const, region })),
    { environment: 'staging', region: estate.stagingRegion },
  ];
  for (const service of estate.services) {
    for (const rule of service.rules) {
      for (const place of places) {
        for (let i = random.poisson(0.1 * days); i > 0; i -= 1) {
          const at = instant();
          if (!isAlive(service, at)) continue;
          book.add(
            makeAlert(
              rule,
              { service: service.name, ...place },
              at,
              at + random.between(5, 40) * MINUTE,
              0,
              undefined,
            ),
          );
        }
      }
    }
  }
  for (let burst = random.poisson(1.5 * days); burst > 0; burst -= 1) {
    const at = instant();
    const region = random.pick(estate.regions);
    const slow = estate.services.filter(
      (s) => isAlive(s, at) && s.rules.some((r) => r.symptom === 'latency'),
    );
    for (const service of random.sample(slow, random.int(2, 5))) {
      const rule = service.rules.find((r) => r.symptom === 'latency');
      if (rule === undefined) continue;
      const begins = at + random.between(0, 3) * MINUTE;
      book.add(
        makeAlert(
          rule,
          { service: service.name, environment: 'production', region },
          begins,
          begins + random.between(5, 20) * MINUTE,
          0,
          undefined,
        ),
      );
    }
  }
}

const iso = (at: number): string => new Date(Math.round(at)).toISOString();

/**
 * Alertmanager's notifications for every instance, with each instance's first notification time. Times
 * reported in the payload carry the skew of the Prometheus that evaluated the rule (per environment and
 * region). `arrivalStream` draws the delivery times from a stream of their own (the skews stay those of
 * the same Prometheus servers), so that alerts notified apart do not shift the base notifications.
 */
export function notify(
  alerts: readonly SimAlert[],
  seed: number,
  regions: readonly string[],
  arrivalStream?: string,
): {
  notifications: Notification[];
  firstNotified: Map<SimAlert, number>;
  reported: (alert: SimAlert) => { startsAt: string; endsAt: string };
} {
  const skewRandom = new Random(seed, 'notify');
  const skew = new Map<string, number>();
  for (const environment of ['production', 'staging'])
    for (const region of regions) skew.set(`${environment}/${region}`, skewRandom.between(-20, 20) * SECOND);
  const random = arrivalStream === undefined ? skewRandom : new Random(seed, arrivalStream);
  const reported = (alert: SimAlert) => {
    const s = skew.get(`${alert.environment}/${alert.region}`) ?? 0;
    return { startsAt: iso(alert.trueStart + s), endsAt: iso(alert.trueEnd + s) };
  };
  const groups = new Map<string, SimAlert[]>();
  for (const alert of alerts) {
    const key = `${alert.environment}/${alert.region}/${alert.name}`;
    const list = groups.get(key) ?? [];
    list.push(alert);
    groups.set(key, list);
  }
  const notifications: Notification[] = [];
  const firstNotified = new Map<SimAlert, number>();
  for (const [key, members] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [environment, region, name] = key.split('/') as [string, string, string];
    type Happening = { at: number; alert: SimAlert; what: 'start' | 'end' };
    const happenings: Happening[] = members
      .flatMap((alert): Happening[] => [
        { at: alert.trueStart, alert, what: 'start' },
        { at: alert.trueEnd, alert, what: 'end' },
      ])
      .sort((a, b) => a.at - b.at || (a.what === b.what ? 0 : a.what === 'start' ? -1 : 1));
    const firing = new Set<SimAlert>();
    const pending = new Set<SimAlert>();
    const resolved = new Set<SimAlert>();
    let nextFlush: number | undefined;
    const flush = (at: number): void => {
      // A group whose alerts all resolved before any of them was notified firing sends nothing.
      const news =
        pending.size > 0 || firing.size > 0 || [...resolved].some((alert) => firstNotified.has(alert));
      if (news && (pending.size > 0 || resolved.size > 0)) {
        const items = [
          ...[...firing].map((alert) => ({ alert, status: 'firing' as const })),
          ...[...resolved].map((alert) => ({ alert, status: 'resolved' as const })),
        ];
        const arrivesAt = at + random.between(0.2, 2) * SECOND;
        for (const { alert, status } of items)
          if (status === 'firing' && !firstNotified.has(alert)) firstNotified.set(alert, arrivesAt);
        notifications.push({
          arrivesAt,
          payload: {
            version: '4',
            groupKey: `{}/{env="${environment}"}:{alertname="${name}", region="${region}"}`,
            status: firing.size > 0 ? 'firing' : 'resolved',
            receiver: 'oncall',
            groupLabels: { alertname: name, region },
            commonLabels: { alertname: name, env: environment, region },
            externalURL: `https://alertmanager.${region}.shop.example`,
            alerts: items.map(({ alert, status }) => {
              const times = reported(alert);
              return {
                status,
                labels: alert.labels ?? seriesLabels(alert),
                annotations: { summary: alert.summary },
                startsAt: times.startsAt,
                endsAt: status === 'resolved' ? times.endsAt : ZERO_TIME,
                generatorURL: `https://prometheus.${region}.shop.example/graph?g0.expr=ALERTS%7Balertname%3D%22${name}%22%7D`,
                fingerprint: alert.fingerprint,
              };
            }),
          },
        });
      }
      pending.clear();
      resolved.clear();
      nextFlush = firing.size > 0 ? at + GROUP_INTERVAL : undefined;
    };
    for (const happening of happenings) {
      while (nextFlush !== undefined && nextFlush <= happening.at) flush(nextFlush);
      if (happening.what === 'start') {
        firing.add(happening.alert);
        pending.add(happening.alert);
        nextFlush ??= happening.at + GROUP_WAIT;
      } else {
        firing.delete(happening.alert);
        pending.delete(happening.alert);
        resolved.add(happening.alert);
        nextFlush ??= happening.at + GROUP_WAIT;
      }
    }
    while (nextFlush !== undefined) flush(nextFlush);
  }
  notifications.sort((a, b) => a.arrivesAt - b.arrivesAt);
  return { notifications, firstNotified, reported };
}
