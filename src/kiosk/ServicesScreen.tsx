import { useState } from 'preact/hooks';
import { useT } from '../i18n/i18n';
import type { ServiceId } from '../protocol/services';
import { Icon } from '../ui/Icon';

export interface ServicesScreenProps {
  catalogue: ServiceId[];
  /** A recognised member, greeted by masked name and member number. */
  welcome?: { name: string; memberNo: string } | null;
  /** Stores the visit; rejects when the write failed. */
  onConfirm: (services: ServiceId[]) => Promise<void>;
  onBack: () => void;
}

/** Large multi-select tiles from the station's catalogue, then Confirm. */
export function ServicesScreen({ catalogue, welcome, onConfirm, onBack }: ServicesScreenProps) {
  const t = useT();
  const [chosen, setChosen] = useState<ServiceId[]>([]);
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState(false);
  const toggle = (s: ServiceId) => setChosen((c) => (c.includes(s) ? c.filter((x) => x !== s) : [...c, s]));
  async function confirm() {
    setSaving(true);
    setFailed(false);
    try {
      // Keep the catalogue's order, whatever order the tiles were tapped in.
      await onConfirm(catalogue.filter((s) => chosen.includes(s)));
    } catch (err) {
      console.error('tap-in not saved', err);
      setFailed(true);
      setSaving(false);
    }
  }
  return (
    <main class="screen">
      {welcome && <p class="welcome">{t.welcomeMember(welcome.name, welcome.memberNo)}</p>}
      <h1 class="screen-title">{t.servicesTitle}</h1>
      <p class="hint">{t.servicesHint}</p>
      <div class="tiles">
        {catalogue.map((s) => (
          <button type="button" key={s} class="tile" aria-pressed={chosen.includes(s)} onClick={() => toggle(s)}>
            <Icon name={s} class="tile-icon" />
            <span class="tile-label">{t.services[s]}</span>
          </button>
        ))}
      </div>
      {failed && (
        <p class="error" role="alert">
          {t.saveFailed}
        </p>
      )}
      <div class="actions">
        <button type="button" class="btn btn-secondary" onClick={onBack}>
          {t.back}
        </button>
        <button type="button" class="btn btn-primary" disabled={chosen.length === 0 || saving} onClick={confirm}>
          {chosen.length === 0 ? t.chooseOne : t.confirm}
        </button>
      </div>
    </main>
  );
}
