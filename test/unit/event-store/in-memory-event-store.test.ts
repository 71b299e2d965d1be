import { InMemoryEventStore, InMemoryTransaction } from '../../../src/event-store/in-memory-event-store';
import { StreamVersionConflictError, transactionOnStream } from '../../../src/event-store/event-store';
import { contractEvent, describeEventStoreContract } from '../../support/event-store-contract';

describeEventStoreContract('InMemoryEventStore', () =>
  Promise.resolve({ store: new InMemoryEventStore(), notATransaction: new InMemoryTransaction() }),
);

describe('transactionOnStream', () => {
  it('runs a command again, afresh, when its stream moved under it; gives up after the attempts', async () => {
    const store = new InMemoryEventStore();
    const stream = { streamType: 'test', namespace: 'test', streamId: 'race' };
    let attempts = 0;
    // The first attempt decides on a version another command has already moved past.
    const appended = await transactionOnStream(store, async (tx) => {
      attempts += 1;
      const seen = attempts === 1 ? -1 : await store.streamVersion(stream);
      return store.append(tx, [contractEvent(`e-${attempts}`, 'race')], { expectedStreamVersion: seen });
    });
    expect(attempts).toBe(2);
    expect(appended.appended.map((e) => e.eventId)).toEqual(['e-2']);

    let tries = 0;
    await expect(
      transactionOnStream(
        store,
        (tx) => {
          tries += 1;
          return store.append(tx, [contractEvent(`never-${tries}`, 'race')], { expectedStreamVersion: 0 });
        },
        3,
      ),
    ).rejects.toBeInstanceOf(StreamVersionConflictError);
    expect(tries).toBe(3);
  });
});
