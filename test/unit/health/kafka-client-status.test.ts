import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { KafkaClientStatus } from '../../../src/health/kafka-client-status';

/** The part of a kafkajs consumer the status follows: its instrumentation events. */
function fakeConsumer(): { consumer: Consumer; emit: (event: string, payload?: unknown) => void } {
  const emitter = new EventEmitter();
  const events = {
    GROUP_JOIN: 'consumer.group_join',
    FETCH_START: 'consumer.fetch_start',
    START_BATCH_PROCESS: 'consumer.start_batch_process',
    END_BATCH_PROCESS: 'consumer.end_batch_process',
    HEARTBEAT: 'consumer.heartbeat',
    REBALANCING: 'consumer.rebalancing',
    CRASH: 'consumer.crash',
    STOP: 'consumer.stop',
    DISCONNECT: 'consumer.disconnect',
  };
  const consumer = {
    events,
    on: (event: string, listener: (e: unknown) => void) => emitter.on(event, listener),
  } as unknown as Consumer;
  return { consumer, emit: (event, payload) => emitter.emit(event, { payload }) };
}

describe('KafkaClientStatus', () => {
  it('reports a consumer ready once joined and active, and names why not otherwise', () => {
    const status = new KafkaClientStatus();
    const { consumer, emit } = fakeConsumer();
    status.watchConsumer('kafka-consumer', consumer, 20_000);
    expect(status.checks(['kafka-producer'])).toEqual({
      'kafka-producer': 'not started',
      'kafka-consumer': 'not joined its group yet',
    });
    emit('consumer.group_join');
    const joined = Date.now();
    expect(status.checks([], joined)['kafka-consumer']).toBe('ok');
    // No fetch, batch or heartbeat for longer than the stall window: stalled.
    expect(status.checks([], joined + 25_000)['kafka-consumer']).toBe(
      'no fetch, batch or heartbeat for 25 s',
    );
    status.consumerBlocked('kafka-consumer', 'waiting for PostgreSQL: connection refused');
    expect(status.checks([])['kafka-consumer']).toBe('waiting for PostgreSQL: connection refused');
    status.consumerBlocked('kafka-consumer', undefined);
    expect(status.checks([])['kafka-consumer']).toBe('ok');
    emit('consumer.crash', { error: new Error('Connection error') });
    expect(status.checks([])['kafka-consumer']).toBe('crashed (restarting): Connection error');
    emit('consumer.group_join');
    expect(status.checks([])['kafka-consumer']).toBe('ok');
  });

  it('takes reported checks as they are', () => {
    const status = new KafkaClientStatus();
    status.report('kafka-producer', false, 'broker unreachable: Connection error');
    expect(status.checks(['kafka-producer'])).toEqual({
      'kafka-producer': 'broker unreachable: Connection error',
    });
    status.report('kafka-producer', true, 'ok');
    expect(status.checks(['kafka-producer'])).toEqual({ 'kafka-producer': 'ok' });
  });
});
