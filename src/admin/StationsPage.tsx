import { useEffect, useState } from 'preact/hooks';
import { adminZh as t } from '../i18n/admin-zh-CN';
import { zhCN } from '../i18n/zh-CN';
import type { StationRecord } from '../protocol/schemas';
import { Notice } from './Notice';
import { adminApi } from './admin-api';
import { formatTime } from './admin-time';
import { errorText } from './error-text';

/** Stations of the district, a form to add one, and enrollment codes for kiosks. */
export function StationsPage() {
  const [stations, setStations] = useState<StationRecord[]>([]);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'hub' | 'branch'>('branch');
  const [message, setMessage] = useState('');
  const load = () => void adminApi.stations().then((r) => setStations(r.stations));
  useEffect(load, []);
  async function create(e: Event) {
    e.preventDefault();
    try {
      await adminApi.createStation(name, kind);
      setName('');
      load();
    } catch (err) {
      setMessage(errorText(err));
    }
  }
  async function code(s: StationRecord) {
    try {
      const c = await adminApi.enrollCode(s.id);
      setMessage(t.codeFor(s.name, c.code, formatTime(c.expiresAt)));
    } catch (err) {
      setMessage(errorText(err));
    }
  }
  return (
    <section>
      <Notice text={message} />
      <table>
        <thead>
          <tr>
            <th>{t.name}</th>
            <th>{t.kind}</th>
            <th>{t.services}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {stations.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.kind === 'hub' ? t.hub : t.branch}</td>
              <td>{s.services.map((x) => zhCN.services[x]).join('、')}</td>
              <td>
                <button type="button" onClick={() => void code(s)}>
                  {t.enrollCode}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="inline" onSubmit={create}>
        <h2>{t.createStation}</h2>
        <label>
          {t.name}
          <input required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          {t.kind}
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value === 'hub' ? 'hub' : 'branch')}>
            <option value="branch">{t.branch}</option>
            <option value="hub">{t.hub}</option>
          </select>
        </label>
        <button type="submit">{t.create}</button>
      </form>
    </section>
  );
}
