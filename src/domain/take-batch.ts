/** Bytes of a string in UTF-8, without encoding it (surrogate pairs count 4, lone surrogates 3 as U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Takes the longest prefix of `items` within both a count and a byte bound (always at least one item). */
export function takeBatch<T>(items: T[], maxCount: number, maxBytes: number): T[] {
  const batch: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (batch.length >= maxCount) break;
    const size = utf8Length(JSON.stringify(item));
    if (batch.length > 0 && bytes + size > maxBytes) break;
    batch.push(item);
    bytes += size;
  }
  return batch;
}
