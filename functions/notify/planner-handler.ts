import { plannerConfig } from './config';
import { casePorts, observability, sqsEntryPoint } from './entry-point';
import { createPlanner } from './planner';

// Built once per cold start: the planner reads facts, chats and outbox markers, writes schedules, and queues due
// work and notifications. It has no variable (and no grant) for the operator's queue.
const config = plannerConfig(process.env);
const tools = observability('notify-planner');
const planner = createPlanner(casePorts(config, tools.telemetry).ports);

/** Changes queue → case schedules, withdrawal checks, unlinked chats and immediate notifications. */
export const handler = sqsEntryPoint(tools, async () => planner);
