import type { ChangeEventV1 } from '../../src/contracts/generated/change-event.v1';

/** Small, seedable PRNG (mulberry32) so generated data sets are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = [
  'checkout',
  'payments',
  'cart',
  'search',
  'catalog',
  'auth',
  'ledger',
  'shipping',
  'pricing',
  'fraud',
];
const ENVIRONMENTS = ['production', 'staging'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
const KINDS = ['deploy', 'config', 'scaling', 'feature_flag', 'experiment'] as const;
const SOURCES = ['argo-cd', 'ones', 'consul', 'karpenter', 'launchdarkly'];

/**
 * `count` valid change events spread over changes of 1 to 4 events each (started, progressed...,
 * then a terminal phase), with realistic fields. eventIds are `${prefix}-e<n>`, unique.
 */
export function generateChangeEvents(count: number, seed = 1, prefix = 'gen'): ChangeEventV1[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const events: ChangeEventV1[] = [];
  const base = Date.parse('2026-11-01T00:00:00Z');
  let change = 0;
  while (events.length < count) {
    change += 1;
    const steps = 1 + Math.floor(random() * 4);
    const service = pick(SERVICES);
    const start = base + Math.floor(random() * 20 * 86_400_000);
    const kind = pick(KINDS);
    const source = pick(SOURCES);
    for (let step = 0; step < steps && events.length < count; step += 1) {
      const last = step === steps - 1 && steps > 1;
      const phase = step === 0 ? 'started' : last ? (random() < 0.9 ? 'succeeded' : 'failed') : 'progressed';
      events.push({
        eventId: `${prefix}-e${events.length}`,
        changeId: `${prefix}-c${change}`,
        source,
        kind,
        phase,
        occurredAt: new Date(start + step * 60_000).toISOString(),
        environment: pick(ENVIRONMENTS),
        service,
        region: pick(REGIONS),
        team: `team-${service}`,
        actor: { type: 'service', id: `${source}-bot` },
        summary: `${kind} of ${service} (${phase})`,
        version: { from: `v1.${change}.0`, to: `v1.${change}.1` },
        ...(phase === 'progressed'
          ? { rollout: { stage: 'batch', batch: step, totalBatches: steps - 1 } }
          : {}),
        attributes: { pipeline: `run-${change}`, attempt: 1 },
      });
    }
  }
  return events;
}

export type InvalidKind = 'not_json' | 'schema' | 'too_large' | 'invalid_text';

/** Messages that must each be rejected, with the reason the consumer should give. */
export function generateInvalidMessages(count: number, seed = 2): { value: Buffer; reason: InvalidKind }[] {
  const random = seededRandom(seed);
  const template = generateChangeEvents(1, seed, 'invalid')[0];
  if (template === undefined) throw new Error('unreachable');
  const out: { value: Buffer; reason: InvalidKind }[] = [];
  for (let i = 0; i < count; i += 1) {
    const roll = random();
    const eventId = `invalid-${i}`;
    if (roll < 0.3) {
      out.push({ value: Buffer.from(`{"eventId": "${eventId}", broken json`), reason: 'not_json' });
    } else if (roll < 0.8) {
      const bad = { ...template, eventId, phase: 'deployed' };
      out.push({ value: Buffer.from(JSON.stringify(bad)), reason: 'schema' });
    } else if (roll < 0.9) {
      const huge = { ...template, eventId, summary: 'x'.repeat(70_000) };
      out.push({ value: Buffer.from(JSON.stringify(huge)), reason: 'too_large' });
    } else {
      const nul = { ...template, eventId, summary: 'bad\u0000text' };
      out.push({ value: Buffer.from(JSON.stringify(nul)), reason: 'invalid_text' });
    }
  }
  return out;
}

/** A shuffled copy (Fisher-Yates) driven by `random`, e.g. seededRandom(n) for a repeatable order. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
