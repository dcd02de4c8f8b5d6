/** A one-line outcome the admin should read (a new code, an import result), announced to screen readers. */
export function Notice({ text, tone = 'info' }: { text: string; tone?: 'info' | 'ok' | 'error' }) {
  if (!text) return null;
  return tone === 'error' ? (
    <p class="notice notice-error" role="alert">
      {text}
    </p>
  ) : (
    <p class={`notice notice-${tone}`} role="status">
      {text}
    </p>
  );
}
