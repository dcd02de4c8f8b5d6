import { peopleT as t } from './console-lang';

/** An inline "are you sure" for an action that changes records: the sentence, then confirm or step back. */
export function ConfirmBar({
  text,
  action,
  busy,
  onConfirm,
  onCancel,
}: {
  text: string;
  action: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div class="confirm" role="group" aria-label={action}>
      <p>{text}</p>
      <button type="button" class="primary danger" disabled={busy} onClick={onConfirm}>
        {action}
      </button>
      <button type="button" disabled={busy} onClick={onCancel}>
        {t.stepBack}
      </button>
    </div>
  );
}
