import { useState } from 'preact/hooks';
import { adminT as t } from './console-lang';
import { adminApi } from './admin-api';
import { errorText } from './error-text';
import { Notice } from './Notice';
import { AdminApiError } from './admin-request';

/** Username and password; the server sets an HttpOnly session cookie. */
export function LoginPage({ notice = '', onSignedIn }: { notice?: string; onSignedIn: (user: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      onSignedIn((await adminApi.login(username, password)).username);
    } catch (err) {
      // Wrong password is 401; anything else (network down, server error) is said as it is.
      setError(err instanceof AdminApiError && err.status === 401 ? t.badLogin : errorText(err));
      setBusy(false);
    }
  }
  return (
    <form class="login" onSubmit={submit}>
      <h1>{t.title}</h1>
      {!error && <Notice text={notice} />}
      <label>
        {t.username}
        <input
          name="username"
          autoComplete="username"
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
      </label>
      <label>
        {t.password}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? t.working : t.signIn}
      </button>
    </form>
  );
}
