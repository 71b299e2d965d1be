// Every view is a link: the page, its filters, range and selection live in the URL, so a reviewer can paste
// it into the incident channel. A tiny router over the History API (the console has five pages).
import { useSyncExternalStore } from 'react';

export const BASE = '/console';

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => {
  for (const listener of listeners) listener();
});

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = (): string => window.location.pathname + window.location.search;

/** The current path (without /console) and query; re-renders on navigation. */
export function useLocation(): { path: string; params: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  const path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) || '/' : url.pathname;
  return { path, params: url.searchParams };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const target = to.startsWith(BASE) ? to : `${BASE}${to}`;
  if (options.replace === true) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  for (const listener of listeners) listener();
}

/** The current query with some parameters set (a value of undefined or '' removes it). */
export function withParams(
  params: URLSearchParams,
  changes: Readonly<Record<string, string | undefined>>,
): string {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  const query = next.toString();
  return query === '' ? '' : `?${query}`;
}

/** The href of a console path (which may carry its own query), keeping the display zone. */
export function href(path: string, params?: URLSearchParams): string {
  const url = new URL(`${BASE}${path}`, window.location.origin);
  const tz = params?.get('tz');
  if (tz !== null && tz !== undefined && !url.searchParams.has('tz')) url.searchParams.set('tz', tz);
  return url.pathname + url.search;
}

/** Follows a same-origin link without a reload (left clicks without modifiers). */
export function onLinkClick(event: React.MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const target = event.currentTarget.getAttribute('href');
  if (target === null || !target.startsWith(BASE)) return;
  event.preventDefault();
  navigate(target);
}
