/**
 * The registry's reload (with the read model faked: the real one is exercised by the e2e tests): the list
 * it serves is indexed for the evaluator, windows whose stored state did not change stay the same objects
 * (so what the schedule code remembers about them survives the reload), and a reload that finds nothing
 * changed keeps the list and its index.
 */
import type { DataSource } from 'typeorm';
import { evaluate } from '../../../src/freeze/domain/evaluator';
import { indexOf } from '../../../src/freeze/domain/window-index';
import { FreezeWindowRegistry } from '../../../src/freeze/infrastructure/freeze-window-registry';
import { toStoredWindow } from '../../../src/freeze/infrastructure/freeze-window-writer';
import { freezeWindow, instant, once, recurring } from './support/windows';

/** Rows as `SELECT id, window_state::text AS state FROM freeze_windows ORDER BY id` returns them. */
function readModel(rows: { id: string; state: string }[]): DataSource {
  return { query: () => Promise.resolve(rows) } as unknown as DataSource;
}

const stored = (window: ReturnType<typeof freezeWindow>) => ({
  id: window.id,
  state: JSON.stringify(toStoredWindow(window)),
});

describe('FreezeWindowRegistry.reload', () => {
  const weekend = freezeWindow(
    {
      name: 'Weekend',
      schedule: recurring('0 18 * * 5', 'PT60H', 'Europe/Berlin'),
      scope: { services: ['payments-*'] },
    },
    { id: 'a' },
  );
  const launch = freezeWindow(
    {
      name: 'Launch',
      schedule: once('2024-11-29T08:00:00Z', '2024-11-29T20:00:00Z'),
      scope: { teams: ['growth'] },
    },
    { id: 'b' },
  );

  it('serves an indexed list, and keeps unchanged windows as the same objects', async () => {
    const rows = [stored(weekend), stored(launch)];
    const registry = new FreezeWindowRegistry(readModel(rows));
    await registry.reload();
    const first = registry.all();
    expect(first.map((w) => w.id)).toEqual(['a', 'b']);
    expect(first[0]).toEqual(weekend);
    expect(Object.isFrozen(first)).toBe(true);
    expect(indexOf(first)).toBeDefined();
    const change = { service: 'payments-api', environment: 'prod', region: 'eu-west-1', kind: 'deploy' };
    expect(evaluate(first, change, instant('2024-11-30T12:00:00Z')).decision).toBe('deny');

    // Nothing changed (the periodic reload): the same list, with its index.
    await registry.reload();
    expect(registry.all()).toBe(first);

    // The launch window is lifted (its stored state changes), a new window appears.
    const lifted = { ...launch, liftedAt: instant('2024-11-29T10:00:00Z') };
    const added = freezeWindow({ name: 'Added', schedule: once('2024-12-01T00:00:00Z') }, { id: 'c' });
    rows.splice(0, rows.length, stored(weekend), stored(lifted), stored(added));
    await registry.reload();
    const second = registry.all();
    expect(second.map((w) => w.id)).toEqual(['a', 'b', 'c']);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]?.liftedAt).toEqual(lifted.liftedAt);
    expect(indexOf(second)).toBeDefined();

    // A window removed from the read model (e.g. by a rebuild) is gone.
    rows.splice(0, rows.length, stored(lifted));
    await registry.reload();
    expect(registry.all().map((w) => w.id)).toEqual(['b']);
    expect(registry.all()[0]).toBe(second[1]);
  });
});
