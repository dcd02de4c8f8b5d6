import { useState } from 'preact/hooks';
import { useHostT } from '../i18n/backstage';
import { Keypad } from '../ui/Keypad';

export interface PhoneTailFilterProps {
  value: string;
  onChange: (digits: string) => void;
}

/** The log's "phone ends with" filter, typed on the app's own keypad (a kiosk has no keyboard to trust). */
export function PhoneTailFilter({ value, onChange }: PhoneTailFilterProps) {
  const t = useHostT();
  const [open, setOpen] = useState(false);
  return (
    <div class="tail-filter">
      <button type="button" class="btn btn-small tail-value" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t.phoneEndIs(value ? `****${value}` : t.phoneEndAny)}
      </button>
      {open && (
        <div class="tail-pad">
          <Keypad value={value} maxLength={4} onChange={onChange} clearLabel={t.clear} deleteLabel={t.delete} />
          <button type="button" class="btn btn-primary" onClick={() => setOpen(false)}>
            {t.done}
          </button>
        </div>
      )}
    </div>
  );
}
