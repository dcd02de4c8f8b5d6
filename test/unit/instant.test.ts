/** Times at the edge: real instants with a zone, normalised to UTC; anything else refused with a reason. */
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/protocol/instant';

describe('instants on the wire', () => {
  it.each([
    ['2024-05-31T23:30:00+08:00', '2024-05-31T15:30:00.000Z'],
    ['2024-05-31 23:30:00+08:00', '2024-05-31T15:30:00.000Z'],
    ['2024-05-31T23:30+0800', '2024-05-31T15:30:00.000Z'],
    ['2024-06-01T00:10:00.123456-03:30', '2024-06-01T03:40:00.123Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['2024-12-31t23:59:59z', '2024-12-31T23:59:59.000Z'],
  ])('reads %s as %s', (text, utc) => {
    expect(parseInstant(text)).toEqual({ ok: true, value: utc });
  });

  it.each([
    ['2024-02-31T10:00:00Z', 'calendar'],
    ['2023-02-29T10:00:00Z', 'calendar'],
    ['2024-13-01T10:00:00Z', 'calendar'],
    ['2024-05-31T24:00:00Z', 'time of day'],
    ['2024-05-31T10:00:00', 'zone'],
    ['9999-01-01T00:00:00Z', 'year'],
    ['1999-12-31T23:59:59Z', 'year'],
    ['+002024-05-31T10:00:00Z', 'zone'],
    ['2024-05-31T10:00:00+25:00', 'offset'],
    ['yesterday', 'zone'],
  ])('refuses %s (%s)', (text, why) => {
    const parsed = parseInstant(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(why);
  });
});
