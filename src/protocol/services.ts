/** Every service a station may offer; station catalogues pick from these ids, labels live in i18n. */
export const SERVICE_IDS = [
  'rest',
  'charging',
  'water',
  'internet',
  'shelter',
  'toilet',
  'hot_meal',
  'first_aid',
  'music_chess',
  'umbrella',
] as const;

export type ServiceId = (typeof SERVICE_IDS)[number];

/** The catalogue a new station starts with. */
export const DEFAULT_SERVICES: ServiceId[] = ['rest', 'charging', 'water', 'internet', 'shelter'];

/** True when the string is a known service id. */
export function isServiceId(value: string): value is ServiceId {
  return (SERVICE_IDS as readonly string[]).includes(value);
}
