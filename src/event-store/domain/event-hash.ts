import * as crypto from 'node:crypto';
import { configure } from 'safe-stable-stringify';
import type { StoredEvent } from './stored-event';

/**
 * Every event carries `hash = SHA-256(0x00 ‖ canonical(event))`, hex: the RFC 9162 leaf hash of its
 * canonical bytes (position and namespace included). It depends on the event alone, so an append needs
 * nothing from the events before it; what links the events is the Merkle tree over them in position
 * order, sealed into signed checkpoints (see merkle-tree.ts and docs/security.md).
 *
 * Rows written before that rule carry a chain instead: `prev_hash` set and
 * `hash = SHA-256(prev_hash ‖ "\n" ‖ canonical(event without namespace))`. They keep it (an append-only
 * store does not rewrite history); `prev_hash IS NULL` marks a row of the leaf rule.
 */

/** The chain of rows written before the leaf rule starts from this published value. */
export const LEGACY_GENESIS_HASH = '0'.repeat(64);

/** The fields an event's hash covers: all of it except the hash columns themselves. */
export type HashedEvent = Omit<StoredEvent, 'prevHash' | 'hash'>;

/**
 * Sorted keys, no whitespace, ECMAScript number and string serialisation: for JSON values this is the
 * RFC 8785 (JCS) encoding, produced about three times faster than the reference `canonicalize`
 * package (a unit test checks the two agree).
 */
const canonicalize = configure({ deterministic: true, bigint: false, circularValue: Error });

/** The RFC 8785 encoding of a JSON value: equal for equal values, whatever their key order. */
export function canonicalJson(value: unknown): string | undefined {
  return canonicalize(value);
}

/** `"key":value,` in canonical form, or nothing when the value has no JSON encoding (as JSON.stringify). */
function member(key: string, value: unknown): string {
  return encodedMember(key, canonicalize(value));
}

function encodedMember(key: string, encoded: string | undefined): string {
  return encoded === undefined ? '' : `"${key}":${encoded},`;
}

/**
 * An event's canonical encoding with its position and stream version left open:
 * head + position + middle + streamVersion + tail. Lets a bulk writer encode an event once and hash it
 * wherever it lands.
 */
export interface CanonicalEventTemplate {
  readonly head: string;
  readonly middle: string;
  readonly tail: string;
  /**
   * The canonical text of the data and of the metadata (undefined: no JSON encoding): JSON text of each as
   * it is, so a writer that stores them as JSON need not serialise them again.
   */
  readonly dataJson: string | undefined;
  readonly metadataJson: string | undefined;
}

/**
 * The members in canonical key order (data < eventId < metadata < namespace < occurredAt < position <
 * recordedAt < streamId < streamType < streamVersion < type), each value encoded by `canonicalize`.
 * Byte for byte `canonicalize` of the whole event object (a unit test holds the two together), without
 * sorting the outer keys for every event. `namespace` undefined leaves the member out: the bytes of the
 * legacy chain rule.
 */
function template(
  event: Omit<HashedEvent, 'position' | 'streamVersion' | 'namespace'>,
  namespace: string | undefined,
): CanonicalEventTemplate {
  const type = member('type', event.type);
  const dataJson = canonicalize(event.data);
  const metadataJson = canonicalize(event.metadata);
  return {
    dataJson,
    metadataJson,
    head:
      encodedMember('data', dataJson) +
      member('eventId', event.eventId) +
      encodedMember('metadata', metadataJson) +
      (namespace === undefined ? '' : member('namespace', namespace)) +
      member('occurredAt', event.occurredAt.toISOString()),
    middle:
      member('recordedAt', event.recordedAt.toISOString()) +
      member('streamId', event.streamId) +
      member('streamType', event.streamType),
    tail: type === '' ? '' : `,${type.slice(0, -1)}`,
  };
}

/** The canonical encoding of an event, position and stream version still open (see eventHashOfTemplate). */
export function canonicalEventTemplate(
  event: Omit<HashedEvent, 'position' | 'streamVersion'>,
): CanonicalEventTemplate {
  return template(event, event.namespace);
}

function fill(encoded: CanonicalEventTemplate, position: bigint, streamVersion: number): string {
  // Position is encoded as a decimal string, stream version as a number: an integer (as the column is),
  // whose canonical form is its decimal digits.
  if (!Number.isSafeInteger(streamVersion))
    throw new Error(`stream version ${streamVersion} is not an integer`);
  return `{${encoded.head}"position":"${position}",${encoded.middle}"streamVersion":${streamVersion}${encoded.tail}}`;
}

/**
 * The canonical encoding (RFC 8785 JSON Canonicalization Scheme) of everything that makes an event what
 * it is, including its position and namespace: editing any field, or moving a row, changes the bytes.
 * These are the leaf bytes of the Merkle tree.
 */
export function canonicalEventBytes(event: HashedEvent): string {
  return fill(canonicalEventTemplate(event), event.position, event.streamVersion);
}

// crypto.hash (Node ≥ 20.12) hashes a string in one call, a third cheaper than a Hash object per event.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;

function sha256Hex(input: string): string {
  return oneShotHash === undefined
    ? crypto.createHash('sha256').update(input).digest('hex')
    : oneShotHash('sha256', input);
}

/**
 * The hash of the event a template describes, at the given position and stream version: the RFC 9162
 * leaf hash SHA-256(0x00 ‖ canonical bytes), hex. "\u0000" is the single byte 0x00 in UTF-8.
 */
export function eventHashOfTemplate(
  encoded: CanonicalEventTemplate,
  position: bigint,
  streamVersion: number,
): string {
  return sha256Hex(`\u0000${fill(encoded, position, streamVersion)}`);
}

/** An event's hash (and Merkle leaf hash): what append stores and verification recomputes. */
export function eventHash(event: HashedEvent): string {
  return eventHashOfTemplate(canonicalEventTemplate(event), event.position, event.streamVersion);
}

/** eventHash, with the canonical texts of the data and metadata it encoded (see CanonicalEventTemplate). */
export function eventHashWithTexts(
  event: HashedEvent,
): Pick<CanonicalEventTemplate, 'dataJson' | 'metadataJson'> & { readonly hash: string } {
  const encoded = canonicalEventTemplate(event);
  return {
    hash: eventHashOfTemplate(encoded, event.position, event.streamVersion),
    dataJson: encoded.dataJson,
    metadataJson: encoded.metadataJson,
  };
}

/** The rule of rows written before the leaf rule: SHA-256(prevHash ‖ "\n" ‖ canonical(event)), hex. */
export function legacyChainHash(prevHash: string, event: Omit<HashedEvent, 'namespace'>): string {
  return sha256Hex(`${prevHash}\n${fill(template(event, undefined), event.position, event.streamVersion)}`);
}

/** Whether a stored event's hash is the one its rule gives (the leaf rule, or the legacy chain rule). */
export function storedHashMatches(event: HashedEvent & { prevHash: string | null; hash: string }): boolean {
  const recomputed = event.prevHash === null ? eventHash(event) : legacyChainHash(event.prevHash, event);
  return recomputed === event.hash;
}
