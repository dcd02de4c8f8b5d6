/** Line icons drawn inline, so they show on any kiosk whether or not it has an emoji font. */
import type { ServiceId } from '../protocol/services';

export type IconName = ServiceId | 'tap';

const PATHS: Record<IconName, string> = {
  rest: 'M12 8h24v14H12z M8 22h32v8H8z M12 30v12 M36 30v12',
  charging: 'M27 4 11 27h11l-3 17 18-25H26z',
  water: 'M24 5S11 21 11 30a13 13 0 0 0 26 0C37 21 24 5 24 5z M18 31a6 6 0 0 0 6 6',
  internet: 'M5 18a27 27 0 0 1 38 0 M11 25a18 18 0 0 1 26 0 M17 32a9 9 0 0 1 14 0 M24 39h.01',
  shelter: 'M4 23 24 6l20 17 M10 19v23h28V19 M20 42V30h8v12',
  toilet: 'M12 6h24v18H12z M8 24h32a16 16 0 0 1-16 14H24a16 16 0 0 1-16-14z M18 38l-2 6h16l-2-6',
  hot_meal: 'M6 24h36a18 18 0 0 1-36 0z M17 6c-3 4 3 6 0 10 M24 6c-3 4 3 6 0 10 M31 6c-3 4 3 6 0 10',
  first_aid: 'M6 14h36v28H6z M17 14V8h14v6 M24 21v14 M17 28h14',
  music_chess: 'M18 34V10l22-4v24 M18 34a5 5 0 1 1-10 0 5 5 0 0 1 10 0z M40 30a5 5 0 1 1-10 0 5 5 0 0 1 10 0z',
  umbrella: 'M4 24a20 20 0 0 1 40 0z M24 24v14a4 4 0 0 1-8 0 M24 4v2',
  tap: 'M24 24h.01 M24 14a10 10 0 1 1 0 20 10 10 0 0 1 0-20z M24 4a20 20 0 1 1 0 40 20 20 0 0 1 0-40z',
};

export function Icon({ name, class: className }: { name: IconName; class?: string }) {
  return (
    <svg
      class={className}
      viewBox="0 0 48 48"
      fill="none"
      stroke="currentColor"
      stroke-width="3.5"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
