import type { CorrelationAlert, CorrelationChange } from '../../../src/correlation/domain/inputs';
import { ServiceGraph } from '../../../src/correlation/domain/topology';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** The instant the alert under test starts. */
export const T = Date.parse('2026-11-14T14:00:00Z');

/** A change started `minutesBefore` the alert (negative: after it), succeeded a few minutes later. */
export function change(
  changeId: string,
  minutesBefore: number,
  fields: Partial<CorrelationChange> = {},
): CorrelationChange {
  const startedAt = T - minutesBefore * MINUTE;
  return {
    changeId,
    source: 'argo-cd',
    kind: 'deploy',
    phase: 'succeeded',
    environment: 'production',
    region: 'eu-west-1',
    isRollback: false,
    startedAt,
    finishedAt: startedAt + 3 * MINUTE,
    steps: [],
    ...fields,
  };
}

export function alert(
  key: string,
  minutesAfter: number,
  fields: Partial<CorrelationAlert> = {},
): CorrelationAlert {
  return {
    key,
    fingerprint: key,
    source: 'alertmanager',
    name: 'HighErrorRate',
    severity: 'critical',
    status: 'firing',
    environment: 'production',
    region: 'eu-west-1',
    startsAt: T + minutesAfter * MINUTE,
    ...fields,
  };
}

/** web → checkout → payments → payments-db; checkout → cart → cart-db; web → search → catalog; mobile and orders call in too. */
export function shopGraph(): ServiceGraph {
  const edges = [
    ['web', 'checkout'],
    ['web', 'search'],
    ['mobile', 'checkout'],
    ['checkout', 'payments'],
    ['checkout', 'cart'],
    ['payments', 'payments-db'],
    ['cart', 'cart-db'],
    ['search', 'catalog'],
    ['orders', 'payments'],
  ].map(([caller, dependency]) => ({ caller: caller ?? '', dependency: dependency ?? '' }));
  return ServiceGraph.fromEdges(edges);
}
