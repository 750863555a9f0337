import type { ReturnToFundDueEvent, UpstreamEvent } from '../domain/events';
import type { UPSTREAM_EVENT_SCHEMAS } from './events';
import type { OUTBOUND_EVENT_SCHEMAS } from './outbound';
import type * as z from './zod';

/**
 * Compile-time proof that the zod schemas and the domain's event types describe the same thing: `npm run typecheck`
 * fails when either side changes alone.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Parsed = z.output<(typeof UPSTREAM_EVENT_SCHEMAS)[keyof typeof UPSTREAM_EVENT_SCHEMAS]>;

export const upstreamEventsMatchDomain: Same<Parsed, UpstreamEvent> = true;
export const outboundEventMatchesDomain: Same<
  z.output<(typeof OUTBOUND_EVENT_SCHEMAS)['pension.return_to_fund.due']>,
  ReturnToFundDueEvent
> = true;
