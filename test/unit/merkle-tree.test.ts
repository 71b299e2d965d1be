import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { isStoredNode, LEAF_PAGE_SIZE, pagedNodeHashes } from '../../src/event-store/domain/leaf-pages';
import {
  MerkleFrontier,
  consistencyProof,
  inclusionProof,
  nodesRead,
  rootHash,
  verifyConsistency,
  verifyInclusion,
  type NodeHashes,
} from '../../src/event-store/domain/merkle-tree';

const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const leaf = (i: number): Buffer => sha256(Buffer.of(0), Buffer.from(`event ${i}`));

/** MTH straight from RFC 9162 2.1.1, recursing over the leaves: the reference the tree is held to. */
function referenceRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0] as Buffer;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(Buffer.of(1), referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/** Grows a tree leaf by leaf as the sealer does, keeping every node it completes. */
function grow(size: number): { frontier: MerkleFrontier; nodes: NodeHashes; leaves: Buffer[] } {
  const stored = new Map<string, Buffer>();
  const frontier = MerkleFrontier.empty();
  const leaves = Array.from({ length: size }, (_, i) => leaf(i));
  for (const l of leaves) for (const n of frontier.append(l)) stored.set(`${n.level}/${n.index}`, n.hash);
  const nodes: NodeHashes = ({ level, index }) => {
    const hash = stored.get(`${level}/${index}`);
    if (hash === undefined) throw new Error(`node ${level}/${index} was never completed`);
    return hash;
  };
  return { frontier, nodes, leaves };
}

const flip = (b: Buffer): Buffer => {
  const copy = Buffer.from(b);
  copy[0] = (copy[0] ?? 0) ^ 1;
  return copy;
};

describe('Merkle tree (RFC 9162)', () => {
  const MAX = 130;
  const tree = grow(MAX);

  it('has the RFC roots at every size from 0 to 130, by stored nodes and by the frontier', () => {
    for (let size = 0; size <= MAX; size += 1) {
      const expected = referenceRoot(tree.leaves.slice(0, size));
      expect(rootHash(size, tree.nodes)).toEqual(expected);
      expect(grow(size).frontier.root()).toEqual(expected);
    }
  });

  it('rebuilds a frontier from the stored edge nodes, and one from its hex state appends alike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX - 1 }), (size) => {
        const fromNodes = MerkleFrontier.of(size, tree.nodes);
        const fromHex = MerkleFrontier.fromHex(size, fromNodes.toHex());
        fromNodes.append(leaf(size));
        fromHex.append(leaf(size));
        expect(fromNodes.root()).toEqual(referenceRoot(tree.leaves.slice(0, size + 1)));
        expect(fromHex.root()).toEqual(fromNodes.root());
      }),
    );
  });

  it('inclusion proofs verify for every leaf at many sizes, and fail for anything else', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX }).chain((size) => fc.tuple(fc.constant(size), fc.nat(size - 1))),
        ([size, index]) => {
          const root = rootHash(size, tree.nodes);
          const proof = inclusionProof(index, size, tree.nodes);
          const leafHash = tree.leaves[index] as Buffer;
          expect(verifyInclusion(index, size, leafHash, proof, root)).toBe(true);
          expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
          expect(verifyInclusion(index, size, flip(leafHash), proof, root)).toBe(false);
          expect(verifyInclusion(index, size, leafHash, proof, flip(root))).toBe(false);
          if (size > 1) {
            expect(verifyInclusion((index + 1) % size, size, leafHash, proof, root)).toBe(false);
            expect(verifyInclusion(index, size, leafHash, proof.slice(1), root)).toBe(false);
            const bent = proof.map((p, i) => (i === 0 ? flip(p) : p));
            expect(verifyInclusion(index, size, leafHash, bent, root)).toBe(false);
          }
          expect(verifyInclusion(index, index, leafHash, proof, root)).toBe(false);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('consistency proofs verify between any two sizes, and fail for other roots or sizes', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: MAX })
          .chain((second) => fc.tuple(fc.integer({ min: 1, max: second }), fc.constant(second))),
        ([first, second]) => {
          const firstRoot = rootHash(first, tree.nodes);
          const secondRoot = rootHash(second, tree.nodes);
          const proof = consistencyProof(first, second, tree.nodes);
          expect(verifyConsistency(first, second, firstRoot, secondRoot, proof)).toBe(true);
          if (first === second) return;
          expect(verifyConsistency(first, second, flip(firstRoot), secondRoot, proof)).toBe(false);
          expect(verifyConsistency(first, second, firstRoot, flip(secondRoot), proof)).toBe(false);
          // A tree whose history was rewritten (leaf 0 changed) is not consistent with the original.
          const rewritten = [flip(tree.leaves[0] as Buffer), ...tree.leaves.slice(1, second)];
          expect(verifyConsistency(first, second, firstRoot, referenceRoot(rewritten), proof)).toBe(false);
          if (proof.length > 0) {
            expect(verifyConsistency(first, second, firstRoot, secondRoot, proof.slice(1))).toBe(false);
          }
        },
      ),
      { numRuns: 600 },
    );
  });

  it('from the empty tree, and to itself, with an empty proof', () => {
    expect(verifyConsistency(0, 5, sha256(), rootHash(5, tree.nodes), [])).toBe(true);
    const root = rootHash(9, tree.nodes);
    expect(verifyConsistency(9, 9, root, root, [])).toBe(true);
    expect(verifyConsistency(9, 9, root, flip(root), [])).toBe(false);
  });

  it('reads O(log n) stored nodes per proof, whatever the hashes', () => {
    const read = nodesRead((nodes) => inclusionProof(1_000_000, 123_456_789, nodes));
    expect(read.length).toBeLessThanOrEqual(2 * 27);
    const consistency = nodesRead((nodes) => consistencyProof(99_999, 123_456_789, nodes));
    expect(consistency.length).toBeLessThanOrEqual(2 * 27 * 2);
  });
});

