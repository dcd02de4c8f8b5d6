/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      // src/pwa/sw-bridge.ts registers the worker itself with workbox-window.
      injectRegister: false,
      manifest: {
        name: '铜心驿站 · 签到机',
        short_name: '铜心驿站',
        description: '新就业群体暖心驿站签到与管理 — Waystation kiosk',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'fullscreen',
        orientation: 'any',
        background_color: '#fffaf5',
        theme_color: '#b3261e',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // The plugin adds the web manifest itself; the admin console is online-only and not precached.
        globPatterns: ['**/*.{js,css,html,svg,png,ico}'],
        globIgnores: ['admin/**', 'assets/admin-*'],
      },
      includeManifestIcons: false,
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2022',
    rollupOptions: {
      input: { main: 'index.html', admin: 'admin/index.html' },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          setupFiles: ['test/support/unit-setup.ts'],
          // Host-mode tests hash PINs (PBKDF2, 100k rounds) several times: room for a busy machine.
          testTimeout: 15_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts'],
        },
      },
      {
        // Each attack of issue 12 replayed against `npm start` over HTTP, asserting it now fails.
        extends: true,
        test: {
          name: 'security',
          environment: 'node',
          include: ['test/security/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          globalSetup: ['test/support/e2e-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          globalSetup: ['test/support/e2e-global-setup.ts'],
        },
      },
      {
        // The product as users meet it, with the server on PostgreSQL.
        extends: true,
        test: {
          name: 'e2e-pg',
          environment: 'node',
          include: ['test/e2e/offline-kiosk.test.ts', 'test/e2e/pwa-and-console.test.ts'],
          env: { E2E_STORE: 'postgres' },
          testTimeout: 120_000,
          hookTimeout: 240_000,
          globalSetup: ['test/support/e2e-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'chaos',
          environment: 'node',
          include: ['test/chaos/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 120_000,
          globalSetup: ['test/support/e2e-global-setup.ts'],
        },
      },
      {
        // The same chaos run with the server on PostgreSQL (once per CI run).
        extends: true,
        test: {
          name: 'chaos-pg',
          environment: 'node',
          include: ['test/chaos/**/*.test.ts'],
          env: { CHAOS_STORE: 'postgres' },
          testTimeout: 600_000,
          hookTimeout: 120_000,
          globalSetup: ['test/support/e2e-global-setup.ts'],
        },
      },
    ],
  },
});
