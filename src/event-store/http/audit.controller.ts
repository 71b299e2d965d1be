import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { Public, Roles } from '../../auth/auth.decorators';
import { AuditProofs, type ConsistencyProofView, type InclusionProofView } from '../checkpoints/audit-proofs';
import { AUDIT_KEYS } from '../checkpoints/checkpoint-sealer';
import type { AuditKeys } from '../checkpoints/signing-key';
import type { AuditEventView } from '../domain/audit-event';
import type { Checkpoint } from '../domain/checkpoint';
import type { EvidenceBundle } from '../domain/evidence-bundle';
import { PostgresEventStore, type VerifyReport } from '../postgres-event-store';
import { AuditEventsRequest, CheckpointRequest, ConsistencyRequest } from './audit.request';

export interface PublicKeysView {
  readonly algorithm: 'Ed25519';
  /** The key new checkpoints are signed with. */
  readonly keyId: string;
  readonly publicKey: string;
  /** Every key a checkpoint may be verified with (the signing key's and AUDIT_VERIFY_KEYS). */
  readonly verifyKeys: { keyId: string; publicKey: string }[];
}

@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly proofs: AuditProofs,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
  ) {}

  /** Walks the store from the first event to the recorded head; reports the first break. */
  @Get('verify')
  @Roles('admin')
  verify(): Promise<VerifyReport> {
    return this.store.verify();
  }

  /** The public keys checkpoints are signed and verified with (no secret: anyone may fetch them). */
  @Get('public-key')
  @Public()
  publicKey(): PublicKeysView {
    return {
      algorithm: 'Ed25519',
      keyId: this.keys.keyId,
      publicKey: this.keys.publicKeyPem,
      verifyKeys: [...this.keys.verifying].map(([keyId, key]) => ({
        keyId,
        publicKey: key.export({ type: 'spki', format: 'pem' }).toString(),
      })),
    };
  }

  /**
   * A signed checkpoint: `?treeSize=` names one, else the latest. Verifiers should trust the copies they
   * hold themselves (the published directory or topic), not what the database answers.
   */
  @Get('checkpoints')
  @Public()
  checkpoint(@Query() request: CheckpointRequest): Promise<Checkpoint> {
    return this.proofs.checkpoint(request.treeSize);
  }

  /** An event's inclusion proof in a checkpoint (`?treeSize=`, else the latest). */
  @Get('proof/:namespace/:eventId')
  @Roles('reviewer')
  proof(
    @Param('namespace') namespace: string,
    @Param('eventId') eventId: string,
    @Query() request: CheckpointRequest,
  ): Promise<InclusionProofView> {
    return this.proofs.inclusion(namespace, eventId, request.treeSize);
  }

  /** A consistency proof: the tree of `to` events extends the tree of `from` events. */
  @Get('consistency')
  @Roles('reviewer')
  consistency(@Query() request: ConsistencyRequest): Promise<ConsistencyProofView> {
    return this.proofs.consistency(request.from, request.to);
  }

  /** An evidence bundle: every event of a stream with its inclusion proof in one signed checkpoint. */
  @Get('evidence/:streamType/:namespace/:streamId')
  @Roles('reviewer')
  evidence(
    @Param('streamType') streamType: string,
    @Param('namespace') namespace: string,
    @Param('streamId') streamId: string,
    @Query() request: CheckpointRequest,
  ): Promise<EvidenceBundle> {
    return this.proofs.evidence({ streamType, namespace, streamId }, request.treeSize);
  }

  /** Committed events in position order with every hashed field: what `changectl audit verify` rehashes. */
  @Get('events')
  @Roles('admin')
  events(@Query() request: AuditEventsRequest): Promise<{ events: AuditEventView[] }> {
    return this.proofs.events(BigInt(request.after ?? 0), request.limit ?? 1_000);
  }
}
