import { useCallback, useEffect, useState } from 'preact/hooks';
import { recordVisit } from '../db/record-visit';
import { useLiveQuery } from '../db/use-live-query';
import { LangContext, STRINGS, type Lang } from '../i18n/i18n';
import { DEFAULT_SERVICES, type ServiceId } from '../protocol/services';
import { HostScreen } from '../host/HostScreen';
import { PinScreen } from '../host/PinScreen';
import { useIdle } from '../ui/use-idle';
import { DoneScreen } from './DoneScreen';
import { EnrollScreen } from './EnrollScreen';
import { HomeScreen } from './HomeScreen';
import { IdentifyScreen } from './IdentifyScreen';
import type { KioskDeps } from './kiosk-deps';
import { ServicesScreen } from './ServicesScreen';

type Screen =
  | { name: 'loading' }
  | { name: 'enroll' }
  | { name: 'home' }
  | { name: 'identify' }
  | { name: 'services'; phone: string | null }
  | { name: 'done' }
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
  const inFlow = ['identify', 'services', 'pin'].includes(screen.name);
  // A courier who walked away leaves nothing half-entered for the next one.
  useIdle(inFlow, timeouts.idleMs, goHome);
  useIdle(screen.name === 'host', timeouts.hostIdleMs, goHome);
  // A waiting update applies only on an untouched home screen, never in the middle of a tap-in.
  const [updateWaiting, setUpdateWaiting] = useState(updates.isWaiting());
  useEffect(() => updates.subscribe(() => setUpdateWaiting(updates.isWaiting())), [updates]);
  const applyUpdate = useCallback(() => updates.apply(), [updates]);
  useIdle(screen.name === 'home' && updateWaiting, timeouts.updateIdleMs, applyUpdate);

  const onConfirm = useCallback(
    async (services: ServiceId[], phone: string | null) => {
      await recordVisit(db, { services, phone, stationId });
      setScreen({ name: 'done' });
      sync.trigger('record');
    },
    [db, sync, stationId],
  );

  const stationName = stationRecord?.name ?? '';
  const body = (() => {
    switch (screen.name) {
      case 'loading':
        return <main class="screen" />;
      case 'enroll':
        return (
          <EnrollScreen
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
        );
      case 'home':
        return (
          <HomeScreen
            db={db}
            stationName={stationName}
            onTapIn={() => setScreen({ name: 'identify' })}
            onHost={() => setScreen({ name: 'pin' })}
            onToggleLang={() => setLang((l) => (l === 'zh-CN' ? 'en' : 'zh-CN'))}
          />
        );
      case 'identify':
        return (
          <IdentifyScreen
            onPhone={(phone) => setScreen({ name: 'services', phone })}
            onAnonymous={() => setScreen({ name: 'services', phone: null })}
            onBack={goHome}
          />
        );
      case 'services': {
        const phone = screen.phone;
        return (
          <ServicesScreen
            catalogue={catalogue}
            onConfirm={(s) => onConfirm(s, phone)}
            onBack={() => setScreen({ name: 'identify' })}
          />
        );
      }
      case 'done':
        return <DoneScreen afterMs={timeouts.doneMs} onDone={goHome} />;
      case 'pin':
        return <PinScreen settings={settings} onUnlock={() => setScreen({ name: 'host' })} onBack={goHome} />;
      case 'host':
        return (
          <HostScreen
            db={db}
            settings={settings}
            sync={sync}
            updates={updates}
            stationName={stationName}
            catalogue={catalogue}
            onExit={goHome}
          />
        );
    }
  })();
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = STRINGS[lang].appName;
  }, [lang]);
  return <LangContext.Provider value={{ lang, setLang }}>{body}</LangContext.Provider>;
}