describe('leaf pages: nodes below the page level hashed from the page, the others stored', () => {
  /** What the repository stores for a tree: its leaves by page, and its nodes at or above the page level. */
  function paged(size: number): { nodes: NodeHashes; storedReads: string[] } {
    const { leaves, nodes: every } = grow(size);
    const pages = new Map<number, Buffer[]>();
    for (let start = 0; start < size; start += LEAF_PAGE_SIZE) {
      pages.set(start / LEAF_PAGE_SIZE, leaves.slice(start, start + LEAF_PAGE_SIZE));
    }
    const storedReads: string[] = [];
    const nodes = pagedNodeHashes(pages, (node) => {
      if (!isStoredNode(node)) throw new Error(`node ${node.level}/${node.index} is not stored`);
      storedReads.push(`${node.level}/${node.index}`);
      return every(node);
    });
    return { nodes, storedReads };
  }

  it.each([1, 255, 256, 257, 1000])(
    'a tree of %i: roots, edges and proofs as from every stored node, and they verify',
    (size) => {
      const full = grow(size);
      const { nodes, storedReads } = paged(size);
      const root = referenceRoot(full.leaves);
      expect(rootHash(size, nodes)).toEqual(root);
      expect(MerkleFrontier.of(size, nodes).root()).toEqual(root);
      for (const node of MerkleFrontier.edgeNodes(size)) expect(nodes(node)).toEqual(full.nodes(node));
      const step = Math.max(1, Math.floor(size / 97));
      for (let index = 0; index < size; index += step) {
        const proof = inclusionProof(index, size, nodes);
        expect(proof).toEqual(inclusionProof(index, size, full.nodes));
        expect(verifyInclusion(index, size, full.leaves[index] as Buffer, proof, root)).toBe(true);
      }
      for (let first = 1; first <= size; first += step) {
        const proof = consistencyProof(first, size, nodes);
        expect(proof).toEqual(consistencyProof(first, size, full.nodes));
        const firstRoot = referenceRoot(full.leaves.slice(0, first));
        expect(verifyConsistency(first, size, firstRoot, root, proof)).toBe(true);
      }
      // Only trees of a full page or more read stored nodes.
      expect(storedReads.length > 0).toBe(size >= LEAF_PAGE_SIZE);
    },
  );

  it('refuses a node its page does not hold (missing page, or beyond a partial page)', () => {
    const { nodes } = paged(257);
    expect(() => nodes({ level: 0, index: 257 })).toThrow(/beyond the leaves of page 1/);
    expect(() => nodes({ level: 1, index: 128 })).toThrow(/beyond the leaves of page 1/);
    expect(() => nodes({ level: 0, index: 600 })).toThrow(/leaf page 2 is missing/);
  });
});
