/**
 * The changes as their sources publish them: change-event.v1 events whose occurredAt carries the source's
 * clock skew, each arriving a few seconds later (terraform-cloud when its run ends; now and then minutes
 * late). Events of one change arrive in order (one Kafka key).
 */
import type { ChangeEventV1 } from '../../src/contracts/generated/change-event.v1';
import type { SimChange } from './changes';
import { MINUTE, SECOND } from './estate';
import { Random } from './random';

export interface PublishedChangeEvent {
  readonly event: ChangeEventV1;
  readonly arrivesAt: number;
}

/** Each source's fixed skew: within ±45 s, one source per estate ±60–90 s. */
export function sourceSkews(
  changes: readonly SimChange[],
  seed: number,
): { skews: Map<string, number>; badlySkewed: string } {
  const random = new Random(seed, 'skew');
  const sources = [...new Set(changes.map((c) => c.source))].sort();
  const skews = new Map(sources.map((s) => [s, random.between(-45, 45) * SECOND]));
  const badlySkewed = random.pick(sources);
  skews.set(badlySkewed, (random.chance(0.5) ? 1 : -1) * random.between(60, 90) * SECOND);
  return { skews, badlySkewed };
}

const iso = (at: number): string => new Date(Math.round(at)).toISOString();

export function publish(
  changes: readonly SimChange[],
  skews: ReadonlyMap<string, number>,
  seed: number,
  until: number,
): PublishedChangeEvent[] {
  const random = new Random(seed, 'publish');
  const out: PublishedChangeEvent[] = [];
  for (const change of changes) {
    const skew = skews.get(change.source) ?? 0;
    const runEnd = change.steps[change.steps.length - 1]?.at ?? 0;
    let lastArrival = -Infinity;
    change.steps.forEach((step, i) => {
      if (step.at > until) return;
      const attributes = {
        ...change.attributes,
        ...(change.train === undefined ? {} : { 'release.train': change.train }),
      };
      const isRollback = change.isRollback || step.isRollback === true;
      const event: ChangeEventV1 = {
        eventId: `${change.id}.${i + 1}`,
        changeId: change.id,
        source: change.source,
        kind: change.kind,
        phase: step.phase,
        occurredAt: iso(step.at + skew),
        environment: change.environment,
        ...(change.service === undefined ? {} : { service: change.service }),
        ...(change.region === undefined ? {} : { region: change.region }),
        ...(change.cluster === undefined ? {} : { cluster: change.cluster }),
        team: change.team,
        actor: change.actor,
        summary: change.summary,
        ...(change.version === undefined ? {} : { version: change.version }),
        ...(step.rollout === undefined ? {} : { rollout: step.rollout }),
        ...(isRollback ? { isRollback: true } : {}),
        ...(change.isHotfix ? { isHotfix: true } : {}),
        ...(Object.keys(attributes).length === 0 ? {} : { attributes }),
      };
      let arrivesAt =
        change.source === 'terraform-cloud'
          ? Math.max(step.at, runEnd) + random.between(1, 15) * SECOND
          : step.at + random.between(1, 15) * SECOND;
      if (random.chance(0.02)) arrivesAt += random.between(2, 10) * MINUTE;
      arrivesAt = Math.max(arrivesAt, lastArrival);
      lastArrival = arrivesAt;
      out.push({ event, arrivesAt });
    });
  }
  return out.sort((a, b) => a.arrivesAt - b.arrivesAt || (a.event.eventId < b.event.eventId ? -1 : 1));
}
