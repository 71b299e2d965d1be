import { useState, type ReactNode } from 'react';
import { describeError } from '../api';
import { useSessionActions } from '../session';

/** The API key is exchanged for a session cookie and then forgotten: the page never stores it. */
export function SignIn(): ReactNode {
  const { signIn } = useSessionActions();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <main className="sign-in">
      <h1>Change audit console</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          setError(undefined);
          signIn(key)
            .then(() => {
              setKey('');
            })
            .catch((e: unknown) => {
              setError(describeError(e));
            })
            .finally(() => {
              setBusy(false);
            });
        }}
      >
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="apiKey"
          type="password"
          autoComplete="off"
          required
          value={key}
          aria-describedby={error === undefined ? undefined : 'sign-in-error'}
          onChange={(event) => {
            setKey(event.target.value);
          }}
        />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error === undefined ? null : (
          <p id="sign-in-error" role="alert" className="error">
            {error}
          </p>
        )}
      </form>
      <p className="hint">The key is exchanged for a session cookie; this page does not keep it.</p>
    </main>
  );
}
