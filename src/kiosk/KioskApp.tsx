import { useCallback, useEffect, useState } from 'preact/hooks';
import type { FoundMember } from '../db/people';
import { recordVisit } from '../db/record-visit';
import { useLiveQuery } from '../db/use-live-query';
import { LangContext, STRINGS, type Lang } from '../i18n/i18n';
import { DEFAULT_SERVICES, type ServiceId } from '../protocol/services';
import { DEFAULT_DISPLAY, type DisplayPrefs } from '../settings/device-settings';
import { IdleWarning } from '../ui/IdleWarning';
import { speak } from '../ui/speak';
import { useIdle } from '../ui/use-idle';
import { DoneScreen, type RecordedVisit } from './DoneScreen';
import { HomeScreen } from './HomeScreen';
import { IdentifyScreen } from './IdentifyScreen';
import type { KioskDeps } from './kiosk-deps';
import { loadPeople, WithBackstage, WithDirectory, WithPeople, WithSuggestions, WithWishes } from './lazy';
import { ServicesScreen } from './ServicesScreen';
import { useKioskStatus } from './use-kiosk-status';

type Screen =
  | { name: 'loading' }
  | { name: 'enroll' }
  | { name: 'home' }
  | { name: 'identify' }
  | { name: 'services'; phone: string | null; member: FoundMember | null }
  | { name: 'done'; member: FoundMember | null; recorded: RecordedVisit }
  | { name: 'register' }
  | { name: 'scan' }
  | { name: 'events' }
  | { name: 'wishes' }
  | { name: 'suggestions' }
  | { name: 'nearby' }
  | { name: 'pin' }
  | { name: 'host' };

