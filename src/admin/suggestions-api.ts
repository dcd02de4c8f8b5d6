/** The console's calls for the suggestions queue (src/protocol/console-suggestions.ts), and its words in the console's language. */
import {
  AssigneeListResponseSchema,
  SuggestionListResponseSchema,
  SuggestionResponseSchema,
  type SuggestionListQuery,
  type SuggestionUpdateRequest,
} from '../protocol/console-suggestions';
import { adminSuggestionsEn } from '../i18n/admin-suggestions-en';
import { adminSuggestionsZh, type AdminSuggestionStrings } from '../i18n/admin-suggestions-zh-CN';
import { AdminApiError, adminRequest } from './admin-request';
import { consoleLang } from './console-lang';
import { errorText } from './error-text';
import { query } from './people-api';

const id = (s: string) => encodeURIComponent(s);

export const suggestionsApi = {
  list: (q: SuggestionListQuery) => adminRequest(`/suggestions${query(q)}`, SuggestionListResponseSchema),
  one: (suggestionId: string) => adminRequest(`/suggestions/${id(suggestionId)}`, SuggestionResponseSchema),
  update: (suggestionId: string, body: SuggestionUpdateRequest) =>
    adminRequest(`/suggestions/${id(suggestionId)}`, SuggestionResponseSchema, { body }),
  assignees: () => adminRequest('/suggestions/assignees', AssigneeListResponseSchema),
  photoUrl: (suggestionId: string) => `/api/v1/admin/suggestions/${id(suggestionId)}/photo`,
};

/** The queue's strings in the console's language (AdminApp remounts pages on a switch). */
export function suggestionsT(): AdminSuggestionStrings {
  return consoleLang() === 'en' ? adminSuggestionsEn : adminSuggestionsZh;
}

/** A failed call in words: this queue's own codes first, then the console's shared wording. */
export function suggestionErrorText(err: unknown): string {
  const words = suggestionsT().errors;
  if (err instanceof AdminApiError && err.code && Object.hasOwn(words, err.code)) return words[err.code]!;
  return errorText(err);
}
