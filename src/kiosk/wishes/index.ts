/** The micro-wish screens (the wall, posting, my wishes, host mode's list): one chunk, loaded when first used. */
import '../people/people.css';
import './wishes.css';

export { HostWishes } from './HostWishes';
export { WishesFlow } from './WishesFlow';
