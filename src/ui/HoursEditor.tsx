import { MAX_RANGES_PER_DAY, timeOf, type OpeningHours, type OpeningRange } from '../protocol/opening-hours';

/** The words the editor needs, from the kiosk's or the console's language files. */
export interface HoursEditorLabels {
  weekdays: readonly string[];
  closedToggle: string;
  from: string;
  to: string;
  overnight: string;
  addRange: string;
  removeRange: string;
  copyToAll: string;
}

/** Every half hour of the day; a range may also close at 24:00. */
const STARTS = Array.from({ length: 48 }, (_, i) => timeOf(i * 30));
const ENDS = [...STARTS.slice(1), '24:00', ...STARTS.slice(0, 1)];

function TimeSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: string[];
  onChange: (t: string) => void;
}) {
  // A time set elsewhere off the half hour (08:15) stays choosable.
  const all = options.includes(value) ? options : [value, ...options];
  return (
    <label class="hours-time">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {all.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A week of opening hours as a host or an admin corrects it: each day closed or up to three
 * ranges, picked from half hours (no typing); a range ending before it starts runs overnight.
 */
export function HoursEditor({
  value,
  labels,
  onChange,
}: {
  value: OpeningHours;
  labels: HoursEditorLabels;
  onChange: (next: OpeningHours) => void;
}) {
  const setDay = (day: number, ranges: OpeningRange[]) =>
    onChange({ ...value, week: value.week.map((r, i) => (i === day ? ranges : r)) });
  return (
    <div class="hours-editor">
      {value.week.map((ranges, day) => (
        <fieldset key={day} class="hours-day">
          <legend>{labels.weekdays[day]}</legend>
          <button
            type="button"
            class="hours-closed"
            aria-pressed={ranges.length === 0}
            onClick={() => setDay(day, ranges.length === 0 ? [{ from: '08:00', to: '20:00' }] : [])}
          >
            {labels.closedToggle}
          </button>
          {ranges.map((r, i) => (
            <div key={i} class="hours-range">
              <TimeSelect
                label={labels.from}
                value={r.from}
                options={STARTS}
                onChange={(from) =>
                  setDay(
                    day,
                    ranges.map((x, j) => (j === i ? { ...x, from } : x)),
                  )
                }
              />
              <TimeSelect
                label={labels.to}
                value={r.to}
                options={ENDS}
                onChange={(to) =>
                  setDay(
                    day,
                    ranges.map((x, j) => (j === i ? { ...x, to } : x)),
                  )
                }
              />
              {r.to !== '24:00' && r.to <= r.from && <span class="hours-overnight">{labels.overnight}</span>}
              {ranges.length > 1 && (
                <button
                  type="button"
                  class="hours-remove"
                  aria-label={`${labels.weekdays[day]} ${labels.removeRange}`}
                  onClick={() =>
                    setDay(
                      day,
                      ranges.filter((_, j) => j !== i),
                    )
                  }
                >
                  ×
                </button>
              )}
            </div>
          ))}
          {ranges.length > 0 && ranges.length < MAX_RANGES_PER_DAY && (
            <button
              type="button"
              class="hours-add"
              onClick={() =>
                setDay(day, [
                  ...ranges,
                  { from: ranges.at(-1)!.to === '24:00' ? '00:00' : ranges.at(-1)!.to, to: '24:00' },
                ])
              }
            >
              {labels.addRange}
            </button>
          )}
          {day === 0 && (
            <button
              type="button"
              class="hours-copy"
              onClick={() => onChange({ ...value, week: value.week.map(() => ranges.map((r) => ({ ...r }))) })}
            >
              {labels.copyToAll}
            </button>
          )}
        </fieldset>
      ))}
    </div>
  );
}
