import type { ServiceId } from '../protocol/services';

/** A pictogram per service, so a tile reads without reading. */
export const SERVICE_ICONS: Record<ServiceId, string> = {
  rest: '🪑',
  charging: '🔌',
  water: '🚰',
  internet: '📶',
  shelter: '🌡️',
  toilet: '🚻',
  hot_meal: '🍱',
  first_aid: '⛑️',
};
