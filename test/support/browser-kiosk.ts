/** A kiosk in real headless Chromium: the real app and service worker, driven through its screens. */
import type { BrowserContext, Page } from 'playwright-core';
import type { StoredVisit } from '../../src/db/kiosk-db';
import type { Random } from './prng';

const SERVICE_LABELS = ['歇脚休息', '手机充电', '饮水', '免费上网', '避暑取暖'];

export class BrowserKiosk {
  constructor(
    private readonly context: BrowserContext,
    public page: Page,
    private readonly url: string,
  ) {}

  private key(d: string) {
    return this.page.getByRole('button', { name: d, exact: true });
  }

  /** First run through the enroll screen with a code and a host PIN. */
  async enroll(code: string, navigate = true): Promise<void> {
    if (navigate) await this.page.goto(this.url);
    await this.page.getByText('登记这台设备').waitFor();
    for (const d of code) await this.key(d).click();
    await this.page.getByRole('button', { name: '下一步' }).click();
    for (let i = 0; i < 2; i++) {
      for (const d of '2468') await this.key(d).click();
      await this.page.getByRole('button', { name: i === 0 ? '下一步' : '登记' }).click();
    }
    await this.page.getByRole('button', { name: /打卡签到/ }).waitFor();
    await this.page.evaluate(async () => void (await navigator.serviceWorker.ready));
  }

  /** One anonymous tap-in through the screens, with a random service (or the one named); answers its label. */
  async tapIn(random: Random, service?: string): Promise<string> {
    const label = service ?? random.pick(SERVICE_LABELS);
    // A background tab's timers and frames are throttled; a courier only ever touches the visible one.
    await this.page.bringToFront();
    await this.page.getByRole('button', { name: /打卡签到/ }).click();
    await this.page.getByRole('button', { name: '匿名签到' }).click();
    await this.page.getByRole('button', { name: label }).click();
    await this.page.getByRole('button', { name: '确认' }).click();
    await this.page.getByText('签到成功').click();
    await this.page.getByRole('button', { name: /打卡签到/ }).waitFor();
    return label;
  }

  /**
   * Starts a tap-in and kills the renderer right after 确认, in the middle of the
   * write: the visit must then be committed whole or absent, never half.
   * Answers the service label chosen; the kiosk comes back in a new page.
   */
  async tapInAndCrash(random: Random): Promise<string> {
    await this.page.bringToFront();
    const label = random.pick(SERVICE_LABELS);
    await this.page.getByRole('button', { name: /打卡签到/ }).click();
    await this.page.getByRole('button', { name: '匿名签到' }).click();
    await this.page.getByRole('button', { name: label }).click();
    const cdp = await this.context.newCDPSession(this.page);
    await this.page.getByRole('button', { name: '确认' }).click({ noWaitAfter: true });
    // The renderer dies at once; the CDP answer never comes.
    void cdp.send('Page.crash').catch(() => undefined);
    await this.page.waitForEvent('crash', { timeout: 10_000 }).catch(() => undefined);
    await this.page.close().catch(() => undefined);
    this.page = await this.context.newPage();
    await this.page.goto(this.url);
    await this.page.getByRole('button', { name: /打卡签到/ }).waitFor();
    return label;
  }

  /** Reloads in the middle of whatever the sync runner is doing. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.getByRole('button', { name: /打卡签到/ }).waitFor();
  }

  /** Closes the page and opens the kiosk in a new one. */
  async reopen(): Promise<void> {
    await this.page.close();
    this.page = await this.context.newPage();
    await this.page.goto(this.url);
    await this.page.getByRole('button', { name: /打卡签到/ }).waitFor();
  }

  /** Opens host mode with the PIN set at enrollment. */
  async openHost(): Promise<void> {
    await this.page.getByRole('button', { name: '站点管理' }).click();
    for (const d of '2468') await this.key(d).click();
    await this.page.getByRole('button', { name: '确认' }).click();
    await this.page.getByText('同步状态').first().waitFor();
  }

  private readStore<T>(store: string, op: 'getAll' | 'count'): Promise<T> {
    return this.page.evaluate(
      ([s, o]) =>
        new Promise<T>((resolve, reject) => {
          const open = indexedDB.open('waystation');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction(s!).objectStore(s!)[o as 'count']();
            req.onsuccess = () => {
              open.result.close();
              resolve(req.result as T);
            };
            req.onerror = () => reject(req.error);
          };
        }),
      [store, op],
    );
  }

  pending(): Promise<number> {
    return this.readStore<number>('outbox', 'count');
  }

  visits(): Promise<StoredVisit[]> {
    return this.readStore<StoredVisit[]>('visits', 'getAll');
  }
}
