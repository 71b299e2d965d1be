import { firstControlCharacter } from './control-characters';
import { parseInstant } from './instant';

/**
 * Keyset cursor over (instant DESC, id DESC), e.g. the timeline's (timelineAt, changeId): stable under
 * concurrent inserts, unlike an offset.
 */
export interface KeysetCursor {
  readonly at: string;
  readonly id: string;
}

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/**
 * Returns undefined for anything that is not a cursor this service issued. Both parts go to PostgreSQL
 * as they are, so an instant it cannot store, or an id with a NUL, must stop here.
 */
export function decodeCursor(raw: string): KeysetCursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [at, id] = parsed as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string') return undefined;
    // Only the exact form this service issues: Date.parse accepts far more than PostgreSQL does.
    if (parseInstant(at)?.toISOString() !== at) return undefined;
    if (id === '' || firstControlCharacter(id) !== undefined) return undefined;
    return { at, id };
  } catch {
    return undefined;
  }
}
