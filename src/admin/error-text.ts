/** Words a failed console call in Chinese: the server's code picks the sentence, never its English message. */
import type { AccessCode } from '../protocol/roles';
import { accessErrorsT, accessPageT, errorsT as e } from './console-lang';
import { AdminApiError, OfflineError } from './admin-request';

function isKnownCode(code: string | undefined): code is keyof typeof e.codes {
  return code !== undefined && Object.hasOwn(e.codes, code);
}

/** The sentence to show for an error thrown by an admin call. */
export function errorText(err: unknown): string {
  if (err instanceof OfflineError) return e.offline;
  if (!(err instanceof AdminApiError)) return e.unknown(0);
  if (err.code === 'bad_response') return e.badResponse;
  if (err.status === 401) return e.expired;
  if (err.code && Object.hasOwn(accessErrorsT, err.code)) return accessErrorsT[err.code as AccessCode];
  if (err.code && Object.hasOwn(accessPageT.errors, err.code))
    return accessPageT.errors[err.code as keyof typeof accessPageT.errors];
  if (isKnownCode(err.code)) return e.codes[err.code];
  if (err.status === 403) return e.forbidden;
  if (err.status === 413) return e.tooLarge;
  if (err.status === 400) return e.codes.bad_request;
  if (err.status === 404) return e.notFound;
  if (err.status === 409) return e.codes.conflict;
  if (err.status >= 500) return e.serverError;
  return e.unknown(err.status);
}
