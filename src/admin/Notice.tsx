/** A one-line outcome the admin should read (a new code, an import result), announced to screen readers. */
export function Notice({ text }: { text: string }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}
