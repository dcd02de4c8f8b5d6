/** The member, event and attendance screens: one chunk, loaded when first used (never with the first screen). */
import './people.css';

export { EventsFlow } from './EventsFlow';
export { HostEvents } from './HostEvents';
export { RegisterFlow } from './RegisterFlow';
export { ScanTapIn } from './ScanTapIn';
export { SignupList } from './SignupList';
export { findMemberByPhone } from '../../db/people';
