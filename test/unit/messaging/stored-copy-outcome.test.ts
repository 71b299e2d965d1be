import {
  withStoredCopy,
  type IngestOutcomeView,
} from '../../../src/messaging/http/ingest-outcomes.controller';
import { kafkaCoordinatesOf, metadataFromMessage } from '../../../src/messaging/kafka/message-metadata';

const filed = (
  outcome: IngestOutcomeView['outcome'],
  offset: string,
  recordedAt: string,
): IngestOutcomeView => ({
  outcome,
  reason: outcome === 'duplicate' ? null : 'why',
  topic: 'change-events',
  partition: 1,
  offset,
  recordedAt,
});

const storedAt = (offset: string, recordedAt: string) => ({
  position: 7n,
  recordedAt: new Date(recordedAt),
  metadata: metadataFromMessage('change-events', 1, offset, undefined),
});

describe('the stored copy of a consumed event, answered from the stored event', () => {
  it('reads the coordinates metadataFromMessage records, and nothing from events that did not come from Kafka', () => {
    expect(kafkaCoordinatesOf(metadataFromMessage('t', 3, '42', undefined))).toEqual({
      topic: 't',
      partition: 3,
      offset: '42',
    });
    expect(kafkaCoordinatesOf({ receivedVia: 'http' })).toBeUndefined();
    expect(kafkaCoordinatesOf({ kafka: { topic: 't', partition: '3', offset: '42' } })).toBeUndefined();
    expect(kafkaCoordinatesOf({ kafka: ['t', 3, '42'] })).toBeUndefined();
  });

  it('places the stored copy among the filed outcomes, newest first', () => {
    const outcomes = withStoredCopy(
      [
        filed('duplicate', '30', '2026-12-07T10:00:03.000Z'),
        filed('rejected', '5', '2026-12-07T09:59:00.000Z'),
      ],
      storedAt('12', '2026-12-07T10:00:01.000Z'),
    );
    expect(outcomes.map((o) => [o.outcome, o.offset])).toEqual([
      ['duplicate', '30'],
      ['stored', '12'],
      ['rejected', '5'],
    ]);
    expect(outcomes[1]).toEqual({
      outcome: 'stored',
      reason: null,
      topic: 'change-events',
      partition: 1,
      offset: '12',
      recordedAt: '2026-12-07T10:00:01.000Z',
    });
  });

  it('breaks a tie in time by offset, numerically', () => {
    const at = '2026-12-07T10:00:00.000Z';
    const outcomes = withStoredCopy([filed('duplicate', '9', at)], storedAt('10', at));
    expect(outcomes.map((o) => o.offset)).toEqual(['10', '9']);
  });

  it('does not repeat a stored copy an earlier version filed as a row', () => {
    const legacy = { ...filed('stored', '12', '2026-12-07T10:00:01.000Z'), reason: null };
    expect(withStoredCopy([legacy], storedAt('12', '2026-12-07T10:00:01.000Z'))).toEqual([legacy]);
  });

  it('adds nothing when the event is not stored, or was not consumed from Kafka', () => {
    const rows = [filed('rejected', '5', '2026-12-07T09:59:00.000Z')];
    expect(withStoredCopy(rows, undefined)).toEqual(rows);
    expect(
      withStoredCopy(rows, { position: 1n, recordedAt: new Date(), metadata: { receivedVia: 'http' } }),
    ).toEqual(rows);
  });
});
