/** The kiosk's state as one chip on the home screen: a shape, a word and the queue, so colour is never the only signal. */
export type ChipTone = 'ok' | 'warn' | 'bad';

export interface StatusChipProps {
  tone: ChipTone;
  label: string;
  /** Shown after the label when records wait to sync ("待同步 3 条"). */
  pendingLabel?: string | null;
}

const MARK: Record<ChipTone, string> = { ok: '●', warn: '▲', bad: '✕' };

export function StatusChip({ tone, label, pendingLabel }: StatusChipProps) {
  return (
    <span class={`chip chip-${tone}`} role="status">
      <span class="chip-mark" aria-hidden="true">
        {MARK[tone]}
      </span>
      {label}
      {pendingLabel && ` · ${pendingLabel}`}
    </span>
  );
}
