// The session: an API key exchanged once for an HttpOnly, SameSite=Strict cookie (the page never keeps the
// key), who-am-I for the header and for what to offer, and sign-out. Writes carry the CSRF token.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, ok, setCsrfToken, type Session } from './api';

export const SESSION_KEY = ['whoami'] as const;

/** Who is signed in: the session, or null when the API says 401 (then the sign-in form shows). */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<Session | null> => {
      try {
        const session = await ok<Session>(api.GET('/v1/whoami'));
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** Another caller's answers must not show: everything but the session itself is dropped. */
function forgetAllBut(client: QueryClient): void {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
}

export function useSessionActions() {
  const client = useQueryClient();
  return {
    signIn: async (apiKey: string): Promise<void> => {
      const session = await ok<Session>(api.POST('/v1/session', { body: { apiKey } }));
      setCsrfToken(session.csrfToken);
      forgetAllBut(client);
      client.setQueryData(SESSION_KEY, session);
    },
    signOut: async (): Promise<void> => {
      await ok(api.DELETE('/v1/session')).catch(() => undefined);
      setCsrfToken(undefined);
      forgetAllBut(client);
      client.setQueryData(SESSION_KEY, null);
    },
  };
}

export const isAdmin = (session: Session): boolean => session.roles.includes('admin');