/** The kiosk: enrollment on first run, then the courier's tap-in flow and the host's mode. */
export function KioskApp({ db, settings, client, sync, updates, timeouts }: KioskDeps) {
  const [screen, setScreen] = useState<Screen>({ name: 'loading' });
  const [lang, setLang] = useState<Lang>('zh-CN');
  const [stationId, setStationId] = useState<string | undefined>(undefined);
  const station = useLiveQuery(() => db.meta.get('station'), [db], undefined);
  const stationRecord = station?.key === 'station' ? station.value : undefined;
  const catalogue: ServiceId[] = stationRecord?.services.length ? stationRecord.services : DEFAULT_SERVICES;

  const [display, setDisplay] = useState<DisplayPrefs>(DEFAULT_DISPLAY);
  useEffect(() => void settings.getDisplayPrefs().then(setDisplay), [settings]);
  useEffect(() => {
    const root = document.documentElement.classList;
    root.toggle('large-text', display.largeText);
    root.toggle('high-contrast', display.highContrast);
  }, [display]);
  useEffect(() => {
    void settings.getEnrollment().then((e) => {
      setStationId(e?.stationId);
      setScreen(e ? { name: 'home' } : { name: 'enroll' });
      if (e) sync.trigger('start');
    });
  }, [settings, sync]);

  const goHome = useCallback(() => {
    setScreen({ name: 'home' });
    setLang('zh-CN');
  }, []);
  const inFlow = [
    'identify',
    'services',
    'pin',
    'register',
    'scan',
    'events',
    'wishes',
    'suggestions',
    'nearby',
  ].includes(screen.name);
  // A courier who walked away leaves nothing half-entered for the next one; one who only paused is asked first.
  const flowIdle = useIdle(inFlow, timeouts.idleMs, goHome, timeouts.idleWarnMs);
  const hostIdle = useIdle(screen.name === 'host', timeouts.hostIdleMs, goHome, timeouts.idleWarnMs);
  const idle = flowIdle.left !== null ? flowIdle : hostIdle.left !== null ? hostIdle : null;
  const status = useKioskStatus(db, settings, sync);
  // A waiting update applies only on an untouched home screen, never in the middle of a tap-in.
  const [updateWaiting, setUpdateWaiting] = useState(updates.isWaiting());
  useEffect(() => updates.subscribe(() => setUpdateWaiting(updates.isWaiting())), [updates]);
  const applyUpdate = useCallback(() => updates.apply(), [updates]);
  useIdle(screen.name === 'home' && updateWaiting, timeouts.updateIdleMs, applyUpdate);

  const onConfirm = useCallback(
    async (services: ServiceId[], phone: string | null, member: FoundMember | null) => {
      const record = await recordVisit(db, { services, phone, memberId: member?.id ?? null, stationId });
      const recorded: RecordedVisit = {
        services: record.services,
        phone: record.phone,
        member: member ? { name: member.displayName, memberNo: member.memberNo } : null,
      };
      setScreen({ name: 'done', member, recorded });
      if (display.speak) speak(STRINGS[lang].doneTitle, lang);
      sync.trigger('record');
    },
    [db, sync, stationId, display.speak, lang],
  );

  const stationName = stationRecord?.name ?? '';
  const body = (() => {
    switch (screen.name) {
      case 'loading':
        return <main class="screen" />;
      case 'enroll':
        return (
          <WithBackstage
            render={(m) => (
              <m.EnrollScreen
                db={db}
                settings={settings}
                client={client}
                onEnrolled={() =>
                  void settings.getEnrollment().then((e) => {
                    setStationId(e?.stationId);
                    goHome();
                    sync.trigger('start');
                  })
                }
              />
            )}
          />
        );
      case 'home':
        return (
          <HomeScreen
            status={status}
            stationName={stationName}
            onTapIn={() => setScreen({ name: 'identify' })}
            onScan={() => setScreen({ name: 'scan' })}
            onRegister={() => setScreen({ name: 'register' })}
            onEvents={() => setScreen({ name: 'events' })}
            onWishes={() => setScreen({ name: 'wishes' })}
            onSuggestions={() => setScreen({ name: 'suggestions' })}
            onNearby={() => setScreen({ name: 'nearby' })}
            onHost={() => setScreen({ name: 'pin' })}
            onToggleLang={() => setLang((l) => (l === 'zh-CN' ? 'en' : 'zh-CN'))}
          />
        );
      case 'identify':
        return (
          <IdentifyScreen
            onPhone={(phone) =>
              // A registered member's visit carries their member id instead of the phone.
              void loadPeople()
                .then((m) => m.findMemberByPhone(db, phone))
                .then((member) => setScreen({ name: 'services', phone, member }))
            }
            onAnonymous={() => setScreen({ name: 'services', phone: null, member: null })}
            onBack={goHome}
          />
        );
      case 'services': {
        const { phone, member } = screen;
        return (
          <ServicesScreen
            catalogue={catalogue}
            welcome={member ? { name: member.displayName, memberNo: member.memberNo } : null}
            onConfirm={(s) => onConfirm(s, phone, member)}
            onBack={() => setScreen(member && !phone ? { name: 'scan' } : { name: 'identify' })}
          />
        );
      }
      case 'done': {
        const member = screen.member;
        return (
          <DoneScreen
            afterMs={member ? timeouts.doneMs * 2 : timeouts.doneMs}
            onDone={goHome}
            recorded={screen.recorded}
            state={status.state}
          >
            {member && <WithPeople render={(m) => <m.SignupList db={db} memberId={member.id} />} />}
          </DoneScreen>
        );
      }
      case 'scan':
        return (
          <WithPeople
            render={(m) => (
              <m.ScanTapIn
                db={db}
                onFound={(member) => setScreen({ name: 'services', phone: null, member })}
                onBack={goHome}
              />
            )}
          />
        );
      case 'register':
        return <WithPeople render={(m) => <m.RegisterFlow db={db} stationName={stationName} onDone={goHome} />} />;
      case 'events':
        return (
          <WithPeople
            render={(m) => <m.EventsFlow db={db} onDone={goHome} onRegister={() => setScreen({ name: 'register' })} />}
          />
        );
      case 'wishes':
        return (
          <WithWishes
            render={(m) => (
              <m.WishesFlow db={db} stationId={stationId} onDone={goHome} onPosted={() => sync.trigger('record')} />
            )}
          />
        );
      case 'suggestions':
        return (
          <WithSuggestions
            render={(m) => (
              <m.SuggestionsFlow
                db={db}
                offline={status.state !== 'online'}
                onSaved={() => sync.trigger('record')}
                onDone={goHome}
              />
            )}
          />
        );
      case 'nearby':
        return <WithDirectory render={(m) => <m.NearbyScreen db={db} stationId={stationId ?? ''} onBack={goHome} />} />;
      case 'pin':
        return (
          <WithBackstage
            render={(m) => (
              <m.PinScreen settings={settings} onUnlock={() => setScreen({ name: 'host' })} onBack={goHome} />
            )}
          />
        );
      case 'host':
        return (
          <WithBackstage
            render={(m) => (
              <m.HostScreen
                db={db}
                settings={settings}
                sync={sync}
                updates={updates}
                stationName={stationName}
                stationId={stationId ?? ''}
                catalogue={catalogue}
                onExit={goHome}
                onDisplayChange={setDisplay}
              />
            )}
          />
        );
    }
  })();
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = STRINGS[lang].appName;
  }, [lang]);
  const t = STRINGS[lang];
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      {body}
      {idle && (
        <IdleWarning
          title={t.idleTitle}
          body={t.idleBody(idle.left ?? 0)}
          continueLabel={t.idleContinue}
          onContinue={idle.keep}
        />
      )}
    </LangContext.Provider>
  );
}
