import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { holdsBreakGlassRole, type Principal } from '../../auth/api-keys';
import { compareStamps } from '../../changes/domain/change-state';
import type { ChangeEvent } from '../../changes/domain/change-event';
import { CHANGE_STREAM, changeEventOf, isChangeEvent } from '../../changes/domain/change-stream';
import {
  PublishedOverrideAuthorisers,
  type PublishedOverrideAuthoriser,
} from '../../changes/published-override-authority';
import type { JsonObject, StoredEvent } from '../../event-store/domain/stored-event';
import { EventStore } from '../../event-store/event-store';
import type { OverrideAuthority } from '../domain/evaluator';
import {
  authorityOfIngestedOverride,
  authorityOfKeyUse,
  type OverrideGrantEvent,
  type OverrideTarget,
} from '../domain/override-grant';
import { newOverrideGrantId, OverrideGrantStore } from './override-grant-store';

/**
 * The metadata key under which a published event's verified grant is stored (and forwarded through
 * Kafka headers). It is not trusted as such: the ingest only follows it to the grant, whose recorded use
 * or validity decides, exactly as for a grantId in the event itself.
 */
export const OVERRIDE_GRANT_METADATA = 'overrideGrantId';

type Override = NonNullable<ChangeEvent['override']>;

/**
 * Verifies break-glass overrides when they are used: by a key over HTTP (evaluate, publish) and at
 * ingest, from stored facts only.
 */
@Injectable()
export class OverrideAuthorityService implements PublishedOverrideAuthoriser {
  constructor(
    private readonly grants: OverrideGrantStore,
    private readonly store: EventStore<EntityManager>,
    authorisers: PublishedOverrideAuthorisers,
  ) {
    authorisers.register(this);
  }

  /** Authority of an override a key asks about or uses now (or at `at`, for evaluate). */
  async ofKeyUse(
    principal: Principal,
    override: Pick<Override, 'role' | 'grantId'>,
    target: OverrideTarget,
    at: Date,
  ): Promise<OverrideAuthority> {
    const holdsRole = holdsBreakGlassRole(principal, override.role);
    const grant =
      holdsRole || override.grantId === undefined ? undefined : await this.grants.read(override.grantId);
    return authorityOfKeyUse(
      { name: principal.name, holdsRole },
      override.role,
      override.grantId,
      grant,
      target,
      at,
    );
  }

  /**
   * Publish: records the verified use in a grant's stream (a one-event grant when the key holds the role
   * itself) and returns the metadata that points the ingest at it. An override nothing backs gets no
   * metadata: the ingest then records the change as a violation if a freeze applied.
   */
  async authorise(event: ChangeEvent, principal: Principal): Promise<JsonObject> {
    const override = event.override;
    if (override === undefined) return {};
    const now = new Date();
    const authority = await this.ofKeyUse(principal, override, event, now);
    if (!authority.authorised) return {};
    const use = {
      eventId: event.eventId,
      source: event.source,
      changeId: event.changeId,
      usedBy: principal.name,
      usedAt: now.toISOString(),
    };
    const existing = authority.grantId;
    if (existing !== undefined) {
      await this.grants.write(existing, () => [
        { type: 'OverrideGrantUsed', data: { grantId: existing, ...use } },
      ]);
      return { [OVERRIDE_GRANT_METADATA]: existing };
    }
    // The key holds the role: a grant for exactly this event, expired as it is issued, with its use.
    const grantId = newOverrideGrantId();
    const issued: OverrideGrantEvent = {
      type: 'OverrideGrantIssued',
      data: {
        grantId,
        role: override.role,
        reason: override.justification ?? 'used directly by a key holding the role',
        scope: { source: event.source, changeId: event.changeId },
        issuedBy: principal.name,
        issuedAt: use.usedAt,
        expiresAt: use.usedAt,
      },
    };
    await this.grants.write(grantId, () => [
      issued,
      { type: 'OverrideGrantUsed', data: { grantId, ...use } },
    ]);
    return { [OVERRIDE_GRANT_METADATA]: grantId };
  }

  /**
   * Ingest: the authority of a change's current override (the one its timeline shows), from the event
   * that set it and the grant that event references, as stored. `now` is the service's clock.
   */
  async ofIngestedOverride(
    tx: EntityManager,
    override: Pick<Override, 'role'>,
    change: OverrideTarget,
    now: Date,
  ): Promise<OverrideAuthority> {
    const carrier = latestOverrideEvent(
      await this.store.readStream(CHANGE_STREAM, change.source, change.changeId, tx),
    );
    const metadataGrant = carrier?.metadata[OVERRIDE_GRANT_METADATA];
    const grantId =
      typeof metadataGrant === 'string'
        ? metadataGrant
        : carrier === undefined
          ? undefined
          : changeEventOf(carrier).override?.grantId;
    const grant = grantId === undefined ? undefined : await this.grants.read(grantId, tx);
    return authorityOfIngestedOverride(override.role, carrier?.eventId ?? '', grantId, grant, change, now);
  }
}

/** The change event whose override the timeline shows: the latest by (occurredAt, eventId), as it folds. */
function latestOverrideEvent(history: readonly StoredEvent[]): StoredEvent | undefined {
  let latest: { stored: StoredEvent; stamp: { at: number; eventId: string } } | undefined;
  for (const stored of history) {
    if (!isChangeEvent(stored)) continue;
    const event = changeEventOf(stored);
    if (event.override === undefined) continue;
    const stamp = { at: Date.parse(event.occurredAt), eventId: event.eventId };
    if (latest === undefined || compareStamps(stamp, latest.stamp) > 0) latest = { stored, stamp };
  }
  return latest?.stored;
}
