import { useState } from 'preact/hooks';
import type { KioskDb } from '../db/kiosk-db';
import { InvalidInput } from '../db/people';
import { ownStation, setOpeningHours } from '../db/station-directory';
import { useLiveQuery } from '../db/use-live-query';
import { describeHours, useDirectoryT } from '../i18n/directory';
import { useT } from '../i18n/i18n';
import { everyDay, type OpeningHours } from '../protocol/opening-hours';
import { isServiceId } from '../protocol/services';
import { HoursEditor } from '../ui/HoursEditor';

/**
 * This station's entry in the district's directory, as other kiosks show it, and its opening
 * hours, which the host corrects here offline (a versioned change; if the district edited the
 * station meanwhile, the sync panel says the change did not take effect, in plain words).
 */
export function StationEntryPanel({ db, stationId, onSaved }: { db: KioskDb; stationId: string; onSaved: () => void }) {
  const d = useDirectoryT();
  const t = useT();
  const own = useLiveQuery(() => ownStation(db, stationId), [db, stationId], null);
  const [draft, setDraft] = useState<OpeningHours | null>(null);
  const [notice, setNotice] = useState<'saved' | 'bad' | null>(null);
  if (!own) return <section class="panel station-entry" />;
  const s = own.record;
  async function save() {
    if (!draft) return;
    try {
      await setOpeningHours(db, stationId, draft);
      setDraft(null);
      setNotice('saved');
      onSaved();
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      setNotice('bad');
    }
  }
  const services = s.services.filter(isServiceId).map((id) => t.services[id]);
  return (
    <section class="panel station-entry" aria-labelledby="host-entry">
      <p class="hint">{d.hostHint}</p>
      <dl class="entry-facts">
        <dt>{s.name}</dt>
        <dd>
          {s.kind === 'hub' ? d.hub : d.branch}
          {s.hostType ? ` · ${d.hostTypes[s.hostType]}` : ''}
        </dd>
        {s.address && <dd>{d.labelled(d.address, s.address)}</dd>}
        <dd>
          {s.lat !== undefined && s.lng !== undefined
            ? d.position(s.lat.toFixed(5), s.lng.toFixed(5))
            : d.positionMissing}
        </dd>
        <dd>{d.labelled(d.services, services.join(d.listSep))}</dd>
        <dd>
          <strong>{d.labelled(d.hours, s.openingHours ? describeHours(d, s.openingHours) : d.hoursNone)}</strong>
        </dd>
        {s.hours && <dd>{d.hoursFreeText(s.hours)}</dd>}
      </dl>
      {own.pending > 0 && <p class="notice">{d.hoursPending}</p>}
      {notice === 'saved' && (
        <p class="notice" role="status">
          {d.hoursSaved}
        </p>
      )}
      {notice === 'bad' && (
        <p class="error" role="alert">
          {d.hoursBad}
        </p>
      )}
      {draft ? (
        <>
          <HoursEditor value={draft} labels={d} onChange={setDraft} />
          <div class="host-actions">
            <button type="button" class="btn btn-primary" onClick={() => void save()}>
              {d.saveHours}
            </button>
            <button type="button" class="btn btn-secondary" onClick={() => (setDraft(null), setNotice(null))}>
              {d.cancel}
            </button>
          </div>
        </>
      ) : (
        <button
          type="button"
          class="btn btn-secondary"
          onClick={() => (setDraft(s.openingHours ?? everyDay('08:00', '20:00')), setNotice(null))}
        >
          {d.editHours}
        </button>
      )}
    </section>
  );
}
