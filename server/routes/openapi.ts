/**
 * `GET /api/v1/openapi.json`: an OpenAPI 3.1 description of the public API (kiosk sync, exports,
 * health) and the console routes whose shapes live in src/protocol/, generated from the same
 * valibot schemas the server parses with (@valibot/to-json-schema), so the two cannot drift.
 */
import { PHOTO_TYPES, PhotoReceiptSchema } from '../../src/protocol/suggestion-photos';
import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema';
import { Hono } from 'hono';
import type * as v from 'valibot';
import {
  DiscardedResponseSchema,
  ExportIndexSchema,
  ExportQuerySchema,
  HealthResponseSchema,
  RecordExportRowSchema,
  SignInRequestSchema,
  VisitExportRowSchema,
} from '../../src/protocol/api-schemas';
import {
  ApiTokenCreatedResponseSchema,
  ApiTokenCreateRequestSchema,
  ApiTokenListResponseSchema,
  ApiTokenSummarySchema,
} from '../../src/protocol/api-tokens';
import { AuditListResponseSchema } from '../../src/protocol/audit';
import {
  EventDetailResponseSchema,
  EventListQuerySchema,
  EventListResponseSchema,
  MemberDetailResponseSchema,
  MemberListQuerySchema,
  MemberListResponseSchema,
  PartyOrgListResponseSchema,
} from '../../src/protocol/console-people';
import { MAX_EXPORT_LIMIT } from '../../src/protocol/limits';
import { AdminSummarySchema, MeResponseSchema, RoleChangeRequestSchema } from '../../src/protocol/roles';
import {
  DiscardReportSchema,
  EnrollCheckRequestSchema,
  EnrollCheckResponseSchema,
  EnrollRequestSchema,
  EnrollResponseSchema,
  ErrorResponseSchema,
  HeartbeatResponseSchema,
  HeartbeatSchema,
  PullResponseSchema,
  PushRequestSchema,
  PushResponseSchema,
} from '../../src/protocol/schemas';
import { AuditQuerySchema } from './query-params';

type Schema = v.GenericSchema;

/** A JSON Schema (2020-12, OpenAPI 3.1's dialect) of a valibot schema; transforms and custom checks are left out. */
function json(schema: Schema, typeMode: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = toJsonSchema(schema, {
    target: 'draft-2020-12',
    errorMode: 'ignore',
    typeMode,
  });
  return rest;
}

const COMPONENTS = {
  Error: ErrorResponseSchema,
  Health: HealthResponseSchema,
  EnrollRequest: EnrollRequestSchema,
  EnrollResponse: EnrollResponseSchema,
  EnrollCheckRequest: EnrollCheckRequestSchema,
  PhotoReceipt: PhotoReceiptSchema,
  EnrollCheckResponse: EnrollCheckResponseSchema,
  PushRequest: PushRequestSchema,
  PushResponse: PushResponseSchema,
  PullResponse: PullResponseSchema,
  Heartbeat: HeartbeatSchema,
  HeartbeatResponse: HeartbeatResponseSchema,
  DiscardReport: DiscardReportSchema,
  DiscardedResponse: DiscardedResponseSchema,
  ExportIndex: ExportIndexSchema,
  VisitExportRow: VisitExportRowSchema,
  RecordExportRow: RecordExportRowSchema,
  SignInRequest: SignInRequestSchema,
  Me: MeResponseSchema,
  AdminSummary: AdminSummarySchema,
  RoleChangeRequest: RoleChangeRequestSchema,
  AuditList: AuditListResponseSchema,
  ApiTokenCreateRequest: ApiTokenCreateRequestSchema,
  ApiToken: ApiTokenSummarySchema,
  ApiTokenList: ApiTokenListResponseSchema,
  ApiTokenCreated: ApiTokenCreatedResponseSchema,
  MemberList: MemberListResponseSchema,
  MemberDetail: MemberDetailResponseSchema,
  EventList: EventListResponseSchema,
  EventDetail: EventDetailResponseSchema,
  PartyOrgList: PartyOrgListResponseSchema,
} satisfies Record<string, Schema>;
type Component = keyof typeof COMPONENTS;

