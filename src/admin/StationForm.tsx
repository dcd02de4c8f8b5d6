import { useState } from 'preact/hooks';
import { can } from './console-access';
import { STATION_HOST_TYPES, type StationHostType } from '../protocol/schemas';
import { SERVICE_IDS, type ServiceId } from '../protocol/services';
import type { StationEdit, StationRow } from './admin-api';
import { adminT as t, serviceNames } from './console-lang';
import { readPlace, StationPlaceFields, type PlaceFields } from './StationPlaceFields';

/** Most services a station may offer: the kiosk's services screen is laid out for up to 12. */
export const MAX_SERVICES = 12;

/** The form's fields, seeded from the station as loaded. */
function fieldsOf(s: StationRow): StationEdit {
  return {
    baseVersion: s.version,
    name: s.name,
    kind: s.kind,
    hostType: s.hostType,
    services: s.services,
    address: s.address ?? '',
    hours: s.hours ?? '',
    wifiName: s.wifiName ?? '',
    wifiPassword: s.wifiPassword ?? '',
    tip: s.tip ?? '',
    archived: Boolean(s.archivedAt),
  };
}

/**
 * Everything about a station the district keeps: name, kind, host, the services its kiosks
 * offer (from the catalogue, 1–12), and what the kiosk tells a worker (Wi-Fi, hours, a tip).
 */
export function StationForm({
  station,
  busy,
  onSave,
  onCancel,
}: {
  station: StationRow;
  busy: boolean;
  onSave: (edit: StationEdit) => void;
  onCancel: () => void;
}) {
  const [f, setF] = useState<StationEdit>(() => fieldsOf(station));
  const [place, setPlace] = useState<PlaceFields>(() => ({
    lat: station.lat === undefined ? '' : String(station.lat),
    lng: station.lng === undefined ? '' : String(station.lng),
    openingHours: station.openingHours,
  }));
  const [problem, setProblem] = useState('');
  const set = (patch: Partial<StationEdit>) => setF((old) => ({ ...old, ...patch }));
  const toggle = (id: ServiceId, on: boolean) =>
    // Catalogue order, so every kiosk lays its tiles out the same way.
    set({ services: SERVICE_IDS.filter((s) => (s === id ? on : f.services.includes(s))) });
  const text = (key: 'address' | 'hours' | 'wifiName' | 'wifiPassword' | 'tip', max: number, hint?: string) => (
    <label class={key === 'tip' ? 'wide' : undefined}>
      {t[key]}
      <input
        value={f[key] ?? ''}
        maxLength={max}
        placeholder={hint}
        autoComplete="off"
        onInput={(e) => set({ [key]: e.currentTarget.value })}
      />
    </label>
  );
  function submit(e: Event) {
    e.preventDefault();
    if (f.services.length === 0) return setProblem(t.needService);
    if (f.services.length > MAX_SERVICES) return setProblem(t.tooManyServices(MAX_SERVICES));
    const read = readPlace(place);
    if (!read.ok) return setProblem(read.problem);
    setProblem('');
    const { ok: _ok, ...where } = read;
    onSave({ ...f, ...where });
  }
  return (
    <form class="station-form" onSubmit={submit} aria-label={t.editStation(station.name)}>
      <h2>{t.editStation(station.name)}</h2>
      <div class="fields">
        <label>
          {t.name}
          <input required maxLength={80} value={f.name} onInput={(e) => set({ name: e.currentTarget.value })} />
        </label>
        <label>
          {t.kind}
          <select value={f.kind} onChange={(e) => set({ kind: e.currentTarget.value === 'hub' ? 'hub' : 'branch' })}>
            <option value="branch">{t.branch}</option>
            <option value="hub">{t.hub}</option>
          </select>
        </label>
        <label>
          {t.hostType}
          <select
            value={f.hostType ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              set({
                hostType: (STATION_HOST_TYPES as readonly string[]).includes(v) ? (v as StationHostType) : undefined,
              });
            }}
          >
            <option value="">{t.notSet}</option>
            {STATION_HOST_TYPES.map((h) => (
              <option key={h} value={h}>
                {t.hostTypes[h]}
              </option>
            ))}
          </select>
        </label>
        {text('address', 200)}
      </div>
      <fieldset class="service-picks">
        <legend>{t.servicesPick(f.services.length, MAX_SERVICES)}</legend>
        {SERVICE_IDS.map((s) => (
          <label key={s} class="check">
            <input
              type="checkbox"
              checked={f.services.includes(s)}
              onChange={(e) => toggle(s, e.currentTarget.checked)}
            />
            {serviceNames[s]}
          </label>
        ))}
      </fieldset>
      <fieldset class="fields">
        <legend>{t.kioskInfo}</legend>
        {text('wifiName', 64)}
        {text('wifiPassword', 64)}
        {text('hours', 80, t.hoursHint)}
        {text('tip', 200, t.tipHint)}
      </fieldset>
      <StationPlaceFields value={place} onChange={setPlace} />
      {can('district') && (
        <label class="check archive">
          <input type="checkbox" checked={f.archived} onChange={(e) => set({ archived: e.currentTarget.checked })} />
          {t.archive}
          <small>{t.archiveHint}</small>
        </label>
      )}
      {problem && (
        <p class="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t.saving : t.save}
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
