import { Injectable } from '@nestjs/common';
import type { Consumer } from 'kafkajs';

/** The Kafka checks readiness waits for in Kafka mode, by the names they report under. */
export const KAFKA_PRODUCER_CHECK = 'kafka-producer';
export const KAFKA_CONSUMER_CHECK = 'kafka-consumer';
export const KAFKA_TOPICS_CHECK = 'kafka-topics';

interface Reported {
  readonly ready: boolean;
  readonly detail: string;
}

interface ConsumerState {
  readonly stallAfterMs: number;
  joined: boolean;
  detail: string;
  /** When the consumer last showed it works: a fetch, a batch, a heartbeat. */
  lastActivity: number;
  /** Set while the consumer holds a batch it cannot store (PostgreSQL unreachable). */
  blocked: string | undefined;
}

/**
 * What the Kafka side of the instance can do, for the readiness probe. The broker probe reports whether
 * the broker answers (for producing); a consumer is followed through kafkajs's instrumentation events
 * and is ready while it is in its group and fetching: joined, not crashed or rebalancing, not blocked on
 * the database, and active within its stall window.
 */
@Injectable()
export class KafkaClientStatus {
  private readonly reported = new Map<string, Reported>();
  private readonly consumers = new Map<string, ConsumerState>();

  report(name: string, ready: boolean, detail: string): void {
    this.reported.set(name, { ready, detail });
  }

  watchConsumer(name: string, consumer: Consumer, stallAfterMs: number): void {
    const state: ConsumerState = {
      stallAfterMs,
      joined: false,
      detail: 'not joined its group yet',
      lastActivity: Date.now(),
      blocked: undefined,
    };
    this.consumers.set(name, state);
    const active = (): void => {
      state.lastActivity = Date.now();
    };
    const down = (detail: string): void => {
      state.joined = false;
      state.detail = detail;
    };
    consumer.on(consumer.events.GROUP_JOIN, () => {
      state.joined = true;
      active();
    });
    for (const event of [
      consumer.events.FETCH_START,
      consumer.events.START_BATCH_PROCESS,
      consumer.events.END_BATCH_PROCESS,
      consumer.events.HEARTBEAT,
    ]) {
      consumer.on(event, active);
    }
    consumer.on(consumer.events.REBALANCING, () => {
      down('rebalancing');
    });
    consumer.on(consumer.events.CRASH, (event) => {
      down(`crashed (restarting): ${event.payload.error.message}`);
    });
    consumer.on(consumer.events.STOP, () => {
      down('stopped');
    });
    consumer.on(consumer.events.DISCONNECT, () => {
      down('disconnected');
    });
  }

  /** The consumer holds a batch it cannot store (`reason`), or no longer (undefined). */
  consumerBlocked(name: string, reason: string | undefined): void {
    const state = this.consumers.get(name);
    if (state === undefined) return;
    state.blocked = reason;
    state.lastActivity = Date.now();
  }

  /** 'ok' or why not, for each of `expected` (missing: never registered) and every registered check. */
  checks(expected: readonly string[], now = Date.now()): Record<string, string> {
    const checks: Record<string, string> = {};
    for (const name of expected) checks[name] = 'not started';
    for (const [name, state] of this.reported) checks[name] = state.ready ? 'ok' : state.detail;
    for (const [name, state] of this.consumers) checks[name] = consumerCheck(state, now);
    return checks;
  }
}

function consumerCheck(state: ConsumerState, now: number): string {
  if (state.blocked !== undefined) return state.blocked;
  if (!state.joined) return state.detail;
  const idle = now - state.lastActivity;
  if (idle > state.stallAfterMs) return `no fetch, batch or heartbeat for ${Math.round(idle / 1000)} s`;
  return 'ok';
}
