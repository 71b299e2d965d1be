import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KafkaMessage, Message } from 'kafkajs';
import type { Checkpoint } from '../domain/checkpoint';

/** Somewhere outside PostgreSQL that checkpoints are published to, in tree-size order. */
export interface CheckpointTarget {
  readonly name: string;
  /**
   * The largest tree size already there (0: none). Asked before every round of publishing (another
   * instance may have published since), so a target answers from what it knows when it can.
   */
  publishedUpTo(): Promise<number>;
  publish(checkpoint: Checkpoint): Promise<void>;
  /** Lets go of connections at shutdown. */
  close?(): Promise<void>;
}

/** A checkpoint's file: its tree size, zero-padded so that names sort as sizes do. */
export function checkpointFileName(treeSize: number): string {
  return `${String(treeSize).padStart(20, '0')}.json`;
}

export function checkpointFileText(checkpoint: Checkpoint): string {
  return `${JSON.stringify(checkpoint, null, 2)}\n`;
}

export const CHECKPOINT_CONTENT_TYPE = 'application/json';

/**
 * One checkpoint's message; the value is the text a checkpoint file holds. Kafka orders messages per key,
 * and the order that matters is the log's, so the key names the log (its origin): wherever the topic is
 * mirrored or repartitioned, one log's checkpoints stay in order, and a consumer of several logs tells
 * them apart without parsing. A tree-size key would scatter them. The cost: compaction would keep only
 * the newest, so the topic is `delete` with no retention limit and the Kafka target refuses a compacted one.
 */
export function checkpointMessage(checkpoint: Checkpoint): Message {
  return {
    key: checkpoint.origin,
    value: checkpointFileText(checkpoint),
    headers: {
      'content-type': CHECKPOINT_CONTENT_TYPE,
      'x-checkpoint-tree-size': String(checkpoint.treeSize),
    },
  };
}

/** The checkpoint a message carries (its signature not checked here). */
export function checkpointOfMessage(message: KafkaMessage): Checkpoint {
  const text = message.value?.toString('utf8') ?? '';
  const checkpoint = JSON.parse(text) as Checkpoint;
  if (!Number.isSafeInteger(checkpoint.treeSize)) {
    throw new Error(`the message at offset ${message.offset} is not a checkpoint`);
  }
  return checkpoint;
}

/** Reads the checkpoints of a directory written by DirectoryTarget, in tree-size order. */
export function readCheckpointDirectory(dir: string): Checkpoint[] {
  return readdirSync(dir)
    .filter((name) => /^\d{20}\.json$/.test(name))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Checkpoint);
}

/**
 * An append-only directory, the shape of an object-locked bucket: one file per checkpoint, never
 * overwritten (created by a hard link, which fails if the name exists). A file already there with other
 * content is an alarm, not something to fix here.
 */
export class DirectoryTarget implements CheckpointTarget {
  readonly name = 'directory';
  /**
   * Read from the directory once, then kept: listing a directory of years of checkpoints every round
   * would cost more than what it saves, and a file another instance wrote meanwhile is found equal.
   */
  private upTo: number | undefined;

  constructor(private readonly dir: string) {}

  publishedUpTo(): Promise<number> {
    if (this.upTo === undefined) {
      mkdirSync(this.dir, { recursive: true });
      const names = readdirSync(this.dir).filter((name) => /^\d{20}\.json$/.test(name));
      this.upTo = names.length === 0 ? 0 : Number(names.sort().at(-1)?.slice(0, 20));
    }
    return Promise.resolve(this.upTo);
  }

  publish(checkpoint: Checkpoint): Promise<void> {
    const file = path.join(this.dir, checkpointFileName(checkpoint.treeSize));
    const text = checkpointFileText(checkpoint);
    const temporary = path.join(this.dir, `.incoming-${randomBytes(6).toString('hex')}`);
    writeFileSync(temporary, text, { mode: 0o444 });
    try {
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (readFileSync(file, 'utf8') !== text) {
        throw new Error(`${file} exists with other content: refusing to overwrite a published checkpoint`);
      }
    } finally {
      unlinkSync(temporary);
    }
    this.upTo = checkpoint.treeSize;
    return Promise.resolve();
  }
}
