/** What is wrong with a suggestion's text, checked before saving so the worker reads it in their language. */
export const MAX_TEXT = 500;

export type TextProblem = 'empty' | 'too_long' | 'no_words' | null;

/** The same rules as the record's schema (trimmed, ≤ 500 characters, some letters or digits). */
export function textProblem(text: string): TextProblem {
  const s = text.normalize('NFC').trim();
  if (s.replace(/\s/gu, '').length === 0) return 'empty';
  if ([...s].length > MAX_TEXT) return 'too_long';
  if (!/[\p{L}\p{N}]/u.test(s)) return 'no_words';
  return null;
}
