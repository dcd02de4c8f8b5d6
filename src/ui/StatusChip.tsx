/** Online/offline and the queue length, as one chip on the home screen. */
export interface StatusChipProps {
  online: boolean;
  pending: number;
  onlineLabel: string;
  offlineLabel: string;
  pendingLabel: string;
}

export function StatusChip({ online, pending, onlineLabel, offlineLabel, pendingLabel }: StatusChipProps) {
  return (
    <span class={`chip ${online ? 'chip-online' : 'chip-offline'}`} role="status">
      <span class="chip-dot" aria-hidden="true" />
      {online ? onlineLabel : offlineLabel}
      {pending > 0 && ` · ${pendingLabel}`}
    </span>
  );
}
