/** Enrollment and host mode: one chunk, loaded when first used (never with the courier's first screen). */
import '../host/host.css';
export { HostScreen } from '../host/HostScreen';
export { PinScreen } from '../host/PinScreen';
export { EnrollScreen } from './EnrollScreen';
