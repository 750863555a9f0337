import { SqsOutboundQueue, sendBodies } from '../../shared/adapters/sqs/queues';
import type { SweepQueue } from '../../shared/app/ports';
import { encodeSweepMessage } from '../../shared/contracts/sweep';
import { dueConfig } from './config';
import { createDueHandler } from './due';
import { casePorts, observability, sqsEntryPoint } from './entry-point';

// Built once per cold start: the only function that sends to the operator's queue (return orders, withdrawals).
const config = dueConfig(process.env);
const tools = observability('notify-due');
const { sqs, ports } = casePorts(config, tools.telemetry);
// The sweeps' parts travel on the due queue itself: no new queue, no new grant.
const sweeps: SweepQueue = {
  enqueue: (parts) => sendBodies(sqs, config.DUE_QUEUE_URL, parts.map(encodeSweepMessage)),
};
const due = createDueHandler({
  ...ports,
  sweeps,
  outbound: new SqsOutboundQueue(sqs, config.OUTBOUND_QUEUE_URL),
  outboundSource: config.OUTBOUND_SOURCE,
});

/** Due queue (schedules fire here; daily sweeps and their parts; withdrawal checks; returning chats) → re-checks. */
export const handler = sqsEntryPoint(tools, async () => due);
