/** The suggestion screens (意见建议) and the host's list: one chunk, loaded when first used (never with the first screen). */
import '../people/people.css';
import './suggestions.css';

export { HostSuggestions } from './HostSuggestions';
export { SuggestionsFlow } from './SuggestionsFlow';
