import type * as crypto from 'node:crypto';
import { hashedEventOf, type AuditEventView } from './audit-event';
import { checkCheckpoint, type Checkpoint } from './checkpoint';
import { eventHash } from './event-hash';
import { verifyInclusion } from './merkle-tree';

export const EVIDENCE_FORMAT = 'change-audit-evidence/v1';

/** One event of a bundle and its inclusion proof in the bundle's checkpoint. */
export interface ProvenEvent {
  readonly event: AuditEventView;
  readonly leafIndex: number;
  /** Hex hashes, RFC 9162 audit path. */
  readonly proof: readonly string[];
}

/** Which stream a bundle proves (a change: type `change`, its source, its changeId). */
export interface StreamAddress {
  readonly streamType: string;
  readonly namespace: string;
  readonly streamId: string;
}

/** A stream's record (e.g. one change's), checkable offline with the service's public key alone. */
export interface EvidenceBundle {
  readonly format: typeof EVIDENCE_FORMAT;
  readonly stream: StreamAddress;
  readonly checkpoint: Checkpoint;
  readonly events: readonly ProvenEvent[];
}

/** Checks an event's inclusion proof against a checkpoint; returns what is wrong, if anything. */
export function checkInclusion(proven: ProvenEvent, checkpoint: Checkpoint): string | undefined {
  const leaf = eventHash(hashedEventOf(proven.event));
  const where = `event ${proven.event.namespace}/${proven.event.eventId} (position ${proven.event.position})`;
  const included = verifyInclusion(
    proven.leafIndex,
    checkpoint.treeSize,
    Buffer.from(leaf, 'hex'),
    proven.proof.map((p) => Buffer.from(p, 'hex')),
    Buffer.from(checkpoint.rootHash, 'hex'),
  );
  return included
    ? undefined
    : `${where}: its content and inclusion proof do not give the root of checkpoint ${checkpoint.treeSize}`;
}

/**
 * Verifies a bundle offline: the checkpoint's signature with a trusted key, every event's hash from its
 * content and its inclusion proof, and that every event belongs to the bundle's stream.
 */
export function verifyEvidenceBundle(
  bundle: EvidenceBundle,
  trusted: ReadonlyMap<string, crypto.KeyObject>,
): string[] {
  const problems: string[] = [];
  // A bundle is read from a file: its format is what the file says, whatever the type claims.
  const format: unknown = bundle.format;
  if (format !== EVIDENCE_FORMAT) return [`not an evidence bundle (format ${String(format)})`];
  const rejection = checkCheckpoint(bundle.checkpoint, trusted);
  if (rejection !== undefined) problems.push(`checkpoint ${bundle.checkpoint.treeSize}: ${rejection}`);
  if (bundle.events.length === 0) problems.push('the bundle holds no events');
  for (const proven of bundle.events) {
    const e = proven.event;
    const { streamType, namespace, streamId } = bundle.stream;
    if (e.streamType !== streamType || e.namespace !== namespace || e.streamId !== streamId) {
      problems.push(
        `event ${e.namespace}/${e.eventId} is not in stream ${streamType}/${namespace}/${streamId}`,
      );
    }
    const problem = checkInclusion(proven, bundle.checkpoint);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}
