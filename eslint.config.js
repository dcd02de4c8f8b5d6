/** The one lint config: the recommended JavaScript and TypeScript rules, and import rules that hold ARCHITECTURE.md's layers. */
import 'typescript-classic/register';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * What each folder of src/ may reach with `../` (ARCHITECTURE.md). A relative import is read as written, so the
 * rule assumes files sit directly in their layer's folder; a file in a subfolder gets a loud false alarm, not a
 * silent pass.
 */
const SCREENS = ['kiosk', 'host', 'admin', 'ui', 'i18n', 'domain', 'protocol', 'db', 'sync', 'settings', 'pwa'];
const SRC_LAYERS = {
  kiosk: SCREENS,
  host: SCREENS,
  admin: SCREENS,
  ui: ['i18n', 'domain', 'protocol'],
  i18n: ['protocol'],
  sync: ['db', 'settings', 'domain', 'protocol'],
  db: ['domain', 'protocol'],
  settings: ['domain'],
  domain: ['protocol'],
  protocol: [],
  pwa: [],
  sw: ['protocol'],
};

/** Packages only some places may import: the folders under src/ (or the file) that own each. */
const PACKAGE_OWNERS = [
  {
    regex: '^dexie(/|$)',
    owners: ['db', 'sync'],
    why: 'Only src/db and src/sync use Dexie; screens call repositories and hooks.',
  },
  { regex: '^idb-keyval(/|$)', owners: ['settings'], why: 'Device settings live behind src/settings.' },
  {
    regex: '^workbox-window(/|$)',
    owners: ['pwa/sw-bridge.ts'],
    why: 'src/pwa/sw-bridge.ts is the one bridge to the service worker.',
  },
  { regex: '^workbox-(?!window)', owners: ['sw'], why: 'Workbox runs in the service worker (src/sw) only.' },
];

/** Import rules past the folder arrows, per layer. */
const EXTRA = {
  domain: [{ regex: '^[^.]', message: 'src/domain is pure: no packages (no DOM, Dexie or fetch), only ../protocol.' }],
  protocol: [{ regex: '^(?!\\.|valibot$)', message: 'src/protocol imports only valibot and its own files.' }],
  kiosk: [screensTakeOnlyTypesFromTheSchema()],
  host: [screensTakeOnlyTypesFromTheSchema()],
  admin: [screensTakeOnlyTypesFromTheSchema()],
};

function screensTakeOnlyTypesFromTheSchema() {
  return {
    regex: '(^|/)db/kiosk-db$',
    allowTypeImports: true,
    message:
      'Screens reach data through repositories and hooks in src/db and src/sync; from the schema they take only types.',
  };
}

/** The layers of server/: what each must not import. */
const SERVER_BANS = {
  auth: [
    { regex: '^\\.\\./(routes|sync|export)(/|$)', message: 'server/auth never imports routes (or sync, export).' },
  ],
  sync: [
    { regex: '^\\.\\./(routes|auth|export)(/|$)', message: 'server/sync imports only server/store and src/protocol.' },
  ],
  store: [
    {
      regex: '^\\.\\./(routes|sync|export)(/|$)',
      message: 'server/store is the bottom layer: no routes, sync or export.',
    },
  ],
  export: [
    {
      regex: '^\\.\\./(routes|auth|sync)(/|$)',
      message: 'server/export turns rows into files; no routes, auth or sync.',
    },
  ],
};

const NO_BENCH = { regex: '(^|/)bench(/|$)', message: 'Nothing imports bench/.' };

function packageBans(owner) {
  return PACKAGE_OWNERS.filter((p) => !p.owners.includes(owner)).map((p) => ({ regex: p.regex, message: p.why }));
}

function restrict(files, patterns, ignores = []) {
  const options = patterns.map((p) => ({ caseSensitive: true, ...p }));
  return { files, ignores, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: options }] } };
}

function srcLayer(name, reach) {
  const up = reach.length ? `^\\.\\./(?!(${reach.join('|')})/)` : '^\\.\\./';
  const arrow = reach.length ? `only ${reach.map((r) => `${r}/`).join(', ')}` : 'nothing outside itself';
  const bans = [
    { regex: up, message: `src/${name} may import ${arrow} (ARCHITECTURE.md).` },
    ...(EXTRA[name] ?? []),
    ...packageBans(name),
  ];
  // The bridge owns workbox-window; it is matched on its own so its folder's other files stay banned.
  if (name === 'pwa') {
    return [
      restrict(['src/pwa/sw-bridge.ts'], [...bans.filter((b) => !b.regex.startsWith('^workbox-window')), NO_BENCH]),
      restrict(['src/pwa/**'], [...bans, NO_BENCH], ['src/pwa/sw-bridge.ts']),
    ];
  }
  // A subfolder (src/kiosk/people/) reaches its own layer with ../ and the others with ../../.
  const nestedReach = [...reach, name];
  const nested = [
    {
      regex: `^\\.\\./\\.\\./(?!(${nestedReach.join('|')})/)`,
      message: `src/${name} may import ${arrow} (ARCHITECTURE.md).`,
    },
    ...bans.slice(1),
  ];
  return [
    restrict([`src/${name}/*.{ts,tsx}`], [...bans, NO_BENCH]),
    restrict([`src/${name}/*/**`], [...nested, NO_BENCH]),
  ];
}

function serverLayer(name, bans) {
  const fromSrc = {
    regex: '(^|/)src/(?!protocol/|domain/)',
    message: 'The server imports from src/ only protocol/ and domain/ (never client i18n, db or sync).',
  };
  const files = name ? [`server/${name}/**`] : ['server/**'];
  const ignores = name ? [] : Object.keys(SERVER_BANS).map((n) => `server/${n}/**`);
  return restrict(files, [fromSrc, ...bans, ...packageBans('server'), NO_BENCH], ignores);
}

export default defineConfig(
  { ignores: ['dist/', 'data/', 'bench/results/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Preact's hooks follow React's rules; the React Compiler rules of the plugin's presets do not apply here.
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Layering. Each file falls in exactly one block below, since a later block's options replace an earlier one's.
  ...Object.entries(SRC_LAYERS).flatMap(([name, reach]) => srcLayer(name, reach)),
  restrict(
    ['src/*.{ts,tsx}'],
    [
      { regex: '(^|/)(server|test)/', message: 'The kiosk never imports server or test code.' },
      ...packageBans('src'),
      NO_BENCH,
    ],
  ),
  ...Object.entries(SERVER_BANS).map(([name, bans]) => serverLayer(name, bans)),
  serverLayer(undefined, []),
  restrict(['test/**'], [NO_BENCH]),
  {
    files: ['src/**'],
    ignores: ['src/pwa/sw-bridge.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'navigator', property: 'serviceWorker', message: 'Go through src/pwa/sw-bridge.ts.' },
      ],
    },
  },
  {
    files: ['src/domain/**', 'src/protocol/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'location', 'fetch', 'XMLHttpRequest', 'indexedDB', 'localStorage'].map(
          (name) => ({ name, message: 'src/domain and src/protocol are pure: no DOM, storage or network.' }),
        ),
      ],
    },
  },
);
