import path from 'node:path';
import picomatch from 'picomatch';

/**
 * A matcher with .dockerignore semantics: patterns in order, the last one that matches wins, `!` re-includes,
 * `**` spans directories, and a pattern that matches a directory excludes everything under it.
 */
export function dockerignoreMatcher(text: string): (relativePath: string) => boolean {
  const rules = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = path.posix.normalize(negated ? line.slice(1).trim() : line).replace(/^\/+|\/+$/g, '');
      return { negated, match: picomatch(pattern, { dot: true }) };
    });
  return (relativePath) => {
    const clean = path.posix.normalize(relativePath).replace(/^\.\/|\/+$/g, '');
    const segments = clean.split('/');
    const candidates = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const rule of rules) {
      if (candidates.some((candidate) => rule.match(candidate))) ignored = !rule.negated;
    }
    return ignored;
  };
}
