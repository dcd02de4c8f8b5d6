/** A kiosk's push and pull over real HTTP, for server tests that play several kiosks. */
import { expect } from 'vitest';
import { uuid7 } from '../../src/protocol/uuid7';

export interface PushResult {
  id: string;
  status: string;
  code?: string;
  version?: number;
  current?: Record<string, unknown>;
}

export interface PulledChange {
  kind: string;
  record: Record<string, unknown>;
  version?: number;
}

/** Pushes one batch as the kiosk holding `token`; answers the per-change results. */
export async function pushAs(url: string, token: string, changes: unknown[]): Promise<PushResult[]> {
  const res = await fetch(`${url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ batchId: uuid7(), changes }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: PushResult[] }).results;
}

/** Every change the kiosk holding `token` pulls from the start, page by page. */
export async function pullAllAs(url: string, token: string): Promise<PulledChange[]> {
  const changes: PulledChange[] = [];
  for (let cursor = ''; ;) {
    const res = await fetch(`${url}/api/v1/sync/pull?cursor=${cursor}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await res.json()) as { changes: PulledChange[]; cursor: string; more: boolean };
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.more) return changes;
  }
}
