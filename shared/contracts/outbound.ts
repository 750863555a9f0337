import { envelopeOf } from './events';
import { identifier, isoDate, tiyn } from './fields';
import { parseBodyWith } from './internal';
import type { ParseResult } from './parse';
import * as z from './zod';

/**
 * What we send to the authorized operator (BRIEF 3, outbound): one FIFO queue, grouped by case, de-duplicated by
 * event id. The operator acts on `pension.return_to_fund.due` and undoes it on `pension.return_to_fund.withdrawn`
 * (docs/events/pension.return_to_fund.withdrawn.md).
 */
const outboundEnvelope = envelopeOf;

/** Which credit of the case an order is about: a re-credit after a return gets its own order. */
const creditOfCase = {
  caseId: identifier('caseId'),
  creditedOn: isoDate,
  deadline: isoDate,
  amountTiyn: tiyn,
};

export const returnToFundDueSchema = outboundEnvelope(
  'pension.return_to_fund.due',
  z.strictObject(creditOfCase),
  'To the authorized operator: the documents deadline passed without stage-1 documents (and the settle window ' +
    'after it); return the money to ENPF.',
);

export const returnToFundWithdrawnSchema = outboundEnvelope(
  'pension.return_to_fund.withdrawn',
  z.strictObject({ ...creditOfCase, reason: z.enum(['documents_in_time']) }),
  'To the authorized operator: the return order for this case and credit is withdrawn; stage-1 documents dated on ' +
    'or before the deadline reached us after the order went out. Do not return the money; if it was returned ' +
    'already, nothing is undone by this message.',
);

export const OUTBOUND_EVENT_SCHEMAS = {
  'pension.return_to_fund.due': returnToFundDueSchema,
  'pension.return_to_fund.withdrawn': returnToFundWithdrawnSchema,
} as const;

export const outboundEventSchema = z.discriminatedUnion('type', [returnToFundDueSchema, returnToFundWithdrawnSchema]);

export type ReturnToFundDue = z.output<typeof returnToFundDueSchema>;
export type ReturnToFundWithdrawn = z.output<typeof returnToFundWithdrawnSchema>;
export type OutboundEvent = z.output<typeof outboundEventSchema>;

/** The body sent to the operator's queue. */
export function encodeOutboundEvent(event: OutboundEvent): string {
  return JSON.stringify(event);
}

/** Reads an outbound body back (the operator's side, the local stack and the tests). */
export function parseOutboundEvent(body: string): ParseResult<OutboundEvent> {
  return parseBodyWith(outboundEventSchema, body);
}
