import { useEffect, useRef, useState } from 'preact/hooks';
import type { OverviewResponse } from '../protocol/overview';
import type { ServiceId } from '../protocol/services';
import { countText } from './console-lang';
import type { DrawnChart } from './admin-charts';
import { dashboardT } from './overview-api';
import './dashboard.css';

/** Stations drawn by name; the rest are summed in a line under the chart. */
const TOP_STATIONS = 15;

/** The four charts. ECharts arrives as its own chunk the first time the dashboard draws. */
export function DashboardCharts({
  overview: o,
  serviceName,
}: {
  overview: OverviewResponse;
  serviceName: (s: ServiceId) => string;
}) {
  const d = dashboardT();
  const perDay = useRef<HTMLDivElement>(null);
  const perStation = useRef<HTMLDivElement>(null);
  const perService = useRef<HTMLDivElement>(null);
  const heat = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'drawn' | 'failed'>('loading');
  const top = o.visits.perStation.slice(0, TOP_STATIONS);
  const rest = o.visits.perStation.slice(TOP_STATIONS);
  useEffect(() => {
    let charts: DrawnChart[] = [];
    let gone = false;
    setState('loading');
    import('./admin-charts').then(
      async (c) => {
        if (gone || !perDay.current || !perStation.current || !perService.current || !heat.current) return;
        const count = (n: number) => d.count(countText(n));
        charts = [
          c.drawPerDay(perDay.current, o.visits.perDay, { tip: (day, n) => d.pair(day, count(n)) }),
          c.drawBars(
            perStation.current,
            top.map((s) => ({ name: s.name, n: s.n })),
            { tip: (name, n) => d.pair(name, count(n)), value: countText },
          ),
          c.drawBars(
            perService.current,
            o.visits.perService.map((s) => ({ name: serviceName(s.service), n: s.n })),
            { tip: (name, n) => d.pair(name, d.uses(countText(n))), value: countText },
          ),
          c.drawHeat(heat.current, o.visits.heat, {
            weekdays: d.weekdays,
            hour: d.hour,
            tip: (weekday, hour, n) => d.heatCell(weekday, hour, countText(n)),
          }),
        ];
        await Promise.all(charts.map((chart) => chart.drawn));
        if (gone) return;
        performance.mark('overview-drawn');
        setState('drawn');
      },
      () => !gone && setState('failed'),
    );
    return () => {
      gone = true;
      for (const chart of charts) chart.dispose();
    };
    // Drawn again for each new answer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [o]);
  const stationsHeight = Math.max(160, top.length * 30 + 40);
  const servicesHeight = Math.max(160, o.visits.perService.length * 34 + 40);
  return (
    <div class="dash-charts" data-charts={state}>
      {state === 'loading' && <p class="hint">{d.chartsLoading}</p>}
      {state === 'failed' && <p class="notice">{d.chartsFailed}</p>}
      <figure class="dash-chart wide">
        <figcaption>{d.perDay}</figcaption>
        <div ref={perDay} class="chart" style={{ height: '260px' }} role="img" aria-label={d.perDay} />
      </figure>
      <figure class="dash-chart">
        <figcaption>{d.perStation}</figcaption>
        <div
          ref={perStation}
          class="chart"
          style={{ height: `${stationsHeight}px` }}
          role="img"
          aria-label={d.perStation}
        />
        {rest.length > 0 && (
          <p class="hint">{d.otherStations(rest.length, countText(rest.reduce((a, s) => a + s.n, 0)))}</p>
        )}
      </figure>
      <figure class="dash-chart">
        <figcaption>{d.perService}</figcaption>
        <div
          ref={perService}
          class="chart"
          style={{ height: `${servicesHeight}px` }}
          role="img"
          aria-label={d.perService}
        />
      </figure>
      <figure class="dash-chart wide">
        <figcaption>
          {d.heat} <small class="hint">{d.heatHint}</small>
        </figcaption>
        <div ref={heat} class="chart" style={{ height: '300px' }} role="img" aria-label={d.heat} />
      </figure>
    </div>
  );
}
