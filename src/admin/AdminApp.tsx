import { useEffect, useState } from 'preact/hooks';
import { adminZh as t } from '../i18n/admin-zh-CN';
import { adminApi } from './admin-api';
import { DevicesPage } from './DevicesPage';
import { LoginPage } from './LoginPage';
import { StationsPage } from './StationsPage';
import { VisitsPage } from './VisitsPage';

type Tab = 'stations' | 'devices' | 'visits';

/** Sign-in, then stations, devices and visits. */
export function AdminApp() {
  const [user, setUser] = useState<string | null | undefined>(undefined);
  const [tab, setTab] = useState<Tab>('stations');
  useEffect(() => {
    adminApi.me().then(
      (me) => setUser(me.username),
      () => setUser(null),
    );
  }, []);
  if (user === undefined) return null;
  if (user === null) return <LoginPage onSignedIn={setUser} />;
  return (
    <div class="console">
      <header class="bar">
        <strong>{t.title}</strong>
        <nav>
          {(['stations', 'devices', 'visits'] as const).map((k) => (
            <button type="button" key={k} aria-current={tab === k ? 'page' : undefined} onClick={() => setTab(k)}>
              {t[k]}
            </button>
          ))}
        </nav>
        <span>
          {user} ·{' '}
          <button type="button" class="link" onClick={() => void adminApi.logout().then(() => setUser(null))}>
            {t.signOut}
          </button>
        </span>
      </header>
      <main>
        {tab === 'stations' && <StationsPage />}
        {tab === 'devices' && <DevicesPage />}
        {tab === 'visits' && <VisitsPage />}
      </main>
    </div>
  );
}
