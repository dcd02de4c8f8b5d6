import { useMemo } from 'preact/hooks';
import { COVERAGE_MARGIN_M, coverageGrid, gridOffset } from '../domain/coverage';
import { positionOf, type GeoPoint } from '../protocol/directory';
import type { StationRow } from './admin-api';
import { consoleLocale } from './console-lang';
import { directoryT } from './directory-lang';
import './directory.css';

/** Drawing width in SVG units; the height follows the district's shape. */
const WIDTH = 800;

/**
 * 一刻钟服务圈覆盖: over a grid across the district's box, the squares farther than 15 minutes on
 * foot from every active station are red; stations are marked; the share covered is the figure.
 */
export function CoveragePanel({ stations }: { stations: StationRow[] }) {
  const d = directoryT();
  const { grid, active, archived, missing } = useMemo(() => {
    const placed = stations.map((s) => ({ s, p: positionOf(s) }));
    const active = placed.filter((x) => !x.s.archivedAt && x.p).map((x) => ({ id: x.s.id, name: x.s.name, p: x.p! }));
    const archived = placed.filter((x) => x.s.archivedAt && x.p).map((x) => ({ id: x.s.id, name: x.s.name, p: x.p! }));
    const all: GeoPoint[] = [...active, ...archived].map((x) => x.p);
    return {
      grid: coverageGrid(
        active.map((x) => x.p),
        all,
      ),
      active,
      archived,
      missing: placed.filter((x) => !x.s.archivedAt && !x.p).length,
    };
  }, [stations]);
  const pct = grid
    ? new Intl.NumberFormat(consoleLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(grid.coveredShare)
    : '';
  return (
    <section class="coverage" aria-labelledby="coverage-title">
      <h2 id="coverage-title">{d.coverageTitle}</h2>
      {!grid ? (
        <p>{d.coverageNone}</p>
      ) : (
        <>
          <p class="coverage-figure">
            <strong>{d.coverageShare(pct)}</strong> · {d.uncovered(grid.uncoveredKm2.toFixed(1))}
          </p>
          {missing > 0 && <p class="notice notice-error">{d.missingPositions(missing)}</p>}
          <CoverageMap grid={grid} active={active} archived={archived} label={d.mapLabel(pct)} north={d.north} />
          <ul class="coverage-legend">
            <li>
              <span class="swatch swatch-covered" /> {d.legendCovered}
            </li>
            <li>
              <span class="swatch swatch-uncovered" /> {d.legendUncovered}
            </li>
            <li>
              <span class="swatch swatch-station" /> {d.legendStation}
            </li>
            {archived.length > 0 && (
              <li>
                <span class="swatch swatch-archived" /> {d.legendArchived}
              </li>
            )}
          </ul>
          <p class="hint">{d.coverageHint(grid.cellM, COVERAGE_MARGIN_M)}</p>
        </>
      )}
    </section>
  );
}

function CoverageMap({
  grid,
  active,
  archived,
  label,
  north,
}: {
  grid: NonNullable<ReturnType<typeof coverageGrid>>;
  active: { id: string; name: string; p: GeoPoint }[];
  archived: { id: string; name: string; p: GeoPoint }[];
  label: string;
  north: string;
}) {
  const scale = WIDTH / (grid.cols * grid.cellM);
  const height = grid.rows * grid.cellM * scale;
  const cell = grid.cellM * scale;
  const at = (p: GeoPoint) => {
    const o = gridOffset(grid, p);
    return { cx: o.x * scale, cy: o.y * scale };
  };
  return (
    <svg
      class="coverage-map"
      viewBox={`0 0 ${WIDTH} ${height.toFixed(1)}`}
      role="img"
      aria-label={label}
      preserveAspectRatio="xMinYMin meet"
    >
      {grid.covered.map((ok, i) => (
        <rect
          key={i}
          x={((i % grid.cols) * cell).toFixed(1)}
          y={(Math.floor(i / grid.cols) * cell).toFixed(1)}
          width={cell.toFixed(2)}
          height={cell.toFixed(2)}
          class={ok ? 'cell-covered' : 'cell-uncovered'}
        />
      ))}
      {archived.map((s) => (
        <circle key={s.id} {...at(s.p)} r="6" class="mark-archived">
          <title>{s.name}</title>
        </circle>
      ))}
      {active.map((s) => (
        <circle key={s.id} {...at(s.p)} r="7" class="mark-station">
          <title>{s.name}</title>
        </circle>
      ))}
      <text x={WIDTH - 14} y="26" class="map-north" text-anchor="middle">
        ↑{north}
      </text>
    </svg>
  );
}
