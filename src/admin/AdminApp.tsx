import { useEffect, useState } from 'preact/hooks';
import { adminZh as t } from '../i18n/admin-zh-CN';
import { consoleErrorsZh, peopleZh } from '../i18n/admin-people-zh-CN';
import { adminApi } from './admin-api';
import { onSessionExpired } from './admin-request';
import { DevicesPage } from './DevicesPage';
import { EventsPage } from './EventsPage';
import { LoginPage } from './LoginPage';
import { MembersPage } from './MembersPage';
import { PartyOrgsPage } from './PartyOrgsPage';
import { StationsPage } from './StationsPage';
import { VisitsPage } from './VisitsPage';

const TABS = ['stations', 'devices', 'visits', 'members', 'events', 'partyOrgs'] as const;
type Tab = (typeof TABS)[number];

const TAB_NAMES: Record<Tab, string> = {
  stations: t.stations,
  devices: t.devices,
  visits: t.visits,
  members: peopleZh.members,
  events: peopleZh.events,
  partyOrgs: peopleZh.partyOrgs,
};

/** Sign-in, then the district's stations, devices, visits, members, events and party organisations. */
export function AdminApp() {
  const [user, setUser] = useState<string | null | undefined>(undefined);
  const [tab, setTab] = useState<Tab>('stations');
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    adminApi.me().then(
      (me) => setUser(me.username),
      () => setUser(null),
    );
  }, []);
  // Any call that finds the session gone sends the admin back to sign-in, saying why.
  useEffect(
    () =>
      onSessionExpired(() => {
        setExpired(true);
        setUser(null);
      }),
    [],
  );
  if (user === undefined) return null;
  if (user === null) {
    return (
      <LoginPage
        notice={expired ? consoleErrorsZh.expired : ''}
        onSignedIn={(u) => {
          setExpired(false);
          setUser(u);
        }}
      />
    );
  }
  return (
    <div class="console">
      <header class="bar">
        <strong>{t.title}</strong>
        <nav>
          {TABS.map((k) => (
            <button type="button" key={k} aria-current={tab === k ? 'page' : undefined} onClick={() => setTab(k)}>
              {TAB_NAMES[k]}
            </button>
          ))}
        </nav>
        <span>
          {user} ·{' '}
          <button type="button" class="link" onClick={() => void adminApi.logout().finally(() => setUser(null))}>
            {t.signOut}
          </button>
        </span>
      </header>
      <main>
        {tab === 'stations' && <StationsPage />}
        {tab === 'devices' && <DevicesPage />}
        {tab === 'visits' && <VisitsPage />}
        {tab === 'members' && <MembersPage />}
        {tab === 'events' && <EventsPage />}
        {tab === 'partyOrgs' && <PartyOrgsPage />}
      </main>
    </div>
  );
}
