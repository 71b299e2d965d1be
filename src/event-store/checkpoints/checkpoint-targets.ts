import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
