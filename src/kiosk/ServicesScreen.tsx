import { useState } from 'preact/hooks';
import { useLang, useT } from '../i18n/i18n';
import { joinList } from '../i18n/format';
import type { ServiceId } from '../protocol/services';
import { Icon } from '../ui/Icon';
import { useFitGrid } from '../ui/use-fit-grid';

export interface ServicesScreenProps {
  catalogue: ServiceId[];
  /** A recognised member, greeted by masked name and member number. */
  welcome?: { name: string; memberNo: string } | null;
  /** Stores the visit; rejects when the write failed. */
  onConfirm: (services: ServiceId[]) => Promise<void>;
  onBack: () => void;
}

/**
 * Large multi-select tiles from the station's catalogue, then Confirm. The tiles fit the space between
 * the instruction and the buttons (columns and row height from the count and the screen); when they
 * cannot, they scroll inside their own region with a hint, and 返回/确认 stay on screen.
 */
export function ServicesScreen({ catalogue, welcome, onConfirm, onBack }: ServicesScreenProps) {
  const t = useT();
  const lang = useLang();
  const [chosen, setChosen] = useState<ServiceId[]>([]);
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState(false);
  const { ref, fit, more } = useFitGrid<HTMLDivElement>(catalogue.length);
  const toggle = (s: ServiceId) => setChosen((c) => (c.includes(s) ? c.filter((x) => x !== s) : [...c, s]));
  // Keep the catalogue's order, whatever order the tiles were tapped in.
  const ordered = catalogue.filter((s) => chosen.includes(s));
  async function confirm() {
    setSaving(true);
    setFailed(false);
    try {
      await onConfirm(ordered);
    } catch (err) {
      console.error('tap-in not saved', err);
      setFailed(true);
      setSaving(false);
    }
  }
  return (
    <main class="screen screen-fit services">
      {welcome && <p class="welcome">{t.welcomeMember(welcome.name, welcome.memberNo)}</p>}
      <h1 class="screen-title">{t.servicesTitle}</h1>
      <p class="instruction" aria-live="polite">
        {ordered.length === 0
          ? t.servicesHint
          : t.servicesChosen(
              joinList(
                ordered.map((s) => t.services[s]),
                lang,
              ),
            )}
      </p>
      <div class={`tiles-region${fit.scrolls ? ' scrolls' : ''}`} ref={ref}>
        <div
          class={`tiles${fit.rowHeight < 230 ? ' tiles-compact' : ''}`}
          style={{
            gridTemplateColumns: `repeat(${fit.cols}, minmax(0, 1fr))`,
            gridAutoRows: `${fit.rowHeight}px`,
          }}
        >
          {catalogue.map((s) => (
            <button type="button" key={s} class="tile" aria-pressed={chosen.includes(s)} onClick={() => toggle(s)}>
              <Icon name={s} class="tile-icon" />
              <span class="tile-label">{t.services[s]}</span>
            </button>
          ))}
        </div>
      </div>
      {more && (
        <p class="scroll-hint" aria-hidden="true">
          {t.scrollForMore}
        </p>
      )}
      {failed && (
        <p class="error" role="alert">
          {t.saveFailed}
        </p>
      )}
      <div class="actions">
        <button type="button" class="btn btn-secondary" onClick={onBack}>
          {t.back}
        </button>
        <button type="button" class="btn btn-primary" disabled={ordered.length === 0 || saving} onClick={confirm}>
          {t.confirm}
        </button>
      </div>
    </main>
  );
}
