import { completeSubtrees, type NodeHashes, type NodeId } from './merkle-tree';

/**
 * How the sealed tree is stored: its leaves in aligned pages of 2^LEAF_PAGE_LEVEL (one row per page), and
 * only the nodes at or above that level. A node below it is hashed from its page's leaves when read (at
 * most 255 SHA-256 of 65 bytes, tens of µs), which spares the sealer about two rows per event.
 */
export const LEAF_PAGE_LEVEL = 8;
export const LEAF_PAGE_SIZE = 2 ** LEAF_PAGE_LEVEL;

/** Whether a node is stored (at or above the page level) rather than hashed from its page. */
export function isStoredNode(node: NodeId): boolean {
  return node.level >= LEAF_PAGE_LEVEL;
}

/** The page whose leaves a node below the page level covers. */
export function pageOfNode(node: NodeId): number {
  return Math.floor(node.index / 2 ** (LEAF_PAGE_LEVEL - node.level));
}

/** The page of a leaf. */
export function pageOfLeaf(leafIndex: number): number {
  return Math.floor(leafIndex / LEAF_PAGE_SIZE);
}

/**
 * Serves a tree computation: nodes at or above the page level from `stored`, the others hashed from the
 * leaves of their page (`pages`: page index → its leaves in order, the last page possibly partial), each
 * page hashed once.
 */
export function pagedNodeHashes(
  pages: ReadonlyMap<number, readonly Buffer[]>,
  stored: NodeHashes,
): NodeHashes {
  const hashed = new Map<number, Buffer[][]>();
  return (node) => {
    if (isStoredNode(node)) return stored(node);
    const page = pageOfNode(node);
    let levels = hashed.get(page);
    if (levels === undefined) {
      const leaves = pages.get(page);
      if (leaves === undefined) throw new Error(`leaf page ${page} is missing from the sealed tree`);
      levels = completeSubtrees(leaves);
      hashed.set(page, levels);
    }
    const hash = levels[node.level]?.[node.index - page * 2 ** (LEAF_PAGE_LEVEL - node.level)];
    if (hash === undefined) {
      throw new Error(`tree node ${node.level}/${node.index} is beyond the leaves of page ${page}`);
    }
    return hash;
  };
}
