/** Delay before retry number `attempt` (1-based): exponential, capped, with "equal jitter". */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 2_000,
  capMs = 5 * 60_000,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
