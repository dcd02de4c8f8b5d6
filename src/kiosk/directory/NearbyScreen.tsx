import { useEffect, useState } from 'preact/hooks';
import type { KioskDb } from '../../db/kiosk-db';
import { nearbyStations } from '../../db/station-directory';
import { useLiveQuery } from '../../db/use-live-query';
import { describeHours, describeOpenState, useDirectoryT } from '../../i18n/directory';
import { positionOf } from '../../protocol/directory';
import { DEFAULT_TIME_ZONE, localTime, openStateAt } from '../../protocol/opening-hours';
import { Sketch } from './Sketch';
import { StationCard } from './StationCard';

export interface NearbyScreenProps {
  db: KioskDb;
  stationId: string;
  onBack: () => void;
  /** The time to read opening hours at (tests pass a fixed one). */
  clock?: () => Date;
}

/** How many of the nearest stations the sketch numbers. */
const SKETCH_COUNT = 12;

/**
 * 附近驿站 · 一刻钟服务圈: the district's other stations nearest first, from what this kiosk
 * holds (works with no network): distance, direction, time on foot and by bike, open now or not.
 */
export function NearbyScreen({ db, stationId, onBack, clock = () => new Date() }: NearbyScreenProps) {
  const d = useDirectoryT();
  const [now, setNow] = useState(clock);
  // Opening state changes with the clock: look again every minute while the screen is up.
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), 60_000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const data = useLiveQuery(() => nearbyStations(db, stationId, now), [db, stationId, now.getTime()], null);
  if (!data) return <main class="screen" />;
  const { here, stations, total, within } = data;
  const origin = here ? positionOf(here) : null;
  const today = localTime(now, here?.openingHours?.timeZone ?? DEFAULT_TIME_ZONE).day;
  const hereOpen = here?.openingHours ? openStateAt(here.openingHours, now) : null;
  const nearestOpen = stations.find((s) => s.open?.open && s.meters !== null);
  return (
    <main class="screen screen-fit nearby">
      <header class="nearby-header">
        <div>
          <h1 class="screen-title">
            {d.title} <span class="nearby-circle">{d.circle}</span>
          </h1>
          <p class="hint">{total > 0 ? d.summary(total, within) : d.noneYet}</p>
        </div>
        <button type="button" class="btn btn-secondary nearby-back" onClick={onBack}>
          {d.back}
        </button>
      </header>
      {origin && stations.some((s) => s.open) && (
        <p class={nearestOpen ? 'nearby-best' : 'nearby-best nearby-best-none'} role="status">
          {nearestOpen ? (
            <>
              {d.labelled(d.nearestOpen, '')}
              <strong>{nearestOpen.entry.name}</strong>
              {' · '}
              {d.meters(nearestOpen.meters!)}
              {nearestOpen.direction && ` · ${d.towards(d.directions[nearestOpen.direction])}`}
              {` · ${d.walk(nearestOpen.walkMin!)} · ${d.ride(nearestOpen.rideMin!)}`}
            </>
          ) : (
            d.noneOpen
          )}
        </p>
      )}
      <div class="nearby-columns">
        {/* Scrollable regions take the keyboard's focus too (a kiosk may have a keyboard attached). */}
        <aside class="nearby-side" tabIndex={0} aria-label={d.here}>
          <div class="nearby-here-box">
            {here && (
              <section class="nearby-here" aria-label={d.here}>
                <p class="nearby-here-name">
                  <span class="tag tag-here">{d.here}</span> {here.name}
                </p>
                {hereOpen && (
                  <p class="nearby-line">
                    <span class={hereOpen.open ? 'tag tag-open' : 'tag tag-closed'}>
                      {hereOpen.open ? d.open : d.closed}
                    </span>{' '}
                    {describeOpenState(d, hereOpen, today)}
                  </p>
                )}
                {here.openingHours && <p class="nearby-line">{describeHours(d, here.openingHours)}</p>}
              </section>
            )}
            {origin && stations.length > 0 && <p class="hint sketch-note">{d.sketchTitle}</p>}
          </div>
          {origin ? (
            stations.length > 0 && (
              <Sketch
                origin={origin}
                stations={stations.slice(0, SKETCH_COUNT)}
                label={d.sketchLabel(Math.min(SKETCH_COUNT, stations.length))}
              />
            )
          ) : (
            <p class="error">{d.herePositionMissing}</p>
          )}
        </aside>
        <ol class="nearby-list" aria-label={d.title} tabIndex={0}>
          {stations.map((s, i) => (
            <StationCard key={s.entry.id} n={i + 1} s={s} today={today} />
          ))}
          {total > stations.length && <li class="nearby-note hint">{d.moreNotListed(total - stations.length)}</li>}
          <li class="nearby-note hint">{d.estimateNote}</li>
        </ol>
      </div>
    </main>
  );
}
