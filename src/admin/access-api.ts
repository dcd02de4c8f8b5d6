/** The Access page's calls: API tokens, and admins' roles (the words are accessPageT in console-lang.ts). */
import * as v from 'valibot';
import {
  ApiTokenCreatedResponseSchema,
  ApiTokenListResponseSchema,
  ApiTokenSummarySchema,
  type ApiTokenCreateRequest,
} from '../protocol/api-tokens';
import { AdminSummarySchema, type RoleChangeRequest } from '../protocol/roles';
import { AdminApiError, adminRequest } from './admin-request';

const AdminListSchema = v.object({ admins: v.array(AdminSummarySchema) });
const AdminResponseSchema = v.object({ admin: AdminSummarySchema });

export const accessApi = {
  tokens: () => adminRequest('/api-tokens', ApiTokenListResponseSchema),
  createToken: (body: ApiTokenCreateRequest) => adminRequest('/api-tokens', ApiTokenCreatedResponseSchema, { body }),
  revokeToken: (id: string) =>
    adminRequest(`/api-tokens/${encodeURIComponent(id)}/revoke`, ApiTokenSummarySchema, { method: 'POST' }),
  admins: () => adminRequest('/admins', AdminListSchema),
  setRole: (username: string, body: RoleChangeRequest) =>
    adminRequest(`/admins/${encodeURIComponent(username)}/role`, AdminResponseSchema, { method: 'PUT', body }),
};

/** True when the refusal means the list on screen is stale (read it again). */
export function isGone(err: unknown): boolean {
  return err instanceof AdminApiError && (err.code === 'api_token_not_found' || err.code === 'admin_not_found');
}
