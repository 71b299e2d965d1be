import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { describeError, type Session } from './api';
import { AlertList, AlertView } from './pages/AlertView';
import { ChangeDetail } from './pages/ChangeDetail';
import { FreezeCalendar } from './pages/FreezeCalendar';
import { MayIChange } from './pages/MayIChange';
import { SignIn } from './pages/SignIn';
import { Timeline } from './pages/Timeline';
import { useSession, useSessionActions } from './session';
import type { Zone } from './time';
import { href, navigate, onLinkClick, useLocation, withParams } from './url';

/** What every page gets: who is signed in, the display zone, the URL's query. */
export interface PageProps {
  readonly session: Session;
  readonly zone: Zone;
  readonly params: URLSearchParams;
  /** Whether the live stream is connected; while it is not, lists that follow "now" poll instead. */
  readonly live: Live;
}

export type Live = 'connecting' | 'live' | 'reconnecting';

/**
 * Live updates: the service's event stream (server-sent events, authenticated by the session cookie).
 * Each event marks the lists it touches stale; TanStack Query refetches what is on screen, at most once
 * a second however busy the stream is.
 */
function useLiveUpdates(enabled: boolean): Live {
  const client = useQueryClient();
  const [state, setState] = useState<Live>('connecting');
  useEffect(() => {
    if (!enabled) return undefined;
    const source = new EventSource('/v1/stream');
    const pending = new Set<string>();
    let timer: number | undefined;
    const flush = (): void => {
      timer = undefined;
      for (const key of pending) void client.invalidateQueries({ queryKey: [key] });
      pending.clear();
    };
    const mark =
      (...keys: string[]) =>
      (): void => {
        for (const key of keys) pending.add(key);
        timer ??= window.setTimeout(flush, 1_000);
      };
    source.addEventListener('change', mark('changes', 'change', 'violations'));
    source.addEventListener('alert', mark('alerts', 'alert', 'suspects'));
    source.addEventListener('freeze-window', mark('occurrences', 'windows', 'window'));
    source.onopen = () => {
      setState('live');
    };
    source.onerror = () => {
      setState('reconnecting');
    };
    return () => {
      source.close();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [enabled, client]);
  return state;
}

const NAV: readonly { path: string; label: string; match: (path: string) => boolean }[] = [
  { path: '/', label: 'Timeline', match: (p) => p === '/' || p.startsWith('/changes') },
  { path: '/alerts', label: 'Alerts', match: (p) => p.startsWith('/alerts') },
  { path: '/freeze', label: 'Freeze calendar', match: (p) => p.startsWith('/freeze') },
  { path: '/may-i', label: 'May I change now?', match: (p) => p.startsWith('/may-i') },
];

function Header({ session, zone, params, path, live }: PageProps & { path: string }): ReactNode {
  const { signOut } = useSessionActions();
  return (
    <header className="top">
      <span className="brand">Change audit</span>
      <nav aria-label="Pages">
        <ul>
          {NAV.map((item) => (
            <li key={item.path}>
              <a
                href={href(item.path, params)}
                onClick={onLinkClick}
                aria-current={item.match(path) ? 'page' : undefined}
              >
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <span className={`live live-${live}`} role="status">
        {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
      </span>
      <span className="utc-toggle">
        <input
          id="utc-toggle"
          type="checkbox"
          checked={zone.utc}
          onChange={(event) => {
            navigate(`${path}${withParams(params, { tz: event.target.checked ? 'utc' : undefined })}`, {
              replace: true,
            });
          }}
        />{' '}
        <label htmlFor="utc-toggle">UTC</label>
      </span>
      <span className="whoami" data-testid="whoami">
        Signed in as <strong>{session.name}</strong> ({session.roles.join(', ')})
      </span>
      <button
        type="button"
        onClick={() => {
          void signOut();
        }}
      >
        Sign out
      </button>
    </header>
  );
}

function Page(props: PageProps & { path: string }): ReactNode {
  const { path } = props;
  const change = /^\/changes\/([^/]+)\/([^/]+)$/.exec(path);
  if (change !== null) {
    return (
      <ChangeDetail
        {...props}
        source={decodeURIComponent(change[1] ?? '')}
        changeId={decodeURIComponent(change[2] ?? '')}
      />
    );
  }
  const alert = /^\/alerts\/([^/]+)$/.exec(path);
  if (alert !== null) return <AlertView {...props} alertId={decodeURIComponent(alert[1] ?? '')} />;
  if (path === '/alerts') return <AlertList {...props} />;
  if (path === '/freeze') return <FreezeCalendar {...props} />;
  if (path === '/may-i') return <MayIChange {...props} />;
  if (path === '/') return <Timeline {...props} />;
  return (
    <main>
      <h1>Not found</h1>
      <p>
        There is no page here. <a href={href('/')}>Open the timeline</a>.
      </p>
    </main>
  );
}

export function App(): ReactNode {
  const { path, params } = useLocation();
  const session = useSession();
  const zone: Zone = { utc: params.get('tz') === 'utc' };
  const live = useLiveUpdates(session.data !== null && session.data !== undefined);
  if (session.isPending) return <p className="loading">Loading…</p>;
  if (session.isError) {
    return (
      <main>
        <h1>Change audit console</h1>
        <p role="alert">{describeError(session.error)}</p>
      </main>
    );
  }
  if (session.data === null) return <SignIn />;
  return (
    <>
      <Header session={session.data} zone={zone} params={params} path={path} live={live} />
      <Page session={session.data} zone={zone} params={params} path={path} live={live} />
    </>
  );
}
