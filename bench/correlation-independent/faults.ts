/**
 * Faults of WORLD.md: a change picked from the window's changes breaks its service (or, for an infra
 * change, several services of its region); the symptom travels up the real call graph in force then; each
 * affected service alerts when it has a rule for what it sees. Then people respond: a rollback or a hotfix,
 * and the autoscaler sometimes reacts first. The ground truth: the picked change caused exactly the alert
 * instances its propagation fired.
 */
import { AlertBook, makeAlert, type SimAlert } from './alerts';
import { ChangeFactory, endedAt, startedAt, type SimChange } from './changes';
import {
  HOUR,
  MINUTE,
  SECOND,
  callersAt,
  isAlive,
  k8sCluster,
  type Estate,
  type Service,
  type Symptom,
} from './estate';
import { Random } from './random';

export type SimFaultType = 'bad-deploy' | 'bad-config' | 'bad-feature-flag' | 'bad-scaling' | 'bad-infra';

export const FAULT_PRIORS: Readonly<Record<SimFaultType, number>> = {
  'bad-deploy': 45,
  'bad-config': 22,
  'bad-feature-flag': 15,
  'bad-scaling': 8,
  'bad-infra': 10,
};

export interface SimFault {
  readonly id: string;
  readonly type: SimFaultType;
  readonly cause: SimChange;
  /** The changed service; undefined for an infra change (its scope is region and cluster). */
  readonly origin: string | undefined;
  readonly onset: number;
  readonly alerts: SimAlert[];
  readonly confounders: string[];
  readonly responses: SimChange[];
}

/** A service the fault's symptom reached, in one region. */
export interface Affected {
  readonly service: string;
  readonly region: string;
  readonly symptom: Symptom;
  readonly visibleAt: number;
  readonly hops: number;
  /** The path used an edge the catalogue does not declare. */
  readonly undeclared: boolean;
}

const KIND_OF: Readonly<Record<SimFaultType, SimChange['kind']>> = {
  'bad-deploy': 'deploy',
  'bad-config': 'config',
  'bad-feature-flag': 'feature_flag',
  'bad-scaling': 'scaling',
  'bad-infra': 'infra',
};

function originSymptom(type: SimFaultType, random: Random): Symptom {
  switch (type) {
    case 'bad-deploy':
      return random.chance(0.6) ? 'errors' : 'latency';
    case 'bad-config':
      return random.chance(0.5) ? 'errors' : 'latency';
    case 'bad-feature-flag':
      return random.chance(0.7) ? 'errors' : 'latency';
    case 'bad-scaling':
      return random.chance(0.8) ? 'latency' : 'saturation';
    case 'bad-infra':
      return random.chance(0.5) ? 'errors' : 'latency';
  }
}

/** When the change's effect becomes visible, per WORLD.md's fault table; undefined if it never does. */
function onsetOf(
  type: SimFaultType,
  change: SimChange,
  random: Random,
): { at: number; canary: boolean; latent: boolean } | undefined {
  const exposures = change.exposures.filter((e) => e.percent > 0);
  const last = exposures[exposures.length - 1];
  if (last === undefined) return undefined;
  let at: number;
  let canary = false;
  let latent = false;
  switch (type) {
    case 'bad-deploy': {
      if (change.style === 'canary') {
        const step = random.chance(0.4) ? exposures[0] : random.chance(0.6) ? exposures[1] : exposures[2];
        canary = step === exposures[0];
        at = (step ?? last).at + random.between(5, 30) * SECOND;
      } else {
        at = random.pick(exposures).at + random.between(5, 30) * SECOND;
      }
      if (random.chance(0.1)) {
        latent = true;
        at = last.at + random.between(15, 50) * MINUTE;
      }
      break;
    }
    case 'bad-config':
      at = last.at + (random.chance(0.15) ? random.between(5, 25) * MINUTE : random.between(5, 60) * SECOND);
      latent = at - last.at > 2 * MINUTE;
      break;
    case 'bad-feature-flag': {
      const step = change.style === 'percentage' ? random.pick(exposures) : last;
      at = step.at + random.between(0, 30) * SECOND;
      break;
    }
    case 'bad-scaling':
      at = last.at + random.between(2, 20) * MINUTE;
      break;
    case 'bad-infra':
      at = last.at + random.between(0, 5) * MINUTE;
      break;
  }
  return { at, canary, latent };
}

