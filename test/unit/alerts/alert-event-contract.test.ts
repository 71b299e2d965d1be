import {
  alertEventId,
  alertInstanceKey,
  checkAlertEvent,
  type AlertEvent,
} from '../../../src/alerts/domain/alert-event';
import { ContractValidator } from '../../../src/contracts/contract-validator';
import { describeContractExamples } from '../../support/contract-examples';

/** The examples are dated November 2026: check them at a fixed instant after them, not at the run's clock. */
const NOW = Date.parse('2026-11-15T00:00:00Z');
const validator = new ContractValidator<AlertEvent>('alert-event.v1', (event) => checkAlertEvent(event, NOW));

const minimal: AlertEvent = {
  fingerprint: 'a3f1c9e07d5b2e64',
  source: 'alertmanager',
  status: 'firing',
  startsAt: '2026-11-14T13:42:07Z',
  name: 'HighErrorRate',
  severity: 'critical',
  environment: 'production',
};

describeContractExamples('alert-event.v1', validator, { valid: 6, invalid: 10 });

describe('checkAlertEvent', () => {
  it('accepts a resolved alert that ends when it starts', () => {
    expect(checkAlertEvent({ ...minimal, status: 'resolved', endsAt: minimal.startsAt }, NOW)).toEqual([]);
  });

  it('rejects an alert starting more than 24 hours ahead of the clock', () => {
    const errors = checkAlertEvent({ ...minimal, startsAt: '2026-11-16T00:00:01Z' }, NOW);
    expect(errors).toEqual([{ field: '/startsAt', message: expect.stringContaining('future') as unknown }]);
  });

  it('compares endsAt with startsAt as instants, whatever their offsets', () => {
    // 15:00+02:00 is 13:00Z: before a 13:42Z start.
    const before = checkAlertEvent(
      { ...minimal, status: 'resolved', endsAt: '2026-11-14T15:00:00+02:00' },
      NOW,
    );
    expect(before.map((e) => e.field)).toEqual(['/endsAt']);
    const after = checkAlertEvent(
      { ...minimal, status: 'resolved', endsAt: '2026-11-14T16:00:00+02:00' },
      NOW,
    );
    expect(after).toEqual([]);
  });
});

describe('alert identity', () => {
  it('is the same instance for the same instant written with different offsets', () => {
    const z = alertInstanceKey(minimal);
    const offset = alertInstanceKey({ ...minimal, startsAt: '2026-11-14T15:42:07+02:00' });
    expect(offset).toBe(z);
  });

  it('gives a repeated firing notification the same event id and its resolution another one', () => {
    const firing = alertEventId(minimal);
    const repeated: AlertEvent = { ...minimal, annotations: { summary: 'value changed in the repeat' } };
    const repeat = alertEventId(repeated);
    const resolved = alertEventId({ ...minimal, status: 'resolved' });
    expect(repeat).toBe(firing);
    expect(resolved).not.toBe(firing);
    expect(resolved.startsWith(alertInstanceKey(minimal))).toBe(true);
  });

  it('tells apart the same fingerprint from two sources and two firings of one rule', () => {
    const keys = new Set([
      alertInstanceKey(minimal),
      alertInstanceKey({ ...minimal, source: 'grafana' }),
      alertInstanceKey({ ...minimal, startsAt: '2026-11-14T18:00:00Z' }),
    ]);
    expect(keys.size).toBe(3);
  });
});
