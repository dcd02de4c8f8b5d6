/**
 * A wish's text as the worker typed it, checked before it is saved so the kiosk can say
 * exactly what is wrong (the protocol's schema holds the same rules and has the last word).
 */

/** At most this many characters (as a person counts them: one per Chinese character or emoji). */
export const WISH_TEXT_MAX = 200;

export type WishTextProblem = 'empty' | 'no_words' | 'too_long' | 'hidden';

/**
 * The text as it will be saved: line breaks and runs of spaces become one space (the wall shows one
 * paragraph), and the joiner inside emoji sequences is dropped (it is invisible, and the rules refuse it).
 */
export function tidyWishText(typed: string): string {
  return typed
    .normalize('NFC')
    .replace(/\u200d/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** How many characters the worker sees. */
export function wishTextLength(text: string): number {
  return [...tidyWishText(text)].length;
}

/** What is wrong with the (tidied) text, or null when it can be posted. */
export function wishTextProblem(text: string): WishTextProblem | null {
  const tidy = tidyWishText(text);
  if (tidy.length === 0) return 'empty';
  if ([...tidy].length > WISH_TEXT_MAX) return 'too_long';
  if (/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u.test(tidy)) return 'hidden';
  if (!/[\p{L}\p{N}]/u.test(tidy)) return 'no_words';
  return null;
}
