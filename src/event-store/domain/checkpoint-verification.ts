import type * as crypto from 'node:crypto';
import { hashedEventOf, type AuditEventView } from './audit-event';
import { checkCheckpoint, type Checkpoint } from './checkpoint';
import { eventHash } from './event-hash';
import { MerkleFrontier } from './merkle-tree';

/** What a verifier remembers between runs: the last checkpoint it verified and the tree's right edge. */
export interface VerifiedState {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly lastPosition: string;
  /** MerkleFrontier#toHex: one hash per set bit of treeSize, largest subtree first. */
  readonly edge: readonly string[];
}

export interface VerificationReport {
  readonly ok: boolean;
  /** Events read and rehashed in this run (only those after the last verified checkpoint). */
  readonly eventsChecked: number;
  /** Checkpoints the events were found to match in this run. */
  readonly checkpointsVerified: number;
  readonly verifiedTreeSize: number;
  readonly problems: readonly string[];
  /** The state to keep for the next run (unchanged past a problem). */
  readonly state: VerifiedState | undefined;
}

/** Reads committed events after a position, in position order (GET /v1/audit/events). */
export type EventPageReader = (after: string, limit: number) => Promise<readonly AuditEventView[]>;

const PAGE = 1_000;

/**
 * Checks the store's events against checkpoints the verifier holds itself (not ones the database
 * serves): each held checkpoint's signature with a trusted key, then, from the last verified checkpoint
 * on, every event's hash recomputed from its content and folded into the Merkle tree, whose root at
 * each held checkpoint's size must be that checkpoint's root, ending at its last position. An edited
 * (even re-hashed), removed, inserted or moved event changes that root. Held checkpoints at one size
 * with two roots (a split view) are a problem too. Costs the events since the last verified checkpoint.
 */
export async function verifyAgainstHeldCheckpoints(
  held: readonly Checkpoint[],
  trusted: ReadonlyMap<string, crypto.KeyObject>,
  previous: VerifiedState | undefined,
  readEvents: EventPageReader,
): Promise<VerificationReport> {
  const problems: string[] = [];
  const bySize = new Map<number, Checkpoint>();
  for (const checkpoint of held) {
    const rejection = checkCheckpoint(checkpoint, trusted);
    if (rejection !== undefined) {
      problems.push(`held checkpoint ${checkpoint.treeSize} is not trusted: ${rejection}`);
      continue;
    }
    const other = bySize.get(checkpoint.treeSize);
    if (other !== undefined && other.rootHash !== checkpoint.rootHash) {
      problems.push(
        `two signed checkpoints of size ${checkpoint.treeSize} with different roots: a split view`,
      );
    }
    bySize.set(checkpoint.treeSize, checkpoint);
  }
  const sameSizeAsPrevious = previous === undefined ? undefined : bySize.get(previous.treeSize);
  if (
    previous !== undefined &&
    sameSizeAsPrevious !== undefined &&
    sameSizeAsPrevious.rootHash !== previous.rootHash
  ) {
    problems.push(`held checkpoint ${previous.treeSize} disagrees with the one verified before`);
  }
  const targets = [...bySize.values()]
    .filter((c) => c.treeSize > (previous?.treeSize ?? 0))
    .sort((a, b) => a.treeSize - b.treeSize);

  const frontier =
    previous === undefined
      ? MerkleFrontier.empty()
      : MerkleFrontier.fromHex(previous.treeSize, previous.edge);
  let after = previous?.lastPosition ?? '0';
  let state = previous;
  let eventsChecked = 0;
  let checkpointsVerified = 0;
  for (const target of problems.length > 0 ? [] : targets) {
    while (frontier.size < target.treeSize) {
      const page = await readEvents(after, Math.min(PAGE, target.treeSize - frontier.size));
      if (page.length === 0) break;
      for (const event of page) {
        const hash = eventHash(hashedEventOf(event));
        frontier.append(Buffer.from(hash, 'hex'));
        after = event.position;
        eventsChecked += 1;
      }
    }
    const root = frontier.root().toString('hex');
    if (frontier.size < target.treeSize) {
      problems.push(
        `checkpoint ${target.treeSize} (sealed ${target.timestamp}) covers ${target.treeSize} events, but the ` +
          `database holds only ${frontier.size} up to its head: events were removed`,
      );
      break;
    }
    if (root !== target.rootHash || after !== target.lastPosition) {
      problems.push(
        `the database's events do not give the root of checkpoint ${target.treeSize} (sealed ` +
          `${target.timestamp}, last position ${target.lastPosition}): events at positions after ` +
          `${state?.lastPosition ?? '0'} and up to ${target.lastPosition} were edited, removed, inserted or moved`,
      );
      break;
    }
    checkpointsVerified += 1;
    state = { treeSize: target.treeSize, rootHash: root, lastPosition: after, edge: frontier.toHex() };
  }
  return {
    ok: problems.length === 0,
    eventsChecked,
    checkpointsVerified,
    verifiedTreeSize: state?.treeSize ?? 0,
    problems,
    state,
  };
}