const ref = (name: Component) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (name: Component, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), jsonBody('Error', ERROR_WORDS[s] ?? 'Refused')]));
const ERROR_WORDS: Record<number, string> = {
  400: 'Bad input (`code` says which: `bad_request`, `bad_query`, …); nothing changed',
  401: 'No or an unknown token or session (`not_signed_in`, `unknown_api_token`, `device_revoked`)',
  403: 'Not allowed (`forbidden_role`, `forbidden_station`, `scope_missing`, `bad_enroll_code`, `cross_origin`)',
  404: 'No such record or export',
  409: 'It changed meanwhile, or the device is revoked',
  410: 'The cursor belongs to an older epoch (a restore): start again from the beginning',
  413: 'The body is too large',
  415: 'The body is not `application/json` (`unsupported_media_type`); nothing changed',
  429: 'Too many attempts; `Retry-After` says when to try again',
};

/** Query parameters from an object schema, each with its own JSON Schema and description. */
function queryParams(schema: v.ObjectSchema<v.ObjectEntries, undefined>, notes: Record<string, string> = {}) {
  const whole = json(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(whole.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: whole.required?.includes(name) ?? false,
    schema: s,
    ...(notes[name] ? { description: notes[name] } : {}),
  }));
}

const bearer = [{ deviceToken: [] }];
const exportAuth = [{ apiToken: [] }, { consoleSession: [] }];
const session = [{ consoleSession: [] }];

/** The rows of one export page: CSV (BOM, CRLF) or NDJSON, one row per line. */
function exportPage(row: Component) {
  return {
    description:
      "Rows after the cursor in commit order. `X-Next-Cursor` is the cursor of the next page (the same one when nothing is new). CSV starts with a UTF-8 BOM so Excel and WPS read Chinese; cells a spreadsheet would run as a formula start with `'`.",
    headers: {
      'X-Next-Cursor': { schema: { type: 'string' }, description: 'The cursor to ask for the next page with' },
      'X-Total-Count': {
        schema: { type: 'string' },
        description: 'With `all=1` on visits: how many rows the file holds',
      },
    },
    content: {
      'application/x-ndjson': {
        schema: { type: 'string', description: 'One JSON object per line (see x-item-schema)' },
        'x-item-schema': ref(row),
      },
      'text/csv': { schema: { type: 'string', pattern: '^\uFEFF' } },
    },
  };
}

function exportOperation(name: string, row: Component, summary: string) {
  return {
    get: {
      operationId: `export_${name}`,
      summary,
      tags: ['exports'],
      security: exportAuth,
      parameters: queryParams(ExportQuerySchema, { limit: `Rows per page, 1–${MAX_EXPORT_LIMIT}` }),
      responses: { '200': exportPage(row), ...errors(400, 401, 403, 410) },
    },
  };
}

