/** The console's stations page, its station form and its two languages, over a fake admin API. */
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StationsPage } from '../../src/admin/StationsPage';
import { setConsoleLang } from '../../src/admin/console-lang';
import { adminEn } from '../../src/i18n/admin-en';
import { consoleErrorsEn, peopleEn } from '../../src/i18n/admin-people-en';
import { consoleErrorsZh, peopleZh } from '../../src/i18n/admin-people-zh-CN';
import { adminZh } from '../../src/i18n/admin-zh-CN';
import { fakeAdminApi } from './console-fake-api';

afterEach(() => {
  vi.unstubAllGlobals();
  setConsoleLang('zh-CN');
});

const STATION = {
  id: 'st-1',
  name: '铜心驿站 · 康民药店分站',
  kind: 'branch',
  services: ['rest', 'charging', 'water'],
  version: 2,
};

/** Every sentence a language file holds, functions called with sample arguments. */
function sentences(o: unknown, path = ''): [string, string][] {
  if (typeof o === 'string') return [[path, o]];
  if (typeof o === 'function') {
    const args = Array.from({ length: (o as (...a: unknown[]) => unknown).length }, (_, i) => (i === 0 ? 3 : 'x'));
    return sentences((o as (...a: unknown[]) => unknown)(...args), path);
  }
  if (o && typeof o === 'object') return Object.entries(o).flatMap(([k, v]) => sentences(v, `${path}.${k}`));
  return [];
}

const keys = (o: object): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as object).map((sub) => `${k}.${sub}`) : [k],
  );

describe('console languages', () => {
  const pairs = [
    ['admin', adminZh, adminEn],
    ['people', peopleZh, peopleEn],
    ['errors', consoleErrorsZh, consoleErrorsEn],
  ] as const;

  it.each(pairs)('%s: every Chinese key has an English one and none more', (_name, zh, en) => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
  });

  it.each(pairs)('%s: no Chinese in English mode (but the name of the other language)', (_name, _zh, en) => {
    const chinese = sentences(en).filter(([path, s]) => /[\u4e00-\u9fff]/.test(s) && path !== '.otherLang');
    expect(chinese).toEqual([]);
  });

  it.each(pairs)('%s: no English sentence left untranslated in Chinese mode', (_name, zh) => {
    // Latin letters are fine inside a Chinese sentence (Wi-Fi, CSV, Excel); a sentence with none is not.
    const english = sentences(zh).filter(
      ([path, s]) => /[a-z]{3}/i.test(s) && !/[\u4e00-\u9fff]/.test(s) && path !== '.otherLang',
    );
    expect(english).toEqual([]);
  });
});

describe('stations page', () => {
  it('creates one station when 创建 is double-clicked', async () => {
    const api = fakeAdminApi();
    api.route('GET /stations', { body: { stations: [STATION] } });
    api.route('POST /stations', (c) => ({
      status: 201,
      body: { id: 'st-2', kind: 'branch', services: ['rest'], ...(c.body as object) },
      delayMs: 50,
    }));
    render(<StationsPage />);
    await screen.findByText(STATION.name);
    fireEvent.input(screen.getAllByLabelText('名称').at(-1)!, { target: { value: '新华超市分站' } });
    const create = screen.getByRole('button', { name: '创建' });
    // Both clicks in one task, before Preact re-renders the button as disabled.
    create.click();
    create.click();
    await screen.findByText(/已创建“新华超市分站”/);
    expect(api.writes('POST /stations')).toHaveLength(1);
  });

  it('saves services in catalogue order with the version it loaded, and refuses an empty catalogue', async () => {
    const api = fakeAdminApi();
    api.route('GET /stations', { body: { stations: [STATION] } });
    api.route('PUT /stations/st-1', (c) => ({ body: { ...STATION, ...(c.body as object), version: 3 } }));
    render(<StationsPage />);
    fireEvent.click(await screen.findByRole('button', { name: '编辑' }));
    for (const name of ['歇脚休息', '手机充电', '饮水']) fireEvent.click(screen.getByLabelText(name));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', '请至少选择一项服务');
    expect(api.writes('PUT /stations/st-1')).toHaveLength(0);

    fireEvent.click(screen.getByLabelText('雨具借用'));
    fireEvent.click(screen.getByLabelText('饮水'));
    fireEvent.input(screen.getByLabelText('Wi-Fi 名称'), { target: { value: 'KangMin' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText(/已保存/);
    expect(api.writes('PUT /stations/st-1')[0]!.body).toMatchObject({
      baseVersion: 2,
      services: ['water', 'umbrella'],
      wifiName: 'KangMin',
      archived: false,
    });
  });

  it('reopens the form on the newer version when someone else saved first', async () => {
    const api = fakeAdminApi();
    let version = 2;
    api.route('GET /stations', () => ({
      body: { stations: [{ ...STATION, version, hours: version > 2 ? '9–18' : undefined }] },
    }));
    api.route('PUT /stations/st-1', () => {
      version = 3;
      return { status: 409, body: { error: 'changed', code: 'conflict' } };
    });
    render(<StationsPage />);
    fireEvent.click(await screen.findByRole('button', { name: '编辑' }));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText(/这个驿站刚被别人改过/);
    await waitFor(() => expect(screen.getByLabelText('开放时间')).toHaveProperty('value', '9–18'));
  });
});
