import { Injectable } from '@nestjs/common';
import type { Consumer, Producer } from 'kafkajs';

/** The Kafka clients readiness waits for in Kafka mode, by the names they register under. */
export const KAFKA_PRODUCER_CHECK = 'kafka-producer';
export const KAFKA_CONSUMER_CHECK = 'kafka-consumer';

interface ClientState {
  readonly ready: boolean;
  readonly detail: string;
}

/**
 * The Kafka clients' connection state, followed through kafkajs's instrumentation events, for the
 * readiness probe: a producer is ready once connected, a consumer once it has joined its group (again
 * after a crash and restart). Clients register themselves when they are created.
 */
@Injectable()
export class KafkaClientStatus {
  private readonly clients = new Map<string, ClientState>();

  watchProducer(name: string, producer: Producer): void {
    this.set(name, false, 'not connected yet');
    producer.on(producer.events.CONNECT, () => {
      this.set(name, true, 'connected');
    });
    producer.on(producer.events.DISCONNECT, () => {
      this.set(name, false, 'disconnected');
    });
  }

  watchConsumer(name: string, consumer: Consumer): void {
    this.set(name, false, 'not joined its group yet');
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.set(name, true, 'joined');
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.set(name, false, `crashed: ${event.payload.error.message}`);
    });
    consumer.on(consumer.events.STOP, () => {
      this.set(name, false, 'stopped');
    });
    consumer.on(consumer.events.DISCONNECT, () => {
      this.set(name, false, 'disconnected');
    });
  }

  /** 'ok' or why not, for each of `expected` (missing: never registered) and every registered client. */
  checks(expected: readonly string[]): Record<string, string> {
    const checks: Record<string, string> = {};
    for (const name of expected) checks[name] = 'not started';
    for (const [name, state] of this.clients) checks[name] = state.ready ? 'ok' : state.detail;
    return checks;
  }

  private set(name: string, ready: boolean, detail: string): void {
    this.clients.set(name, { ready, detail });
  }
}
