/**
 * The district's question about the 15-minute service circle: which parts of its area are
 * farther than 15 minutes on foot from every open station? A grid over the district's
 * bounding box (every station's position, archived ones too, plus a margin) answers it.
 */
import { CIRCLE_RADIUS_M, distanceMeters, type GeoPoint } from '../protocol/directory';

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LNG_EQUATOR = 111_320;

/** How far the district's box reaches beyond its outermost stations. */
export const COVERAGE_MARGIN_M = 500;
/** Most cells a grid has (the cell grows in 50 m steps to stay under it). */
export const MAX_CELLS = 2500;

export interface CoverageGrid {
  /** Degrees: the box the grid spans. */
  south: number;
  west: number;
  north: number;
  east: number;
  rows: number;
  cols: number;
  /** The side of a cell, in metres. */
  cellM: number;
  /** Row-major from the north-west corner: true when the cell's centre lies within the circle of a station. */
  covered: boolean[];
  /** Share of cells covered, 0–1. */
  coveredShare: number;
  /** Area of the uncovered cells, km². */
  uncoveredKm2: number;
}

/**
 * The coverage grid. `active` are the stations that serve (not archived); `all` every station with a
 * position, which sets the district's box. Null when no station has a position.
 */
export function coverageGrid(active: readonly GeoPoint[], all: readonly GeoPoint[] = active): CoverageGrid | null {
  if (all.length === 0) return null;
  const midLat = (Math.min(...all.map((p) => p.lat)) + Math.max(...all.map((p) => p.lat))) / 2;
  const mPerDegLng = M_PER_DEG_LNG_EQUATOR * Math.cos((midLat * Math.PI) / 180);
  const padLat = COVERAGE_MARGIN_M / M_PER_DEG_LAT;
  const padLng = COVERAGE_MARGIN_M / mPerDegLng;
  const south = Math.min(...all.map((p) => p.lat)) - padLat;
  const north = Math.max(...all.map((p) => p.lat)) + padLat;
  const west = Math.min(...all.map((p) => p.lng)) - padLng;
  const east = Math.max(...all.map((p) => p.lng)) + padLng;
  const heightM = (north - south) * M_PER_DEG_LAT;
  const widthM = (east - west) * mPerDegLng;
  let cellM = 100;
  while (Math.ceil(heightM / cellM) * Math.ceil(widthM / cellM) > MAX_CELLS) cellM += 50;
  const rows = Math.ceil(heightM / cellM);
  const cols = Math.ceil(widthM / cellM);
  const covered: boolean[] = [];
  for (let r = 0; r < rows; r++) {
    const lat = north - ((r + 0.5) * cellM) / M_PER_DEG_LAT;
    for (let c = 0; c < cols; c++) {
      const lng = west + ((c + 0.5) * cellM) / mPerDegLng;
      covered.push(active.some((s) => distanceMeters(s, { lat, lng }) <= CIRCLE_RADIUS_M));
    }
  }
  const inside = covered.filter(Boolean).length;
  return {
    south,
    west,
    north,
    east,
    rows,
    cols,
    cellM,
    covered,
    coveredShare: inside / covered.length,
    uncoveredKm2: ((covered.length - inside) * cellM * cellM) / 1e6,
  };
}

/** Where a point falls on the grid's drawing, in metres east and south of its north-west corner. */
export function gridOffset(grid: CoverageGrid, p: GeoPoint): { x: number; y: number } {
  const midLat = (grid.south + grid.north) / 2;
  return {
    x: (p.lng - grid.west) * M_PER_DEG_LNG_EQUATOR * Math.cos((midLat * Math.PI) / 180),
    y: (grid.north - p.lat) * M_PER_DEG_LAT,
  };
}
