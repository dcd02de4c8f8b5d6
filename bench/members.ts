/** Recognising a member at the kiosk: phone lookup in a district directory, and one camera frame's QR decode. */
import { inPage, type BenchContext, type Figures } from './lib/context';
import { figure, percentile } from './lib/stats';

export async function benchMembers(ctx: BenchContext): Promise<Figures> {
  const members = 20_000;
  const sample = ctx.quick ? 50 : 200;
  await inPage(ctx.page, 'seedDirectory', members, sample);
  const lookup: number[] = [];
  const reads: number[] = [];
  const hash: number[] = [];
  const decode: number[] = [];
  const empty: number[] = [];
  for (let r = 0; r < ctx.reps; r++) {
    const l = await inPage<number[]>(ctx.page, 'memberLookups');
    lookup.push(percentile(l, 95));
    reads.push(percentile(await inPage<number[]>(ctx.page, 'directoryReads'), 95));
    hash.push(percentile(await inPage<number[]>(ctx.page, 'singleHashes', 20), 50));
    const q = await inPage<{ card: number[]; empty: number[] }>(ctx.page, 'qrDecodes', ctx.quick ? 10 : 40);
    decode.push(percentile(q.card, 95));
    empty.push(percentile(q.empty, 95));
    ctx.log(
      `members rep ${r + 1}: lookup p95 ${percentile(l, 95).toFixed(1)} ms, decode p95 ${percentile(q.card, 95).toFixed(1)} ms`,
    );
  }
  return {
    member_lookup_ms: figure(lookup, 'ms'),
    member_directory_read_p95_ms: figure(reads, 'ms'),
    member_phone_hash_p50_ms: figure(hash, 'ms'),
    qr_decode_ms: figure(decode, 'ms'),
    qr_decode_empty_frame_p95_ms: figure(empty, 'ms'),
  };
}
