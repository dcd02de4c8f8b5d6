import { everyDay, OpeningHoursSchema, type OpeningHours } from '../protocol/opening-hours';
import * as v from 'valibot';
import { HoursEditor } from '../ui/HoursEditor';
import { directoryT } from './directory-lang';

/** The station form's position and opening-hours fields, as typed (positions stay text until saved). */
export interface PlaceFields {
  lat: string;
  lng: string;
  openingHours: OpeningHours | undefined;
}

/** What the fields say, or the problem to show (in the console's language). */
export function readPlace(
  f: PlaceFields,
): { ok: true; lat?: number; lng?: number; openingHours?: OpeningHours } | { ok: false; problem: string } {
  const d = directoryT();
  const lat = f.lat.trim();
  const lng = f.lng.trim();
  if ((lat === '') !== (lng === '')) return { ok: false, problem: d.positionBoth };
  if (f.openingHours && !v.safeParse(OpeningHoursSchema, f.openingHours).success) {
    return { ok: false, problem: d.hoursBad };
  }
  const hours = f.openingHours ? { openingHours: f.openingHours } : {};
  if (lat === '') return { ok: true, ...hours };
  const la = Number(lat);
  const lo = Number(lng);
  if (!Number.isFinite(la) || la < -90 || la > 90) return { ok: false, problem: d.latBad };
  if (!Number.isFinite(lo) || lo < -180 || lo > 180) return { ok: false, problem: d.lngBad };
  return { ok: true, lat: la, lng: lo, ...hours };
}

/** Latitude and longitude (typed or pasted from a map app), and the week's opening hours. */
export function StationPlaceFields({ value, onChange }: { value: PlaceFields; onChange: (next: PlaceFields) => void }) {
  const d = directoryT();
  const set = (patch: Partial<PlaceFields>) => onChange({ ...value, ...patch });
  return (
    <>
      <fieldset class="fields">
        <legend>{d.position}</legend>
        <label>
          {d.lat}
          <input
            inputMode="decimal"
            value={value.lat}
            placeholder={d.latHint}
            autoComplete="off"
            onInput={(e) => set({ lat: e.currentTarget.value })}
          />
        </label>
        <label>
          {d.lng}
          <input
            inputMode="decimal"
            value={value.lng}
            placeholder={d.lngHint}
            autoComplete="off"
            onInput={(e) => set({ lng: e.currentTarget.value })}
          />
        </label>
        <small class="wide">{d.positionHint}</small>
      </fieldset>
      <fieldset class="fields">
        <legend>
          <label class="check">
            <input
              type="checkbox"
              checked={value.openingHours !== undefined}
              onChange={(e) => set({ openingHours: e.currentTarget.checked ? everyDay('08:00', '20:00') : undefined })}
            />
            {d.structured}
          </label>
        </legend>
        {value.openingHours && (
          <HoursEditor value={value.openingHours} labels={d} onChange={(openingHours) => set({ openingHours })} />
        )}
      </fieldset>
    </>
  );
}
