import { DEFAULT_CORRELATION_OPTIONS } from '../../../src/correlation/domain/candidates';
import type { CorrelationAlert, CorrelationChange } from '../../../src/correlation/domain/inputs';
import { alertingServicesFirst } from '../../../bench/correlation/evaluate';

const MINUTE = 60_000;
const T = Date.parse('2026-10-06T12:00:00Z');

const alert = (service: string, startsAt: number, status: 'firing' | 'resolved' = 'firing') =>
  ({
    key: `k-${service}-${startsAt}`,
    service,
    environment: 'production',
    startsAt,
    status,
  }) as unknown as CorrelationAlert;
const change = (
  changeId: string,
  service: string | undefined,
  startedAt: number,
  environment = 'production',
) => ({ changeId, service, startedAt, environment }) as unknown as CorrelationChange;

describe('baseline: changes on any alerting service first', () => {
  it('puts changes on alerting services first, newest first, then the rest, and keeps to the environment and window', () => {
    const ranking = alertingServicesFirst(
      alert('checkout', T),
      [
        change('newest-elsewhere', 'search', T - 1 * MINUTE),
        change('on-caller', 'web-frontend', T - 5 * MINUTE),
        change('on-alerting', 'checkout', T - 9 * MINUTE),
        change('infra', undefined, T - 2 * MINUTE),
        change('staging', 'checkout', T - 1 * MINUTE, 'staging'),
        change('long-resolved', 'cart', T - 3 * MINUTE),
        change('far-too-old', 'checkout', T - DEFAULT_CORRELATION_OPTIONS.lookbackMs - 60 * MINUTE),
      ],
      [alert('web-frontend', T - 1 * MINUTE), alert('cart', T - 3 * 60 * MINUTE, 'resolved')],
      DEFAULT_CORRELATION_OPTIONS,
    );
    expect(ranking).toEqual(['on-caller', 'on-alerting', 'newest-elsewhere', 'infra', 'long-resolved']);
  });
});
