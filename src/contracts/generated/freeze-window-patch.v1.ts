/* Generated from contracts/freeze-window-patch.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * A member of the merged object: any JSON value, null to remove it.
 */
export type Member =
  | (string | number | boolean | unknown[] | null)
  | {
      [k: string]: Member | undefined;
    };

/**
 * The body of PATCH /v1/freeze-windows/{id}: a JSON merge patch (RFC 7396) of the window's definition, plus changeReason saying why. Objects merge member by member, null removes a member, anything else replaces it. This contract checks the patch itself: its members are members of freeze-window-definition.v1 (name, reason and kind as that contract defines them; the others an object, or null to remove them where the definition allows it). The window with the patch applied is then checked against freeze-window-definition.v1 and its rules, so every rule of a definition lives in one contract and an error names the same field in both.
 */
export interface FreezeWindowPatchV1 {
  /**
   * Why the window changes; recorded with the amendment (not part of the definition).
   */
  changeReason: string;
  /**
   * A short name people recognise, e.g. Black Friday.
   */
  name?: string;
  /**
   * Why changes are frozen; recorded with the window.
   */
  reason?: string;
  /**
   * deny: changes in scope are refused while the window is open. allow: a window in which changes are allowed (a deny elsewhere still wins).
   */
  kind?: 'deny' | 'allow';
  /**
   * Merged into the schedule; to switch between once and recurring, give every member of the new type and null the old type's members.
   */
  schedule?: {
    [k: string]: Member | undefined;
  };
  /**
   * Merged into the scope: a dimension replaces that dimension, null removes it (matching every value).
   */
  scope?: {
    [k: string]: Member | undefined;
  };
  /**
   * Replaces the exemptions; null removes them.
   */
  exemptions?: unknown[] | null;
  /**
   * Merged into the break-glass rule; null removes it.
   */
  breakGlass?: {
    [k: string]: Member | undefined;
  } | null;
}
