import { SCOPE_DIMENSIONS, type FreezeScope, type ScopeDimension } from '../../domain/freeze-window';
import { matchesScope, type ChangeAttributes } from '../../domain/scope';

const ATTRIBUTE_OF: { readonly [D in ScopeDimension]: keyof ChangeAttributes } = {
  services: 'service',
  teams: 'team',
  environments: 'environment',
  regions: 'region',
  kinds: 'kind',
  tiers: 'tier',
};

/**
 * Whether a scope would match a change with the given attributes, looking only at the dimensions of the
 * attributes given: a filter on `service` alone lists a window scoped to some team, since a change of that
 * service and team would match it. Matching itself is the evaluator's (globs, exact kinds).
 */
export function scopeCovers(scope: FreezeScope, attributes: ChangeAttributes): boolean {
  const asked: { [D in ScopeDimension]?: readonly string[] } = {};
  for (const dimension of SCOPE_DIMENSIONS) {
    const value = attributes[ATTRIBUTE_OF[dimension]];
    const patterns = scope[dimension];
    if (value !== undefined && patterns !== undefined) asked[dimension] = patterns;
  }
  return matchesScope(asked, attributes);
}
