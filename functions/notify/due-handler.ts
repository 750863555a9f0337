import { SqsOutboundQueue } from '../../shared/adapters/sqs/queues';
import { dueConfig } from './config';
import { createDueHandler } from './due';
import { casePorts, observability, sqsEntryPoint } from './entry-point';

// Built once per cold start: the only function that sends to the operator's queue (return orders, withdrawals).
const config = dueConfig(process.env);
const tools = observability('notify-due');
const { sqs, ports } = casePorts(config, tools.telemetry);
const due = createDueHandler({
  ...ports,
  outbound: new SqsOutboundQueue(sqs, config.OUTBOUND_QUEUE_URL),
  outboundSource: config.OUTBOUND_SOURCE,
});

/** Due queue (schedules fire here; daily sweeps; withdrawal checks; returning chats) → checks that re-read state. */
export const handler = sqsEntryPoint(tools, async () => due);
