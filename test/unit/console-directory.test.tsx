/** The console's station position and hours fields, and the coverage view: over a fake admin API. */
import { fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StationsPage } from '../../src/admin/StationsPage';
import { setConsoleLang } from '../../src/admin/console-lang';
import { coverageGrid } from '../../src/domain/coverage';
import { adminDirectoryEn } from '../../src/i18n/admin-directory-en';
import { adminDirectoryZh } from '../../src/i18n/admin-directory-zh-CN';
import { fakeAdminApi } from './console-fake-api';

afterEach(() => {
  vi.unstubAllGlobals();
  setConsoleLang('zh-CN');
});

const M_PER_DEG_LAT = 110_574;
const ORIGIN = { lat: 30.66, lng: 104.06 };
const east = (m: number) => ({
  lat: ORIGIN.lat,
  lng: ORIGIN.lng + m / (111_320 * Math.cos((ORIGIN.lat * Math.PI) / 180)),
});

const STATION = { id: 'st-1', name: '铜心驿站 · 康民药店分站', kind: 'branch', services: ['rest'], version: 2 };

describe('coverage grid', () => {
  it('covers the whole box around one station (its corners are within 15 minutes)', () => {
    const grid = coverageGrid([ORIGIN])!;
    expect(grid.coveredShare).toBe(1);
    expect(grid.uncoveredKm2).toBe(0);
    expect(grid.cellM).toBe(100);
  });

  it('leaves the middle between two far stations uncovered and says how much is', () => {
    const grid = coverageGrid([ORIGIN, east(4000)])!;
    // A 5 km × 1 km box: each circle is cut by the box's 500 m margins to about 1.35 km², about 54% together.
    expect(grid.coveredShare).toBeGreaterThan(0.5);
    expect(grid.coveredShare).toBeLessThan(0.58);
    const middleRow = Math.floor(grid.rows / 2);
    expect(grid.covered[middleRow * grid.cols + Math.floor(grid.cols / 2)]).toBe(false);
    expect(grid.covered[middleRow * grid.cols + 5]).toBe(true);
    expect(grid.uncoveredKm2).toBeCloseTo((1 - grid.coveredShare) * grid.rows * grid.cols * 0.01, 5);
  });

  it('counts an archived station in the district’s box but not in the coverage', () => {
    const grid = coverageGrid([ORIGIN], [ORIGIN, east(4000)])!;
    expect(grid.coveredShare).toBeLessThan(0.4);
    expect(coverageGrid([], [])).toBeNull();
  });

  it('keeps the grid to at most 2,500 cells for a wide district', () => {
    const grid = coverageGrid([ORIGIN, { lat: ORIGIN.lat + 30_000 / M_PER_DEG_LAT, lng: east(30_000).lng }])!;
    expect(grid.rows * grid.cols).toBeLessThanOrEqual(2500);
  });
});

describe('console strings for the directory', () => {
  it('has every Chinese key in English, and no Chinese in English', () => {
    expect(Object.keys(adminDirectoryEn).sort()).toEqual(Object.keys(adminDirectoryZh).sort());
    const texts = Object.values(adminDirectoryEn).flatMap((x) =>
      typeof x === 'function' ? [(x as (...a: unknown[]) => string)(3, 4)] : Array.isArray(x) ? x : [x],
    );
    expect(texts.filter((s) => /[\u4e00-\u9fff]/.test(s))).toEqual([]);
  });
});

describe('station form: position and opening hours', () => {
  it('refuses half a position or one off the globe, then saves numbers and the week’s hours', async () => {
    const api = fakeAdminApi();
    api.route('GET /stations', { body: { stations: [STATION] } });
    api.route('PUT /stations/st-1', (c) => ({ body: { ...STATION, ...(c.body as object), version: 3 } }));
    render(<StationsPage />);
    fireEvent.click(await screen.findByRole('button', { name: '编辑' }));
    fireEvent.input(screen.getByLabelText('纬度'), { target: { value: '30.66' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect((await screen.findByRole('alert')).textContent).toBe('纬度和经度要一起填写，或都不填');
    fireEvent.input(screen.getByLabelText('纬度'), { target: { value: '95' } });
    fireEvent.input(screen.getByLabelText('经度'), { target: { value: '104.06' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect((await screen.findByRole('alert')).textContent).toBe('纬度应为 -90 到 90 之间的数字');
    expect(api.writes('PUT /stations/st-1')).toHaveLength(0);

    fireEvent.input(screen.getByLabelText('纬度'), { target: { value: ' 30.66012 ' } });
    fireEvent.click(screen.getByLabelText(/按星期设置营业时间/));
    fireEvent.click(within(screen.getByRole('group', { name: '周日' })).getByRole('button', { name: '休息' }));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText(/已保存/);
    const body = api.writes('PUT /stations/st-1')[0]!.body as {
      lat: number;
      lng: number;
      openingHours: { week: unknown[][] };
    };
    expect(body).toMatchObject({ baseVersion: 2, lat: 30.66012, lng: 104.06 });
    expect(body.openingHours.week[0]).toEqual([{ from: '08:00', to: '20:00' }]);
    expect(body.openingHours.week[6]).toEqual([]);
  });
});

describe('coverage view', () => {
  it('shows the share of the district within 15 minutes and warns of stations with no position', async () => {
    const api = fakeAdminApi();
    api.route('GET /stations', {
      body: {
        stations: [
          { ...STATION, ...ORIGIN },
          { ...STATION, id: 'st-2', name: '电信营业厅分站', ...east(4000) },
          { ...STATION, id: 'st-3', name: '新设分站' },
        ],
      },
    });
    render(<StationsPage />);
    const pct = Math.round(coverageGrid([ORIGIN, east(4000)])!.coveredShare * 1000) / 10;
    expect(await screen.findByText(`已覆盖 ${pct}%`)).toBeTruthy();
    expect(screen.getByText('1 个在用驿站未填写位置，未计入覆盖。')).toBeTruthy();
    expect(screen.getByRole('img', { name: /覆盖图/ }).querySelectorAll('.cell-uncovered').length).toBeGreaterThan(0);
  });
});