function eligible(
  type: SimFaultType,
  change: SimChange,
  estate: Estate,
  service: Service | undefined,
): boolean {
  if (change.environment !== 'production' || change.kind !== KIND_OF[type] || change.role === 'response')
    return false;
  if (
    change.exposures.length === 0 ||
    change.steps.some((s) => s.phase === 'failed' || s.phase === 'rolled_back')
  )
    return false;
  switch (type) {
    case 'bad-deploy':
      return service !== undefined && service.tier !== 'data';
    case 'bad-config':
      return service !== undefined;
    case 'bad-feature-flag':
      return service !== undefined;
    case 'bad-scaling':
      return service !== undefined && change.direction === 'down';
    case 'bad-infra':
      return (
        change.service === undefined &&
        change.cluster === k8sCluster('production', change.region ?? estate.regions[0] ?? '')
      );
  }
}

/** The services a region-wide infra fault breaks: 2–6 alive, non-data services of the region. */
function infraScope(estate: Estate, at: number, random: Random): string[] {
  const pool = estate.services.filter((s) => s.tier !== 'data' && isAlive(s, at)).map((s) => s.name);
  return random.sample(pool, random.int(2, 6));
}

function propagate(
  estate: Estate,
  origins: readonly string[],
  region: string,
  symptom: Symptom,
  onset: number,
  random: Random,
): Affected[] {
  const affected = new Map<string, Affected>();
  const queue: Affected[] = origins.map((service) => ({
    service,
    region,
    symptom,
    visibleAt: onset + (origins.length > 1 ? random.between(0, 20) * SECOND : 0),
    hops: 0,
    undeclared: false,
  }));
  for (const a of queue) affected.set(a.service, a);
  while (queue.length > 0) {
    const node = queue.shift() as Affected;
    if (node.hops >= 3) continue;
    const seen = node.symptom === 'saturation' ? 'latency' : node.symptom;
    const base = seen === 'errors' ? 0.75 : 0.65;
    const p = base * 0.6 ** node.hops;
    for (const edge of callersAt(estate, node.service, node.visibleAt)) {
      if (affected.has(edge.caller) || !random.chance(p)) continue;
      const caller = estate.services.find((s) => s.name === edge.caller);
      if (caller === undefined || !isAlive(caller, node.visibleAt)) continue;
      const callerSymptom: Symptom =
        seen === 'errors'
          ? random.chance(0.8)
            ? 'errors'
            : 'latency'
          : random.chance(0.7)
            ? 'latency'
            : 'errors';
      const next: Affected = {
        service: edge.caller,
        region,
        symptom: callerSymptom,
        visibleAt: node.visibleAt + random.between(5, 45) * SECOND,
        hops: node.hops + 1,
        undeclared: node.undeclared || !edge.declared,
      };
      affected.set(edge.caller, next);
      queue.push(next);
    }
  }
  return [...affected.values()];
}

const jitteredDelay = (delayMs: number, random: Random): number =>
  Math.min(90 * SECOND, Math.max(0, delayMs + random.between(-10, 10) * SECOND));

/** What a detected fault did, for the parts of the world that observe it (tracing.ts). */
export interface FaultSpread {
  readonly affected: readonly Affected[];
  /** When the rollback or fix took effect. */
  readonly fixedAt: number;
}

export interface FaultPlan {
  readonly faults: number;
  readonly start: number;
  readonly end: number;
}

/**
 * Draws faults until `plan.faults` of them were detected (fired at least one alert). Adds their alerts to
 * the book and their responses (rollbacks, hotfixes, autoscaler reactions) to the factory.
 */
