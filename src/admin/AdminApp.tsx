import { useEffect, useState } from 'preact/hooks';
import { adminApi } from './admin-api';
import { onSessionExpired } from './admin-request';
import { setStationZone } from './admin-time';
import { accessPageT, accessT, adminT as t, consoleLang, errorsT, peopleT, setConsoleLang } from './console-lang';
import type { AccessNeed } from '../protocol/roles';
import { AccessPage } from './AccessPage';
import { AuditPage } from './AuditPage';
import { can, setConsoleAccess } from './console-access';
import { DashboardPage } from './DashboardPage';
import { DevicesPage } from './DevicesPage';
import { RoleNote, roleLabel } from './RoleNote';
import { EventsPage } from './EventsPage';
import { LoginPage } from './LoginPage';
import { dashboardT } from './overview-api';
import { MembersPage } from './MembersPage';
import { PartyOrgsPage } from './PartyOrgsPage';
import { StationsPage } from './StationsPage';
import { SuggestionsPage } from './SuggestionsPage';
import { suggestionsT } from './suggestions-api';
import { VisitsPage } from './VisitsPage';
import { wishesT } from './wishes-api';
import { WishesPage } from './WishesPage';

const TABS = [
  'overview',
  'stations',
  'devices',
  'visits',
  'members',
  'events',
  'partyOrgs',
  'wishes',
  'suggestions',
  'audit',
  'access',
] as const;
type Tab = (typeof TABS)[number];

/** Tabs a role cannot use at all are not shown (the audit log, tokens and roles are the district's). */
const TAB_NEEDS: Partial<Record<Tab, AccessNeed>> = { audit: 'district', access: 'district' };

function tabName(tab: Tab): string {
  if (tab === 'audit') return accessT.audit;
  if (tab === 'access') return accessPageT.tab;
  if (tab === 'wishes') return wishesT().wishes;
  if (tab === 'suggestions') return suggestionsT().tab;
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
  // Who is signed in and their role: the console hides what the role cannot do.
  const loadMe = () =>
    adminApi.me().then(
      (me) => {
        setConsoleAccess(me);
        setUser(me.username);
      },
      () => {
        setConsoleAccess(null);
        setUser(null);
      },
    );
  useEffect(() => void loadMe(), []);
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
          onSignedIn={() => {
            setExpired(false);
            void loadMe();
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
          {TABS.filter((k) => !TAB_NEEDS[k] || can(TAB_NEEDS[k])).map((k) => (
            <button type="button" key={k} aria-current={tab === k ? 'page' : undefined} onClick={() => setTab(k)}>
              {tabName(k)}
            </button>
          ))}
        </nav>
        <LangSwitch onSwitch={switchLang} />
        <span class="who">
          {user} <span class="role">{roleLabel()}</span> ·{' '}
          <button type="button" class="link" onClick={() => void adminApi.logout().finally(() => setUser(null))}>
            {t.signOut}
          </button>
        </span>
      </header>
      <main>
        <RoleNote />
        {tab === 'overview' && <DashboardPage />}
        {tab === 'stations' && <StationsPage />}
        {tab === 'devices' && <DevicesPage />}
        {tab === 'visits' && <VisitsPage />}
        {tab === 'members' && <MembersPage />}
        {tab === 'events' && <EventsPage />}
        {tab === 'partyOrgs' && <PartyOrgsPage />}
        {tab === 'audit' && can('district') && <AuditPage />}
        {tab === 'access' && can('district') && <AccessPage />}
        {tab === 'wishes' && <WishesPage />}
        {tab === 'suggestions' && <SuggestionsPage />}
      </main>
    </div>
  );
}
