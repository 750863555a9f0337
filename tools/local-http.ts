import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { makeWebhook } from '../functions/bot/webhook';
import { type EnvelopePlace, type EventsAnswer, emptyEventsAnswer, splitEnvelopes } from '../ops/envelopes';
import { parseChangeMessage } from '../shared/contracts/internal';
import { parseUpstreamEventBody } from '../shared/contracts/parse';
import { UPSTREAM_QUEUES, type UpstreamQueueName } from '../shared/contracts/producers';
import { formatKazakhstanInstant, parseInstant } from '../shared/domain/dates';
import type { LocalPipeline } from './local-pipeline';
import type { IngestOutcomes } from './local-telemetry';

/** The local stack's HTTP API on 127.0.0.1 (docs/local.md), for tools/local-stack.ts. */

export interface LocalHttpParts {
  pipeline: LocalPipeline;
  /** The cloud's webhook handler, served at POST /telegram/webhook. */
  webhook: ReturnType<typeof makeWebhook>;
  /** The local clock. */
  now: () => number;
  /** Moves the local clock forward by `ms`. */
  moveClock: (ms: number) => void;
  /** Fires what is due and delivers every queue; resolves when done. */
  tick: () => Promise<void>;
  /** What the ingest did with each message (the stack's telemetry records it); without it all count as pending. */
  outcomes?: IngestOutcomes;
}

type Route = (parts: LocalHttpParts, req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(value)}\n`);
}

/**
 * Each envelope rejected with its reason, or delivered on the named upstream queue — or, without one, on the queue its
 * producer sends it on. The ingest checks the pair against the queue as in the cloud, so an event posted to another
 * producer's queue is dead-lettered `source_not_allowed`. The answer says what became of each one.
 */
async function acceptEvents(parts: LocalHttpParts, text: string, queue?: UpstreamQueueName): Promise<EventsAnswer> {
  const { pipeline, outcomes } = parts;
  const answer = emptyEventsAnswer();
  const sent: { at: EnvelopePlace; messageId: string | undefined; event: string }[] = [];
  for (const { body, at } of splitEnvelopes(text)) {
    const parsed = parseUpstreamEventBody(body);
    if (!parsed.ok) {
      answer.rejected.push({ ...at, reason: parsed.reason });
      continue;
    }
    pipeline.ingest([body], queue);
    const event = `${parsed.value.source}#${parsed.value.eventId}`;
    sent.push({ at, messageId: pipeline.queues.ingest.messages.at(-1)?.id, event });
  }
  await parts.tick();
  for (const { at, messageId, event } of sent) {
    const result = messageId === undefined ? undefined : outcomes?.take(messageId);
    if (result === undefined) answer.pending += 1;
    else if (result.outcome === 'stored') answer.accepted += 1;
    else if (result.outcome === 'duplicate') answer.duplicates += 1;
    else if (result.outcome === 'conflict') answer.conflicts.push({ ...at, event });
    else answer.deadLettered.push({ ...at, reason: result.reason });
  }
  return answer;
}

/** Change messages (NDJSON) onto the changes queue: what `ops review resolve` sends so the planner re-plans. */
function acceptChanges(pipeline: LocalPipeline, text: string) {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const bad = lines.map((line) => parseChangeMessage(line)).find((parsed) => !parsed.ok);
  if (bad && !bad.ok) return { status: 400, value: { error: bad.reason } };
  for (const line of lines) pipeline.queues.changes.send(line);
  return { status: 200, value: { accepted: lines.length } };
}

async function serveWebhook(webhook: LocalHttpParts['webhook'], req: IncomingMessage, res: ServerResponse) {
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value]),
  );
  const event = { headers, body: await body(req), isBase64Encoded: false } as unknown as APIGatewayProxyEventV2;
  const context = { functionName: 'bot-local', awsRequestId: 'local', getRemainingTimeInMillis: () => 30_000 };
  const result = await webhook(event, context as unknown as Context);
  res.writeHead(result?.statusCode ?? 200, { 'content-type': 'application/json' });
  res.end(result?.body ?? '');
}

