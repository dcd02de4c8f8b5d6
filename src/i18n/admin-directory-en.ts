/** The console's words for station positions, structured opening hours and the coverage view (English). */
import type { adminDirectoryZh } from './admin-directory-zh-CN';

export const adminDirectoryEn: typeof adminDirectoryZh = {
  position: 'Position (latitude and longitude, for “Nearby stations” and the coverage map)',
  lat: 'Latitude',
  lng: 'Longitude',
  latHint: 'e.g. 30.66012',
  lngHint: 'e.g. 104.06235',
  positionHint:
    'Press and hold the station on a map app to read its coordinates (WGS-84; north and east are positive). Fill in both or neither.',
  positionBoth: 'Fill in latitude and longitude together, or neither',
  latBad: 'Latitude must be a number from -90 to 90',
  lngBad: 'Longitude must be a number from -180 to 180',
  structured:
    'Opening hours by weekday (kiosks show “open now / closed” from these; the host can correct them at the kiosk)',
  hoursBad: 'Opening hours are wrong: a range cannot open and close at the same time',
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  closedToggle: 'Closed',
  from: 'Opens',
  to: 'Closes',
  overnight: ' (next day)',
  addRange: 'Add a time range',
  removeRange: 'Remove this range',
  copyToAll: 'Every other day like Monday',
  noPosition: 'No position',
  coverageTitle: '15-minute service circle: coverage',
  coverageHint: (cellM, marginM) =>
    `The district is the box around every station’s position plus ${marginM} m, cut into ${cellM} m squares. A square is covered when its centre is within 15 minutes on foot of an active station (about 865 m in a straight line: streets 1.3× longer, walking at 4.5 km/h).`,
  coverageShare: (pct) => `${pct} covered`,
  uncovered: (km2) => `About ${km2} km² not covered (red squares)`,
  coverageNone: 'No station has a position yet, so coverage cannot be worked out. Enter coordinates under “Edit”.',
  missingPositions: (n) => `${n} active stations have no position and are not counted.`,
  legendCovered: 'Within 15 min on foot',
  legendUncovered: 'Farther than 15 min',
  legendStation: 'Active station',
  legendArchived: 'Archived station',
  mapLabel: (pct) => `Coverage map, north up: ${pct} covered`,
  north: 'N',
};
