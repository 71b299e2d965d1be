import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import { auditEventView, type AuditEventView } from '../domain/audit-event';
import type { Checkpoint } from '../domain/checkpoint';
import {
  EVIDENCE_FORMAT,
  type EvidenceBundle,
  type ProvenEvent,
  type StreamAddress,
} from '../domain/evidence-bundle';
import { consistencyProof, inclusionProof, nodesRead, type NodeHashes } from '../domain/merkle-tree';
import type { StoredEvent } from '../domain/stored-event';
import { PostgresEventStore } from '../postgres-event-store';
import { CheckpointRepository, type LeafPage, type SealedLeafInPage } from './checkpoint-repository';

export interface InclusionProofView extends ProvenEvent {
  readonly treeSize: number;
  readonly leafHash: string;
  readonly checkpoint: Checkpoint;
}

export interface ConsistencyProofView {
  readonly from: number;
  readonly to: number;
  readonly proof: string[];
}

const hex = (hashes: readonly Buffer[]): string[] => hashes.map((h) => h.toString('hex'));

/** Inclusion and consistency proofs from the sealed tree: O(log n) stored nodes and a leaf page or two each. */
@Injectable()
export class AuditProofs {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly checkpoints: CheckpointRepository,
  ) {}

  /** The named checkpoint, or the latest; a 404 naming what is missing otherwise. */
  async checkpoint(treeSize: number | undefined): Promise<Checkpoint> {
    const checkpoint =
      treeSize === undefined ? await this.checkpoints.latest() : await this.checkpoints.byTreeSize(treeSize);
    if (checkpoint !== undefined) return checkpoint;
    throw new DomainError(
      'not_found',
      treeSize === undefined
        ? 'no checkpoint has been sealed yet'
        : `no checkpoint with treeSize ${treeSize} (checkpoints are sealed at the sizes GET /v1/audit/checkpoints lists)`,
    );
  }

  private async compute<T>(run: (nodes: NodeHashes) => T, held?: readonly LeafPage[]): Promise<T> {
    return run(await this.checkpoints.nodeHashes(nodesRead(run), undefined, held));
  }

  /** `leaf`: the event's leaf as leafAt read it (undefined: not sealed). */
  private async prove(
    event: StoredEvent,
    checkpoint: Checkpoint,
    leaf: SealedLeafInPage | undefined,
  ): Promise<ProvenEvent & { leafHash: string }> {
    if (leaf === undefined || leaf.index >= checkpoint.treeSize) {
      throw new DomainError(
        'conflict',
        `event at position ${event.position} is not sealed in checkpoint ${checkpoint.treeSize} ` +
          'yet: retry after the sealing delay, or name a later checkpoint',
      );
    }
    const proof = await this.compute(
      (nodes) => inclusionProof(leaf.index, checkpoint.treeSize, nodes),
      [leaf.page],
    );
    return {
      event: auditEventView(event),
      leafIndex: leaf.index,
      leafHash: leaf.hash.toString('hex'),
      proof: hex(proof),
    };
  }

  async inclusion(namespace: string, eventId: string, treeSize?: number): Promise<InclusionProofView> {
    // One read by id, without waiting for the readable position: an event that is not readable yet is not
    // sealed either, and prove() answers 409 for it.
    const event = await this.store.byEventId(namespace, eventId);
    if (event === undefined) {
      throw new DomainError('not_found', `no event "${eventId}" in namespace "${namespace}"`);
    }
    // Independent reads, in parallel: a proof waits for one round trip fewer.
    const [checkpoint, leaf] = await Promise.all([
      this.checkpoint(treeSize),
      this.checkpoints.leafAt(event.position),
    ]);
    return { ...(await this.prove(event, checkpoint, leaf)), treeSize: checkpoint.treeSize, checkpoint };
  }

  async consistency(from: number, to: number): Promise<ConsistencyProofView> {
    if (from > to) {
      throw new DomainError('invalid_input', 'from must not be greater than to', {
        errors: [{ field: 'from', message: 'must not be greater than to' }],
      });
    }
    const latest = await this.checkpoint(undefined);
    if (to > latest.treeSize) {
      throw new DomainError(
        'not_found',
        `treeSize ${to} is beyond the latest checkpoint (${latest.treeSize})`,
      );
    }
    return { from, to, proof: hex(await this.compute((nodes) => consistencyProof(from, to, nodes))) };
  }

  /** Every event of a stream, each with its inclusion proof in one checkpoint. */
  async evidence(stream: StreamAddress, treeSize?: number): Promise<EvidenceBundle> {
    const events = await this.store.readStream(stream.streamType, stream.namespace, stream.streamId);
    if (events.length === 0) {
      throw new DomainError(
        'not_found',
        `no stream ${stream.streamType} "${stream.streamId}" in namespace "${stream.namespace}"`,
      );
    }
    const checkpoint = await this.checkpoint(treeSize);
    const proven: ProvenEvent[] = [];
    for (const event of events) {
      const {
        event: view,
        leafIndex,
        proof,
      } = await this.prove(event, checkpoint, await this.checkpoints.leafAt(event.position));
      proven.push({ event: view, leafIndex, proof });
    }
    return { format: EVIDENCE_FORMAT, stream, checkpoint, events: proven };
  }

  /** Committed events after a position, in position order, with every hashed field (for verifiers). */
  async events(after: bigint, limit: number): Promise<{ events: AuditEventView[] }> {
    return { events: (await this.store.readAll(after, limit)).map(auditEventView) };
  }
}
