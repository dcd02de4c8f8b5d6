/** Takes the longest prefix of `items` within both a count and a byte bound (always at least one item). */
export function takeBatch<T>(items: T[], maxCount: number, maxBytes: number): T[] {
  const batch: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (batch.length >= maxCount) break;
    const size = new TextEncoder().encode(JSON.stringify(item)).length;
    if (batch.length > 0 && bytes + size > maxBytes) break;
    batch.push(item);
    bytes += size;
  }
  return batch;
}
