/**
 * Kinds that exist only in the tests, to prove a new kind is one registry entry
 * and nothing else on the rails: an append-only note and a versioned ticket
 * whose status only moves forward (like a micro-wish).
 */
import * as v from 'valibot';
import { createKindRegistry, defineKind, forwardStatus } from '../../src/protocol/kinds';
import { PRODUCT_KINDS } from '../../src/protocol/record-kinds';
import { InstantSchema } from '../../src/protocol/schemas';

const Id = v.pipe(v.string(), v.uuid());

export const NoteSchema = v.strictObject({
  id: Id,
  createdAt: InstantSchema,
  text: v.pipe(v.string(), v.maxLength(200)),
});
export type Note = v.InferOutput<typeof NoteSchema>;

export const TICKET_STATUSES = ['open', 'claimed', 'done', 'withdrawn'] as const;
export const TicketSchema = v.strictObject({
  id: Id,
  createdAt: InstantSchema,
  title: v.pipe(v.string(), v.maxLength(200)),
  status: v.picklist(TICKET_STATUSES),
  claimedBy: v.optional(v.string()),
});
export type Ticket = v.InferOutput<typeof TicketSchema>;

export const noteKind = defineKind<Note>({
  kind: 'note',
  schema: NoteSchema,
  versioned: false,
  ops: ['put'],
  pulledBy: 'none',
});

export const ticketKind = defineKind<Ticket>({
  kind: 'ticket',
  schema: TicketSchema,
  versioned: true,
  ops: ['put'],
  pulledBy: 'district',
  merge: forwardStatus<Ticket>({ open: ['claimed', 'done', 'withdrawn'], claimed: ['done', 'withdrawn'] }, [
    'claimedBy',
  ]),
});

/** The product's kinds plus the test kinds. */
export const TEST_KINDS = createKindRegistry([...PRODUCT_KINDS, noteKind, ticketKind]);
