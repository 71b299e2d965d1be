import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';

/** A one-partition topic's offsets: the first still kept (`low`) and the next to be written (`high`). */
export interface PartitionOffsets {
  readonly low: number;
  readonly high: number;
}

/** The offsets of a topic that must have exactly one partition (its order is the point): others are refused. */
export async function singlePartitionOffsets(admin: Admin, topic: string): Promise<PartitionOffsets> {
  const partitions = await admin.fetchTopicOffsets(topic);
  const only = partitions[0];
  if (only === undefined || partitions.length !== 1) {
    throw new Error(`topic ${topic} has ${partitions.length} partitions; it must have exactly one`);
  }
  return { low: Number(only.low), high: Number(only.high) };
}

/**
 * Reads partition 0 of `topic` from offset `from` up to (not including) `until`, in order, handing each
 * message to `each`; stops at the first error `each` throws and rejects with it. kafkajs consumes only
 * in a group, so this joins a throw-away one (`groupPrefix` + a random id) that commits nothing and is
 * gone once empty. Rejects when no message arrives for `idleMs`.
 */
export async function readPartition(
  kafka: Kafka,
  topic: string,
  range: { readonly from: number; readonly until: number },
  each: (message: KafkaMessage) => Promise<void> | void,
  options: { readonly groupPrefix: string; readonly idleMs: number },
): Promise<void> {
  if (range.from >= range.until) return;
  const consumer = kafka.consumer({
    groupId: `${options.groupPrefix}-${randomUUID()}`,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 200,
  });
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Awaited below; this only keeps a rejection before that point from being unhandled.
  finished.catch(() => undefined);
  let stopped = false;
  let idle: NodeJS.Timeout | undefined;
  const stop = (error?: unknown): void => {
    if (stopped) return;
    stopped = true;
    clearTimeout(idle);
    if (error === undefined) settle?.resolve();
    else settle?.reject(error);
  };
  const arm = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      stop(new Error(`no message from ${topic} within ${options.idleMs} ms`));
    }, options.idleMs);
  };
  try {
    arm();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      stop(payload.error);
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const offset = Number(message.offset);
        if (stopped || offset < range.from) return;
        arm();
        try {
          await each(message);
        } catch (error) {
          stop(error);
          return;
        }
        if (offset >= range.until - 1) stop();
      },
    });
    consumer.seek({ topic, partition: 0, offset: String(range.from) });
    await finished;
  } finally {
    stop(new Error('stopped'));
    await consumer.disconnect().catch(() => undefined);
  }
}
