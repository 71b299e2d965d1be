/** Keyset cursor over (timelineAt DESC, changeId DESC): stable under concurrent inserts. */
export interface TimelineCursor {
  readonly timelineAt: string;
  readonly changeId: string;
}

export function encodeCursor(cursor: TimelineCursor): string {
  return Buffer.from(JSON.stringify([cursor.timelineAt, cursor.changeId])).toString('base64url');
}

/** Returns undefined for anything that is not a cursor this service issued. */
export function decodeCursor(raw: string): TimelineCursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [timelineAt, changeId] = parsed as unknown[];
    if (typeof timelineAt !== 'string' || typeof changeId !== 'string') return undefined;
    // Only the exact form this service issues: Date.parse accepts far more than PostgreSQL does.
    const instant = new Date(timelineAt);
    if (Number.isNaN(instant.getTime()) || instant.toISOString() !== timelineAt) return undefined;
    return { timelineAt, changeId };
  } catch {
    return undefined;
  }
}
