/**
 * The CSP is only right if the product still works under it: the kiosk and the
 * console load in real Chromium with no violation, the service worker installs,
 * the camera (QR scanner) may be opened, and blob:/data: downloads and images work.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { startProduct, type RunningProduct } from '../support/product';

let product: RunningProduct;
let browser: Browser;
beforeAll(async () => {
  product = await startProduct();
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
    headless: true,
  });
});
afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

/** A page that records every CSP violation and every console error. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  await page.exposeFunction('__cspViolation', (text: string) => problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI}`,
      ),
    );
  });
  return { page, problems };
}

describe('the CSP in Chromium', () => {
  it('lets the kiosk load, install its service worker, open the camera and make downloads', async () => {
    const { page, problems } = await watchedPage();
    await page.goto(product.url);
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    const camera = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: true });
      const video = document.createElement('video');
      video.srcObject = stream;
      document.body.append(video);
      await video.play();
      stream.getTracks().forEach((t) => t.stop());
      return stream.getVideoTracks().length;
    });
    expect(camera).toBe(1);
    // A host's transfer file is a blob: download; QR codes and icons may be data: images.
    const download = page.waitForEvent('download');
    await page.evaluate(() => {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob(['{}'], { type: 'application/json' }));
      a.download = 'transfer.json';
      document.body.append(a);
      a.click();
      const img = new Image();
      img.src = 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>';
      document.body.append(img);
    });
    expect((await download).suggestedFilename()).toBe('transfer.json');
    await page.waitForTimeout(300);
    expect(problems).toEqual([]);
  });

  it('lets the console sign in, list devices and download an export', async () => {
    const { page, problems } = await watchedPage();
    await page.goto(`${product.url}/admin`);
    await page.getByLabel('用户名').fill(product.adminUser);
    await page.getByLabel('密码').fill(product.adminPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '设备' }).click();
    await page.getByRole('button', { name: '会员' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /CSV/ }).first().click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
    await page.waitForTimeout(300);
    expect(problems).toEqual([]);
  });

  it('refuses to be framed by another site', async () => {
    const res = await fetch(`${product.url}/admin`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