export function injectFaults(
  estate: Estate,
  factory: ChangeFactory,
  book: AlertBook,
  seed: number,
  plan: FaultPlan,
): { faults: SimFault[]; undetected: number; spreads: Map<string, FaultSpread> } {
  const random = new Random(seed, 'faults');
  const spreads = new Map<string, FaultSpread>();
  const services = new Map(estate.services.map((s) => [s.name, s]));
  const faults: SimFault[] = [];
  const onsets: number[] = [];
  const used = new Set<string>();
  let undetected = 0;
  const pool = [...factory.changes];
  for (let attempt = 0; faults.length < plan.faults && attempt < plan.faults * 40; attempt += 1) {
    const type = random.weighted(FAULT_PRIORS);
    let candidates = pool.filter((c) => {
      const service = c.service === undefined ? undefined : services.get(c.service);
      const at = startedAt(c);
      return (
        !used.has(c.id) &&
        at >= plan.start + 6 * HOUR &&
        at <= plan.end - 3 * HOUR &&
        (service === undefined || isAlive(service, at)) &&
        eligible(type, c, estate, service)
      );
    });
    if (type === 'bad-deploy' && random.chance(0.5)) {
      const trains = candidates.filter((c) => c.train !== undefined);
      if (trains.length > 0) candidates = trains;
    }
    if (type === 'bad-config') {
      const shared = candidates.filter((c) => {
        const tier = services.get(c.service ?? '')?.tier;
        return tier === 'platform' || tier === 'data';
      });
      const own = candidates.filter((c) => !shared.includes(c));
      const preferred = random.chance(0.45) ? shared : own;
      if (preferred.length > 0) candidates = preferred;
    }
    if (candidates.length === 0) continue;
    const cause = random.pick(candidates);
    const onset = onsetOf(type, cause, random);
    if (onset === undefined || onset.at > plan.end - HOUR) continue;
    if (onsets.some((t) => Math.abs(t - onset.at) < 25 * MINUTE)) continue;
    used.add(cause.id);

    const id = `fault-${String(faults.length + 1).padStart(3, '0')}`;
    const symptom = originSymptom(type, random);
    const regions = cause.region === undefined ? estate.regions : [cause.region];
    const origins = type === 'bad-infra' ? infraScope(estate, onset.at, random) : [cause.service as string];
    const affected = regions.flatMap((region) =>
      propagate(
        estate,
        origins,
        region,
        symptom,
        onset.at + (region === regions[0] ? 0 : random.between(0, 40) * SECOND),
        random,
      ),
    );
    // Alerts, with an end far ahead until the fix is known.
    const provisionalEnd = onset.at + 3 * HOUR;
    const alerts: SimAlert[] = [];
    for (const node of affected) {
      const service = services.get(node.service);
      if (service === undefined) continue;
      for (const rule of service.rules.filter((r) => r.symptom === node.symptom)) {
        const begins = node.visibleAt + jitteredDelay(rule.delayMs, random);
        const alert = makeAlert(
          rule,
          { service: node.service, environment: 'production', region: node.region },
          begins,
          provisionalEnd,
          node.hops,
          id,
        );
        if (book.free(alert.fingerprint, begins, provisionalEnd)) alerts.push(alert);
      }
    }
    if (type === 'bad-infra') {
      for (const region of regions) {
        const begins = onset.at + random.between(30, 90) * SECOND;
        const rule = { name: 'RegionErrorBudgetBurn', severity: 'critical' as const };
        const alert = makeAlert(
          rule,
          { service: undefined, environment: 'production', region, cluster: cause.cluster },
          begins,
          provisionalEnd,
          0,
          id,
        );
        if (book.free(alert.fingerprint, begins, provisionalEnd)) alerts.push(alert);
      }
    }
    if (alerts.length === 0) {
      undetected += 1;
      continue;
    }
    for (const alert of alerts) book.reserve(alert);
    onsets.push(onset.at);
    const firstAlert = alerts.reduce((a, b) => (b.trueStart < a.trueStart ? b : a));

    // Responses: the autoscaler first (latency), then a rollback or a hotfix.
    const responses: SimChange[] = [];
    const confounders: string[] = [];
    const firstAt = firstAlert.trueStart;
    if (symptom !== 'errors' && random.chance(0.3)) {
      const node = random.pick(affected);
      const service = services.get(node.service);
      if (service !== undefined && service.tier !== 'data') {
        const at = onset.at + (firstAt - onset.at) * random.between(0.3, 0.9);
        const from = random.int(3, 10);
        responses.push(
          factory.instant(
            {
              source: 'keda',
              kind: 'scaling',
              environment: 'production',
              service: service.name,
              region: node.region,
              cluster: k8sCluster('production', node.region),
              team: service.team,
              actor: { type: 'automation', id: 'keda-operator' },
              summary: `Scale ${service.name} up from ${from} to ${from + 3} replicas`,
              version: { from: String(from), to: String(from + 3) },
              direction: 'up',
              role: 'response',
            },
            at,
            random.between(20, 60) * SECOND,
          ),
        );
        confounders.push('autoscaler-reaction');
      }
    }
    const rollback = random.chance(0.65);
    const fixStarts = firstAt + (rollback ? random.between(5, 30) : random.between(15, 60)) * MINUTE;
    let fixedAt: number;
    if (rollback && endedAt(cause) > fixStarts && cause.steps.some((s) => s.phase === 'progressed')) {
      // Still rolling out: the rollout itself is rolled back.
      cause.steps = [
        ...cause.steps.filter((s) => s.at < fixStarts && s.phase !== 'succeeded'),
        { at: fixStarts, phase: 'rolled_back', isRollback: true },
      ];
      cause.exposures = [
        ...cause.exposures.filter((e) => e.at < fixStarts),
        { at: fixStarts + 30 * SECOND, percent: 0 },
      ];
      fixedAt = fixStarts + 30 * SECOND;
    } else {
      const base = {
        source: cause.source,
        kind: cause.kind,
        environment: 'production' as const,
        service: cause.service,
        region: cause.region,
        cluster: cause.cluster,
        team: cause.team,
        actor: factory.person(),
        role: 'response' as const,
      };
      let fix: SimChange;
      if (cause.kind === 'deploy' && cause.service !== undefined) {
        const release = rollback
          ? { from: cause.version?.to ?? 'unknown', to: cause.version?.from ?? 'unknown' }
          : factory.nextRelease(cause.service);
        fix = factory.deploy(
          {
            ...base,
            summary: `${rollback ? 'Roll back' : 'Hotfix'} ${cause.service} to ${release.to}`,
            version: release,
            ...(rollback ? { isRollback: true } : { isHotfix: true }),
          },
          fixStarts,
          'all-at-once',
        );
      } else if (cause.kind === 'infra') {
        fix = factory.run(
          {
            ...base,
            summary: `${rollback ? 'Revert' : 'Fix'}: ${cause.summary}`,
            ...(rollback ? { isRollback: true } : { isHotfix: true }),
          },
          fixStarts,
        );
      } else {
        const revert =
          cause.version === undefined
            ? undefined
            : { from: cause.version.to ?? 'new', to: cause.version.from ?? 'old' };
        fix = factory.instant(
          {
            ...base,
            ...(cause.kind === 'scaling' ? { direction: 'up' as const } : {}),
            summary: `${rollback ? 'Revert' : 'Fix'}: ${cause.summary}`,
            ...(revert === undefined ? {} : { version: revert }),
            ...(rollback ? { isRollback: true } : { isHotfix: true }),
          },
          fixStarts,
          random.between(2, 40) * SECOND,
        );
      }
      responses.push(fix);
      fixedAt = fix.exposures[fix.exposures.length - 1]?.at ?? fixStarts;
    }
    spreads.set(id, { affected, fixedAt });
    for (const alert of alerts)
      book.end(alert, Math.max(alert.trueStart + 6 * MINUTE, fixedAt + random.between(2, 10) * MINUTE));
    book.alerts.push(...alerts);

    if (cause.train !== undefined) confounders.push('release-train');
    if (firstAlert.hops > 0) confounders.push('first-alert-on-caller');
    if (firstAlert.service === undefined) confounders.push('first-alert-without-service');
    if (onset.canary) confounders.push('canary');
    if (onset.latent) confounders.push('latent');
    if (cause.region === undefined) confounders.push('global-change');
    if (cause.service !== undefined && !alerts.some((a) => a.service === cause.service))
      confounders.push('origin-silent');
    if (affected.some((a) => a.undeclared)) confounders.push('undeclared-edge');
    faults.push({
      id,
      type,
      cause,
      origin: type === 'bad-infra' ? undefined : cause.service,
      onset: onset.at,
      alerts,
      confounders,
      responses,
    });
  }
  return { faults, undetected, spreads };
}
