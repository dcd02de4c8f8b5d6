import type { KioskDb } from '../../db/kiosk-db';
import { photoCounts, stationSuggestions } from '../../db/suggestions';
import { useLiveQuery } from '../../db/use-live-query';
import { formatDateTime } from '../../i18n/format';
import { useLang } from '../../i18n/i18n';
import { useSuggestionT } from '../../i18n/suggestions';

/** Host mode: this station's suggestions with their status and the district's reply, and photos not yet uploaded. */
export function HostSuggestions({ db }: { db: KioskDb }) {
  const s = useSuggestionT();
  const lang = useLang();
  // Live: a sync pass that confirms a suggestion or uploads a photo shows at once.
  const held = useLiveQuery(
    async () => ({ rows: await stationSuggestions(db), photos: await photoCounts(db) }),
    [db],
    null,
  );
  if (!held) return <section class="panel" />;
  const { rows, photos } = held;
  const open = rows.filter((r) => r.record.status === 'received' || r.record.status === 'in_progress').length;
  return (
    <section class="panel host-suggestions" aria-labelledby="host-suggestions">
      <p>{rows.length === 0 ? s.hostEmpty : s.hostCounts(rows.length, open)}</p>
      {photos.waiting > 0 && <p class="hint">{s.photosWaiting(photos.waiting)}</p>}
      {photos.refused > 0 && <p class="error">{s.photosRefused(photos.refused)}</p>}
      {rows.length > 0 && (
        <div class="suggest-table">
          <table class="log">
            <thead>
              <tr>
                <th>{s.colCode}</th>
                <th>{s.colCategory}</th>
                <th>{s.colDate}</th>
                <th>{s.colStatus}</th>
                <th>{s.colReply}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ record: r, pending, photo }) => (
                <tr key={r.id}>
                  <td class="mono">{r.receiptCode}</td>
                  <td>{s.categories[r.category]}</td>
                  <td>{formatDateTime(r.createdAt, lang)}</td>
                  <td>
                    {s.statuses[r.status]}
                    {pending && <div class="hint">{s.pendingSync}</div>}
                    {photo !== 'none' && <div class="hint">{s.photoStates[photo]}</div>}
                  </td>
                  <td class="suggest-free-text">{r.reply ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
