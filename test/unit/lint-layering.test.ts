// @vitest-environment node
/** eslint.config.js holds ARCHITECTURE.md's layers: an import that crosses one, placed at a path in that layer, is an error. */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: fileURLToPath(new URL('../..', import.meta.url)) });

/** The messages of the import rule for `code` linted as if it were the file at `filePath`. */
async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath, warnIgnored: true });
  // A parse error or an ignored path would also mean "no import error": make either fail the test instead.
  expect(result?.messages.filter((m) => !m.ruleId)).toEqual([]);
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('the layering lint', () => {
  // Loading the config and typescript-eslint takes seconds on a busy machine; pay it once, outside the cases.
  beforeAll(() => eslint.lintText('', { filePath: 'src/domain/warm-up.ts' }), 30_000);

  it.each([
    ['a screen importing Dexie', 'src/kiosk/Example.tsx', "import Dexie from 'dexie';"],
    ['a screen opening the database itself', 'src/host/Example.tsx', "import { KioskDb } from '../db/kiosk-db';"],
    [
      'a presentational piece reaching for data',
      'src/ui/Example.tsx',
      "import { reconcile } from '../db/reconciliation';",
    ],
    ['the domain importing Dexie', 'src/domain/example.ts', "import Dexie from 'dexie';"],
    ['the domain importing the sync layer', 'src/domain/example.ts', "import { syncOnce } from '../sync/sync-once';"],
    ['the protocol importing the domain', 'src/protocol/example.ts', "import { maskPhone } from '../domain/phone';"],
    [
      'the server importing kiosk code',
      'server/routes/example.ts',
      "import { KioskApp } from '../../src/kiosk/KioskApp';",
    ],
    ['the server importing client i18n', 'server/export/example.ts', "import { zhCN } from '../../src/i18n/zh-CN';"],
    ['auth importing routes', 'server/auth/example.ts', "import { readBody } from '../routes/http';"],
    ['a screen importing workbox-window', 'src/kiosk/Example.tsx', "import { Workbox } from 'workbox-window';"],
  ])('reports %s', async (_, filePath, code) => {
    expect(await importErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    [
      'a screen calling a repository and typing the database',
      'src/host/Example.tsx',
      "import type { KioskDb } from '../db/kiosk-db';\nimport { reconcile } from '../db/reconciliation';",
    ],
    ['the sync layer using Dexie', 'src/sync/example.ts', "import Dexie from 'dexie';"],
    [
      'the server using the shared protocol',
      'server/sync/example.ts',
      "import { parseWire } from '../../src/protocol/schemas';",
    ],
    ['the bridge importing workbox-window', 'src/pwa/sw-bridge.ts', "import { Workbox } from 'workbox-window';"],
  ])('allows %s', async (_, filePath, code) => {
    expect(await importErrors(filePath, code)).toEqual([]);
  });
});
