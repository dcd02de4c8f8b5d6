/** "Still there?" over the screen before an idle kiosk goes home; any touch keeps the screen. */
export interface IdleWarningProps {
  title: string;
  body: string;
  continueLabel: string;
  onContinue: () => void;
}

export function IdleWarning({ title, body, continueLabel, onContinue }: IdleWarningProps) {
  return (
    <div class="idle-backdrop">
      <div class="idle-warning" role="alertdialog" aria-modal="true" aria-labelledby="idle-title">
        <h2 id="idle-title">{title}</h2>
        <p>{body}</p>
        <button type="button" class="btn btn-primary" onClick={onContinue}>
          {continueLabel}
        </button>
      </div>
    </div>
  );
}