/** The OpenAPI 3.1 document (built once). */
export function openApiDocument(version: string) {
  const schemas = Object.fromEntries(Object.entries(COMPONENTS).map(([name, s]) => [name, json(s)]));
  // Request bodies as a client must send them (before the server's transforms).
  for (const name of [
    'EnrollRequest',
    'PushRequest',
    'Heartbeat',
    'DiscardReport',
    'SignInRequest',
    'RoleChangeRequest',
    'ApiTokenCreateRequest',
  ] as const)
    schemas[name] = json(COMPONENTS[name], 'input');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Waystation API',
      version,
      description:
        'Kiosk sync, exports for BI tools, and the district console of Waystation (铜心驿站). Every body is JSON validated against the same schemas this document is generated from; errors are `{error, code?}` with a stable `code`.',
    },
    servers: [{ url: '/api/v1' }],
    components: {
      schemas,
      securitySchemes: {
        deviceToken: { type: 'http', scheme: 'bearer', description: 'A kiosk’s device token, from POST /enroll' },
        apiToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'An admin API token (`npm run admin -- create-api-token`), scopes `export` and `export:phones`',
        },
        consoleSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'ws_admin',
          description: 'The console’s session (`__Host-ws_admin` over HTTPS)',
        },
      },
    },
    paths: {
      '/health': {
        get: {
          operationId: 'health',
          summary: 'Whether the server and its store answer',
          tags: ['kiosk'],
          responses: { '200': jsonBody('Health', 'Up'), '503': jsonBody('Health', 'The store does not answer') },
        },
      },
      '/enroll': {
        post: {
          operationId: 'enroll',
          summary: 'Enroll a kiosk with a 10-digit code; answers its device token',
          tags: ['kiosk'],
          requestBody: { required: true, content: { 'application/json': { schema: ref('EnrollRequest') } } },
          responses: { '201': jsonBody('EnrollResponse', 'Enrolled'), ...errors(400, 403, 413, 429) },
        },
      },
      '/enroll/check': {
        post: {
          operationId: 'enrollCheck',
          summary: 'Check a code without spending it; answers the station it would enroll the kiosk at',
          tags: ['kiosk'],
          requestBody: { required: true, content: { 'application/json': { schema: ref('EnrollCheckRequest') } } },
          responses: { '200': jsonBody('EnrollCheckResponse', 'The code is live'), ...errors(400, 403, 413, 429) },
        },
      },
      '/sync/push': {
        post: {
          operationId: 'syncPush',
          summary: 'Push a batch of changes (≤ 200); one transaction, one answer per change',
          tags: ['kiosk'],
          security: bearer,
          requestBody: { required: true, content: { 'application/json': { schema: ref('PushRequest') } } },
          responses: {
            '200': jsonBody('PushResponse', 'Each change accepted, duplicate, rejected or in conflict'),
            ...errors(400, 401, 413),
          },
        },
      },
      '/sync/pull': {
        get: {
          operationId: 'syncPull',
          summary: 'The station’s and the district’s changes after a cursor, in commit order',
          tags: ['kiosk'],
          security: bearer,
          parameters: [{ name: 'cursor', in: 'query', required: false, schema: { type: 'string' } }],
          responses: {
            '200': jsonBody('PullResponse', 'A page of changes and the next cursor'),
            ...errors(400, 401, 410),
          },
        },
      },
      '/sync/heartbeat': {
        post: {
          operationId: 'syncHeartbeat',
          summary: 'What the kiosk reports about itself every pass (queue, storage, clock, receipts)',
          tags: ['kiosk'],
          security: bearer,
          requestBody: { required: true, content: { 'application/json': { schema: ref('Heartbeat') } } },
          responses: {
            '200': jsonBody('HeartbeatResponse', 'The server’s time, confirmed count and epoch'),
            ...errors(400, 401),
          },
        },
      },
      '/sync/discarded': {
        post: {
          operationId: 'syncDiscarded',
          summary: 'Refused changes the host discarded, kept on the server for the admin',
          tags: ['kiosk'],
          security: bearer,
          requestBody: { required: true, content: { 'application/json': { schema: ref('DiscardReport') } } },
          responses: { '200': jsonBody('DiscardedResponse', 'How many were recorded'), ...errors(400, 401, 413) },
        },
      },
      '/attachments/{id}': {
        put: {
          operationId: 'putSuggestionPhoto',
          summary: 'A suggestion’s photo, after the suggestion: idempotent by attachment id, ≤ 200 KiB, JPEG/PNG/WebP',
          tags: ['kiosk'],
          security: bearer,
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
            { name: 'suggestion', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          requestBody: {
            required: true,
            content: Object.fromEntries(
              PHOTO_TYPES.map((t) => [t, { schema: { type: 'string', contentMediaType: t } }]),
            ),
          },
          responses: {
            '200': jsonBody('PhotoReceipt', 'The same bytes again: the first receipt'),
            '201': jsonBody('PhotoReceipt', 'Stored'),
            ...errors(400, 401, 404, 409, 413),
            '415': jsonBody('Error', 'Not a JPEG, PNG or WebP image (`not_an_image`)'),
          },
        },
      },
      '/export': {
        get: {
          operationId: 'exportIndex',
          summary: 'The export names and the time zone of `*_local` columns',
          tags: ['exports'],
          security: exportAuth,
          responses: { '200': jsonBody('ExportIndex', 'The exports'), ...errors(401) },
        },
      },
      '/export/visits': exportOperation(
        'visits',
        'VisitExportRow',
        'Visits (tap-ins), with station, service and time filters',
      ),
      '/export/members': exportOperation(
        'members',
        'RecordExportRow',
        'Members, names and phones masked unless `phones=clear`',
      ),
      '/export/events': exportOperation('events', 'RecordExportRow', 'Events (trainings, party, volunteer)'),
      '/export/signups': exportOperation('signups', 'RecordExportRow', 'Sign-ups for events'),
      '/export/attendance': exportOperation('attendance', 'RecordExportRow', 'Attendance at events'),
      '/export/{name}': {
        get: {
          ...exportOperation('kind', 'RecordExportRow', 'Any other kind as it arrives (`wishes`, `suggestions`, …)')
            .get,
          operationId: 'exportKind',
          parameters: [
            { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
            ...queryParams(ExportQuerySchema),
          ],
        },
      },
      '/admin/login': {
        post: {
          operationId: 'adminSignIn',
          summary: 'Sign in to the console (sets the session cookie); throttled',
          tags: ['console'],
          requestBody: { required: true, content: { 'application/json': { schema: ref('SignInRequest') } } },
          responses: { '200': jsonBody('Me', 'Signed in'), ...errors(400, 401, 403, 429) },
        },
      },
      '/admin/me': {
        get: {
          operationId: 'adminMe',
          summary: 'Who is signed in: role (district, manager, viewer) and a manager’s stations',
          tags: ['console'],
          security: session,
          responses: { '200': jsonBody('Me', 'The signed-in admin'), ...errors(401) },
        },
      },
      '/admin/admins': {
        get: {
          operationId: 'adminList',
          summary: 'Every admin with role and stations (district admins only)',
          tags: ['console'],
          security: session,
          responses: {
            '200': {
              description: 'The admins',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { admins: { type: 'array', items: ref('AdminSummary') } },
                    required: ['admins'],
                  },
                },
              },
            },
            ...errors(401, 403),
          },
        },
      },
      '/admin/admins/{username}/role': {
        put: {
          operationId: 'adminSetRole',
          summary: 'Change an admin’s role (district admins only; audited)',
          tags: ['console'],
          security: session,
          parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('RoleChangeRequest') } } },
          responses: {
            '200': {
              description: 'The admin as now',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { admin: ref('AdminSummary') }, required: ['admin'] },
                },
              },
            },
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      '/admin/api-tokens': {
        get: {
          operationId: 'adminApiTokens',
          summary: 'Every API token, newest first, with its state (never its secret; district admins only)',
          tags: ['console'],
          security: session,
          responses: { '200': jsonBody('ApiTokenList', 'The tokens'), ...errors(401, 403) },
        },
        post: {
          operationId: 'adminCreateApiToken',
          summary:
            'Make an API token for exports: a name, `export:phones` for phone numbers in clear, 1–365 days (district admins only; audited)',
          tags: ['console'],
          security: session,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('ApiTokenCreateRequest') } },
          },
          responses: {
            '201': jsonBody(
              'ApiTokenCreated',
              'The token, with its clear secret `token`: shown this once, stored hashed',
            ),
            ...errors(400, 401, 403, 415),
          },
        },
      },
      '/admin/api-tokens/{id}/revoke': {
        post: {
          operationId: 'adminRevokeApiToken',
          summary: 'Revoke a live API token: it is refused from now on (district admins only; audited)',
          tags: ['console'],
          security: session,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': jsonBody('ApiToken', 'The token as now (revoked)'),
            ...errors(401, 403, 404),
          },
        },
      },
      '/admin/audit': {
        get: {
          operationId: 'adminAudit',
          summary: 'The audit log, newest first, filtered and paged (district admins only)',
          tags: ['console'],
          security: session,
          parameters: queryParams(AuditQuerySchema),
          responses: { '200': jsonBody('AuditList', 'A page of the audit log'), ...errors(400, 401, 403) },
        },
      },
      '/admin/members': {
        get: {
          operationId: 'adminMembers',
          summary: 'Members, searched and filtered, paged on the server; phones masked',
          tags: ['console'],
          security: session,
          parameters: queryParams(MemberListQuerySchema),
          responses: { '200': jsonBody('MemberList', 'A page of members'), ...errors(400, 401, 403) },
        },
      },
      '/admin/members/{id}': {
        get: {
          operationId: 'adminMember',
          summary: 'One member with aliases, visits, sign-ups and attendance (audited)',
          tags: ['console'],
          security: session,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': jsonBody('MemberDetail', 'The member'), ...errors(401, 403, 404) },
        },
      },
      '/admin/events': {
        get: {
          operationId: 'adminEvents',
          summary: 'Events with their counts',
          tags: ['console'],
          security: session,
          parameters: queryParams(EventListQuerySchema),
          responses: { '200': jsonBody('EventList', 'The events'), ...errors(400, 401, 403) },
        },
      },
      '/admin/events/{id}': {
        get: {
          operationId: 'adminEvent',
          summary: 'One event: confirmed, waitlist in order, cancelled, attendance',
          tags: ['console'],
          security: session,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': jsonBody('EventDetail', 'The event'), ...errors(401, 403, 404) },
        },
      },
      '/admin/party-orgs': {
        get: {
          operationId: 'adminPartyOrgs',
          summary: 'The district’s party organisations',
          tags: ['console'],
          security: session,
          responses: { '200': jsonBody('PartyOrgList', 'The organisations'), ...errors(401, 403) },
        },
      },
    },
  };
}

/** Serves the document; public, like /health, so a BI tool finds the API before it has a token. */
export function openApiRoutes(version: string) {
  const app = new Hono();
  let doc: ReturnType<typeof openApiDocument> | undefined;
  app.get('/openapi.json', (c) => {
    doc ??= openApiDocument(version);
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(doc);
  });
  return app;
}
