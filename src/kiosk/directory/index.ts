/** The station directory screens (附近驿站): one chunk, loaded when first used (never with the first screen). */
import './directory.css';

export { NearbyScreen } from './NearbyScreen';
