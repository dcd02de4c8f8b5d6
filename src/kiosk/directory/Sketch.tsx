import { CIRCLE_RADIUS_M, positionOf, type GeoPoint, type NearbyStation } from '../../protocol/directory';

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LNG_EQUATOR = 111_320;

/** Metres east and north of `origin` (a flat sketch is plenty at a district's scale). */
function offset(origin: GeoPoint, p: GeoPoint): { x: number; y: number } {
  return {
    x: (p.lng - origin.lng) * M_PER_DEG_LNG_EQUATOR * Math.cos((origin.lat * Math.PI) / 180),
    y: (p.lat - origin.lat) * M_PER_DEG_LAT,
  };
}

/**
 * A drawn sketch of where the nearest stations lie from here: north up, this station in the
 * middle, the 15-minute circle dashed, each station a numbered dot (green when open). No map tiles.
 */
export function Sketch({ origin, stations, label }: { origin: GeoPoint; stations: NearbyStation[]; label: string }) {
  const placed = stations.flatMap((s, i) => {
    const p = positionOf(s.entry);
    return p ? [{ n: i + 1, s, ...offset(origin, p) }] : [];
  });
  const reach = Math.max(CIRCLE_RADIUS_M * 1.2, ...placed.map((p) => Math.hypot(p.x, p.y) * 1.1));
  const scale = 88 / reach;
  const r = CIRCLE_RADIUS_M * scale;
  return (
    <figure class="sketch" aria-label={label}>
      <svg viewBox="-100 -100 200 200" aria-hidden="true">
        <rect x="-100" y="-100" width="200" height="200" class="sketch-bg" />
        <circle r={r} class="sketch-circle" />
        <path d="M0 -96 L5 -84 L-5 -84 Z" class="sketch-north" />
        <text x="9" y="-86" class="sketch-n">
          N
        </text>
        {placed.map(({ n, s, x, y }) => (
          <g key={s.entry.id} transform={`translate(${(x * scale).toFixed(1)} ${(-y * scale).toFixed(1)})`}>
            <circle
              r="8.5"
              class={s.open === null ? 'dot dot-unknown' : s.open.open ? 'dot dot-open' : 'dot dot-closed'}
            />
            <text class="dot-n" y="3.5">
              {n}
            </text>
          </g>
        ))}
        <circle r="5" class="sketch-here" />
      </svg>
    </figure>
  );
}
