import { statSync } from 'node:fs';
import path from 'node:path';

/** What answers a path under /console/: a file of the build, the page itself, or nothing. */
export type ConsoleFile =
  | { readonly kind: 'file'; readonly relative: string; readonly hashed: boolean }
  | { readonly kind: 'missing' };

/** Vite names every file under assets/ by its content hash: such a file never changes. */
const HASHED_DIR = 'assets/';
export const INDEX_FILE = 'index.html';

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Whether the build is there at all (checked per request, so a build made after start is served). */
export function consoleBuilt(root: string): boolean {
  return isFile(path.join(root, INDEX_FILE));
}

/**
 * Resolves a path under /console/ (without the prefix) within `root`: an existing file; else, for a path
 * whose last segment has no extension, the page (a route of the single-page app, e.g. /console/changes/x);
 * else nothing. Dot-segments and dotfiles are never served.
 */
export function resolveConsoleFile(root: string, requested: string): ConsoleFile {
  const relative = requested.replace(/^\/+/, '');
  const segments = relative.split('/');
  if (segments.some((segment) => segment.startsWith('.'))) return { kind: 'missing' };
  if (relative !== '' && isFile(path.join(root, relative))) {
    return { kind: 'file', relative, hashed: relative.startsWith(HASHED_DIR) };
  }
  const last = segments[segments.length - 1] ?? '';
  if (last.includes('.')) return { kind: 'missing' };
  return { kind: 'file', relative: INDEX_FILE, hashed: false };
}