const EVENTS_PATH = /^\/events(?:\/([a-z]+))?$/;

async function postEvents(parts: LocalHttpParts, req: IncomingMessage, res: ServerResponse, queue?: string) {
  if (queue !== undefined && !UPSTREAM_QUEUES.includes(queue as UpstreamQueueName)) {
    return reply(res, 404, { error: `no upstream queue ${queue}: ${UPSTREAM_QUEUES.join(', ')}` });
  }
  const result = await acceptEvents(parts, await body(req), queue as UpstreamQueueName | undefined);
  const valid =
    result.accepted + result.duplicates + result.conflicts.length + result.deadLettered.length + result.pending;
  const nothingValid = result.rejected.length > 0 && valid === 0;
  return reply(res, nothingValid ? 400 : 200, result);
}

const health: Route = ({ pipeline, now }, _req, res) =>
  reply(res, 200, {
    status: 'ok',
    clock: formatKazakhstanInstant(now()),
    queues: Object.fromEntries(Object.entries(pipeline.queues).map(([n, q]) => [n, q.messages.length])),
    deadLetters: Object.fromEntries(Object.entries(pipeline.queues).map(([n, q]) => [n, q.deadLetters.length])),
  });

const postChanges: Route = async (parts, req, res) => {
  const result = acceptChanges(parts.pipeline, await body(req));
  await parts.tick();
  return reply(res, result.status, result.value);
};

const postWebhook: Route = async (parts, req, res) => {
  await serveWebhook(parts.webhook, req, res);
  await parts.tick();
};

const postClock: Route = async ({ now, moveClock, tick }, req, res) => {
  const { to } = JSON.parse((await body(req)) || '{}') as { to?: string };
  const target = to === undefined ? undefined : parseInstant(to);
  if (target === undefined) return reply(res, 400, { error: 'body must be {"to": "<ISO date-time with offset>"}' });
  if (target < now()) {
    return reply(res, 409, {
      error: `the clock only moves forward: it is ${formatKazakhstanInstant(now())}; restart with --clock to go back`,
    });
  }
  moveClock(target - now());
  await tick();
  return reply(res, 200, { clock: formatKazakhstanInstant(now()) });
};

// Reasons only: the bodies hold personal data and stay in the queue.
const deadLetters: Route = ({ pipeline }, _req, res) =>
  reply(
    res,
    200,
    Object.fromEntries(Object.entries(pipeline.queues).map(([n, q]) => [n, q.deadLetters.map((d) => d.reason)])),
  );

const redrive: Route = async ({ pipeline, tick }, _req, res) => {
  let moved = 0;
  for (const queue of Object.values(pipeline.queues)) {
    for (const letter of queue.deadLetters.splice(0)) {
      queue.send(letter.body);
      moved += 1;
    }
  }
  await tick();
  return reply(res, 200, { redriven: moved });
};

const ROUTES = new Map<string, Route>([
  ['GET /health', health],
  ['POST /changes', postChanges],
  ['POST /telegram/webhook', postWebhook],
  ['POST /clock', postClock],
  ['GET /dlq', deadLetters],
  ['POST /dlq/redrive', redrive],
  ['GET /outbound', ({ pipeline }, _req, res) => reply(res, 200, pipeline.outbound)],
]);

const NOT_FOUND =
  'not found: GET /health, POST /events[/payments|/pension|/dkk|/backfill], POST /changes, POST /telegram/webhook, ' +
  'POST /clock, GET /dlq, POST /dlq/redrive, GET /outbound';

/** The HTTP server of the local stack (not yet listening): every route answers JSON, an unexpected error a 500. */
export function createLocalServer(parts: LocalHttpParts): Server {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      const events = req.method === 'POST' ? EVENTS_PATH.exec(url.pathname) : null;
      if (events) return await postEvents(parts, req, res, events[1]);
      const route = ROUTES.get(`${req.method} ${url.pathname}`);
      if (route) return await route(parts, req, res);
      return reply(res, 404, { error: NOT_FOUND });
    } catch (error) {
      return reply(res, 500, { error: (error as Error).name });
    }
  });
}
