/**
 * The dashboard's charts, drawn with Apache ECharts. This module is loaded by the
 * dashboard with `import()` only, so ECharts is a chunk of its own that the console
 * fetches when the dashboard opens; the kiosk never loads it. Only the charts and
 * components used here are registered (`echarts/core`), which keeps the chunk small.
 */
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, HeatmapChart, LineChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

const RED = '#b3261e';
const INK = '#3b3b3b';
const FONT = { fontFamily: 'inherit', color: INK, fontSize: 13 };

/** A drawn chart: resize with its box, and dispose when the page goes. */
export interface DrawnChart {
  dispose(): void;
  /** Resolves once ECharts has finished drawing. */
  drawn: Promise<void>;
}

function draw(el: HTMLElement, option: echarts.EChartsCoreOption): DrawnChart {
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  const drawn = new Promise<void>((resolve) => chart.on('finished', () => resolve()));
  chart.setOption({ textStyle: FONT, animation: false, ...option });
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(el);
  return {
    drawn,
    dispose() {
      observer.disconnect();
      chart.dispose();
    },
  };
}

/** Visits per day: a line over every day of the range. */
export function drawPerDay(
  el: HTMLElement,
  days: { day: string; n: number }[],
  label: { tip: (day: string, n: number) => string },
): DrawnChart {
  return draw(el, {
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const p = (params as { dataIndex: number }[])[0];
        const d = p ? days[p.dataIndex] : undefined;
        return d ? label.tip(d.day, d.n) : '';
      },
    },
    xAxis: {
      type: 'category',
      data: days.map((d) => d.day.slice(5)),
      axisLabel: { ...FONT, hideOverlap: true },
      boundaryGap: false,
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: FONT },
    series: [
      {
        type: 'line',
        data: days.map((d) => d.n),
        showSymbol: days.length <= 31,
        lineStyle: { color: RED, width: 2 },
        itemStyle: { color: RED },
        areaStyle: { color: 'rgba(179, 38, 30, 0.12)' },
      },
    ],
  });
}

/** Horizontal bars, the largest on top (stations, services). */
export function drawBars(
  el: HTMLElement,
  bars: { name: string; n: number }[],
  label: { tip: (name: string, n: number) => string; value: (n: number) => string },
): DrawnChart {
  const shown = [...bars].reverse();
  return draw(el, {
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const b = shown[(p as { dataIndex: number }).dataIndex];
        return b ? label.tip(b.name, b.n) : '';
      },
    },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { ...FONT, hideOverlap: true } },
    yAxis: {
      type: 'category',
      data: shown.map((b) => b.name),
      axisLabel: { ...FONT, width: 200, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: shown.map((b) => b.n),
        itemStyle: { color: RED, borderRadius: [0, 3, 3, 0] },
        label: {
          show: true,
          position: 'right',
          ...FONT,
          formatter: (p: unknown) => label.value((p as { value: number }).value),
        },
        barMaxWidth: 22,
      },
    ],
  });
}

/** Weekday × hour: darker cells for busier hours. */
export function drawHeat(
  el: HTMLElement,
  heat: number[][],
  label: { weekdays: string[]; hour: (h: number) => string; tip: (weekday: string, hour: number, n: number) => string },
): DrawnChart {
  const cells = heat.flatMap((row, d) => row.map((n, h) => [h, d, n]));
  const max = Math.max(1, ...cells.map((c) => c[2]!));
  return draw(el, {
    grid: { left: 8, right: 16, top: 8, bottom: 48, containLabel: true },
    tooltip: {
      formatter: (p: unknown) => {
        const [h, d, n] = (p as { value: [number, number, number] }).value;
        return label.tip(label.weekdays[d] ?? '', h, n);
      },
    },
    xAxis: {
      type: 'category',
      data: Array.from({ length: 24 }, (_, h) => label.hour(h)),
      axisLabel: { ...FONT, hideOverlap: true },
      splitArea: { show: true },
    },
    yAxis: { type: 'category', data: label.weekdays, inverse: true, axisLabel: FONT, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      text: [String(max), '0'],
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 200,
      textStyle: FONT,
      inRange: { color: ['#fbf3f1', '#e8a39c', RED, '#6e1611'] },
    },
    series: [{ type: 'heatmap', data: cells, emphasis: { itemStyle: { borderColor: INK, borderWidth: 1 } } }],
  });
}
