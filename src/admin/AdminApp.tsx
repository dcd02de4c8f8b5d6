import { useEffect, useState } from 'preact/hooks';
import { adminApi } from './admin-api';
import { onSessionExpired } from './admin-request';
import { setStationZone } from './admin-time';
import { adminT as t, consoleLang, errorsT, peopleT, setConsoleLang } from './console-lang';
import { DashboardPage } from './DashboardPage';
import { DevicesPage } from './DevicesPage';
import { EventsPage } from './EventsPage';
import { LoginPage } from './LoginPage';
import { dashboardT } from './overview-api';
import { MembersPage } from './MembersPage';
import { PartyOrgsPage } from './PartyOrgsPage';
import { StationsPage } from './StationsPage';
import { VisitsPage } from './VisitsPage';

const TABS = ['overview', 'stations', 'devices', 'visits', 'members', 'events', 'partyOrgs'] as const;
type Tab = (typeof TABS)[number];

function tabName(tab: Tab): string {
  if (tab === 'overview') return dashboardT().tab;
  return tab === 'members' || tab === 'events' || tab === 'partyOrgs' ? peopleT[tab] : t[tab];
}

/** 中文 ⇄ English; the other language's name, in that language, so either reader finds it. */
function LangSwitch({ onSwitch }: { onSwitch: () => void }) {
  return (
    <button type="button" class="lang-switch" lang={consoleLang() === 'en' ? 'zh-CN' : 'en'} onClick={onSwitch}>
      <span aria-hidden="true">⇄ </span>
      {t.otherLang}
    </button>
  );
}

/** Sign-in, then the district's stations, devices, visits, members, events and party organisations. */
export function AdminApp() {
  const [user, setUser] = useState<string | null | undefined>(undefined);
  const [tab, setTab] = useState<Tab>('overview');
  const [expired, setExpired] = useState(false);
  const [lang, setLang] = useState(consoleLang());
  const switchLang = () => {
    const next = lang === 'en' ? 'zh-CN' : 'en';
    setConsoleLang(next);
    setLang(next);
  };
  useEffect(() => setConsoleLang(consoleLang()), []);
  useEffect(() => {
    adminApi.me().then(
      (me) => setUser(me.username),
      () => setUser(null),
    );
  }, []);
  // The stations' time zone, so times can show the station's clock when the admin's differs.
  useEffect(() => {
    if (user)
      void adminApi.exportInfo().then(
        (info) => setStationZone(info.timeZone),
        () => undefined,
      );
  }, [user]);
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
      <div key={lang}>
        <div class="login-lang">
          <LangSwitch onSwitch={switchLang} />
        </div>
        <LoginPage
          notice={expired ? errorsT.expired : ''}
          onSignedIn={(u) => {
            setExpired(false);
            setUser(u);
          }}
        />
      </div>
    );
  }
  // Keyed by language: every screen re-renders its words (and re-reads its data) on a switch.
  return (
    <div class="console" key={lang}>
      <header class="bar">
        <strong>{t.title}</strong>
        <nav>
          {TABS.map((k) => (
            <button type="button" key={k} aria-current={tab === k ? 'page' : undefined} onClick={() => setTab(k)}>
              {tabName(k)}
            </button>
          ))}
        </nav>
        <LangSwitch onSwitch={switchLang} />
        <span class="who">
          {user} ·{' '}
          <button type="button" class="link" onClick={() => void adminApi.logout().finally(() => setUser(null))}>
            {t.signOut}
          </button>
        </span>
      </header>
      <main>
        {tab === 'overview' && <DashboardPage />}
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
