import { ConfigResourceTypes, type Admin, type Kafka, type Producer } from 'kafkajs';
import { createProducer } from '../../messaging/kafka/kafka-client';
import {
  readPartition,
  singlePartitionOffsets,
  type PartitionOffsets,
} from '../../messaging/kafka/partition-reader';
import type { Checkpoint } from '../domain/checkpoint';
import { checkpointMessage, checkpointOfMessage, type CheckpointTarget } from './checkpoint-targets';

/**
 * A Kafka topic (AUDIT_CHECKPOINT_TOPIC): one message per checkpoint, in tree-size order, by an
 * idempotent producer with acks from all in-sync replicas. Its progress is the last message of the
 * topic, so a restart neither republishes nor skips; the end offset is checked every round (one cheap
 * request) and the last message read again only when someone else moved it.
 */
export class KafkaCheckpointTarget implements CheckpointTarget {
  readonly name = 'kafka';
  private producer: Producer;
  private connected: Promise<void> | undefined;
  /** Connected once and kept: the end offset is asked every round. */
  private admin: { client: Admin; connected: Promise<void> } | undefined;
  private policyChecked = false;
  /** The topic's end offset as last seen here, and the tree size of the message before it. */
  private known: { end: number; treeSize: number } | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly sendTimeoutMs: number,
  ) {
    this.producer = createProducer(kafka);
  }

  async publishedUpTo(): Promise<number> {
    let offsets: PartitionOffsets;
    try {
      if (this.admin === undefined) {
        const client = this.kafka.admin();
        this.admin = { client, connected: client.connect() };
      }
      await this.admin.connected;
      await this.refuseCompaction(this.admin.client);
      offsets = await singlePartitionOffsets(this.admin.client, this.topic);
    } catch (error) {
      await this.admin?.client.disconnect().catch(() => undefined);
      this.admin = undefined;
      throw error;
    }
    const { low, high } = offsets;
    if (this.known?.end === high) return this.known.treeSize;
    if (high === 0) {
      this.known = { end: 0, treeSize: 0 };
      return 0;
    }
    if (low >= high) {
      throw new Error(
        `${this.topic} has no message left to tell what it holds (retention removed them): refusing to republish`,
      );
    }
    let last: Checkpoint | undefined;
    await readPartition(
      this.kafka,
      this.topic,
      { from: high - 1, until: high },
      (message) => {
        last = checkpointOfMessage(message);
      },
      { groupPrefix: 'change-audit-checkpoint-end', idleMs: this.sendTimeoutMs * 2 },
    );
    const treeSize = last?.treeSize ?? 0;
    this.known = { end: high, treeSize };
    return treeSize;
  }

  async publish(checkpoint: Checkpoint): Promise<void> {
    try {
      this.connected ??= this.producer.connect();
      await this.connected;
      const [sent] = await this.producer.send({
        topic: this.topic,
        acks: -1,
        timeout: this.sendTimeoutMs,
        messages: [checkpointMessage(checkpoint)],
      });
      if (sent !== undefined) {
        this.known = { end: Number(sent.baseOffset) + 1, treeSize: checkpoint.treeSize };
      }
    } catch (error) {
      // A fresh producer (and producer id) next time: after a broker outage kafkajs's idempotent producer
      // can keep failing on sequence numbers the broker has forgotten. What reached the topic is read back
      // from it before the next publish, so nothing is sent twice.
      this.known = undefined;
      const failed = this.producer;
      this.producer = createProducer(this.kafka);
      this.connected = undefined;
      await failed.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.admin?.client.disconnect();
    await this.producer.disconnect();
  }

  /** A compacted topic would keep one checkpoint per origin: checked once, before the first publish. */
  private async refuseCompaction(admin: Admin): Promise<void> {
    if (this.policyChecked) return;
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: this.topic, configNames: ['cleanup.policy'] }],
    });
    const policy = resources[0]?.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue;
    if (policy?.includes('compact') === true) {
      throw new Error(
        `${this.topic} has cleanup.policy=${policy}: compaction would delete checkpoints; set it to delete`,
      );
    }
    this.policyChecked = true;
  }
}
