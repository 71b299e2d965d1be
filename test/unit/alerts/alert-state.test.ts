import fc from 'fast-check';
import type { AlertEvent } from '../../../src/alerts/domain/alert-event';
import { applyAlertEvent, foldAlertEvents } from '../../../src/alerts/domain/alert-state';

const firing: AlertEvent = {
  fingerprint: 'a3f1c9e07d5b2e64',
  source: 'alertmanager',
  status: 'firing',
  startsAt: '2026-11-14T13:42:07Z',
  name: 'HighErrorRate',
  severity: 'critical',
  environment: 'production',
  service: 'checkout-api',
  annotations: { summary: 'firing description' },
};
const resolved: AlertEvent = {
  ...firing,
  status: 'resolved',
  endsAt: '2026-11-14T14:03:00Z',
  annotations: { summary: 'resolved description' },
};

describe('applyAlertEvent', () => {
  it('opens an instance on its firing notification and closes it on the resolved one', () => {
    const opened = applyAlertEvent(undefined, firing);
    expect(opened.effect).toBe('opened');
    expect(opened.state).toMatchObject({ status: 'firing', startsAt: Date.parse(firing.startsAt) });
    const closed = applyAlertEvent(opened.state, resolved);
    expect(closed.effect).toBe('resolved');
    expect(closed.state).toMatchObject({ status: 'resolved', endsAt: Date.parse('2026-11-14T14:03:00Z') });
  });

  it('treats a repeated firing notification as a no-op', () => {
    const { state } = applyAlertEvent(undefined, firing);
    const repeat = applyAlertEvent(state, { ...firing, annotations: { summary: 'a newer value' } });
    expect(repeat.effect).toBe('duplicate');
    expect(repeat.state).toBe(state);
  });

  it('keeps an instance closed when its firing notification arrives after the resolution', () => {
    const first = applyAlertEvent(undefined, resolved);
    expect(first.effect).toBe('resolved');
    const late = applyAlertEvent(first.state, firing);
    expect(late.effect).toBe('late_firing');
    expect(late.state.status).toBe('resolved');
    // The firing notification describes the alert; the resolution only ends it.
    expect(late.state.alert.annotations).toEqual(firing.annotations);
  });

  it('refuses an event of another instance', () => {
    const { state } = applyAlertEvent(undefined, firing);
    expect(() => applyAlertEvent(state, { ...firing, startsAt: '2026-11-14T18:00:00Z' })).toThrow(/instance/);
  });

  it('folds to the same state whatever the order and duplication of its events', () => {
    const expected = foldAlertEvents([firing, resolved]);
    const orders = fc.array(fc.constantFrom(firing, resolved), { maxLength: 4 }).chain((extra) => {
      const all = [firing, resolved, ...extra];
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    });
    fc.assert(
      fc.property(orders, (events) => {
        expect(foldAlertEvents(events)).toEqual(expected);
      }),
    );
  });
});
