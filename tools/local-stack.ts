import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createBot } from '../functions/bot/bot';
import { startLongPolling } from '../functions/bot/polling';
import { makeWebhook } from '../functions/bot/webhook';
import { LOCAL_IDENTITY_SECRET, LOCAL_TABLE, type StackState, stateFile } from '../ops/local-state';
import { DynamoLinkAttempts } from '../shared/adapters/dynamodb/attempts';
import { DynamoNotificationLedger } from '../shared/adapters/dynamodb/notification-ledger';
import { tableDefinition } from '../shared/adapters/dynamodb/table';
import { HmacIdentity } from '../shared/adapters/identity';
import type { Telemetry } from '../shared/app/ports';
import { parseChangeMessage } from '../shared/contracts/internal';
import { parseUpstreamEventBody } from '../shared/contracts/parse';
import { UPSTREAM_QUEUES, type UpstreamQueueName } from '../shared/contracts/producers';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import { formatKazakhstanInstant, parseInstant, toKazakhstanTime } from '../shared/domain/dates';
import { DynamoDbLocalError, freePort, javaVersion, startDynamoDbLocal } from './dynamodb-local';
import { FakeTelegram } from './fake-telegram';
import { LocalPipeline } from './local-pipeline';

const EXIT = { usage: 2, java: 3, port: 4 } as const;

function fail(code: number, message: string): never {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(code);
}

const args = (() => {
  try {
    return parseArgs({
      options: {
        fresh: { type: 'boolean', default: false },
        port: { type: 'string', default: '8787' },
        clock: { type: 'string' },
        speed: { type: 'string', default: '1' },
        'data-dir': { type: 'string', default: join('.local', 'dynamodb-data') },
      },
    }).values;
  } catch (error) {
    return fail(EXIT.usage, (error as Error).message);
  }
})();
const port = Number(args.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(EXIT.usage, '--port must be a port number');
const speed = Number(args.speed);
if (!Number.isFinite(speed) || speed < 0) fail(EXIT.usage, '--speed must be a number ≥ 0 (0 stops the clock)');
const clockStart = args.clock === undefined ? Date.now() : parseInstant(args.clock);
if (clockStart === undefined)
  fail(EXIT.usage, '--clock must be an ISO date-time with an offset, e.g. 2026-05-10T09:00+05:00');

try {
  javaVersion();
} catch (error) {
  fail(EXIT.java, error instanceof DynamoDbLocalError ? error.message : 'Java is needed for DynamoDB Local');
}
await new Promise<void>((resolve) => {
  const probe = createServer();
  probe.once('error', () => fail(EXIT.port, `port ${port} on 127.0.0.1 is in use: choose another with --port`));
  probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
});

// ── The clock: starts at --clock, runs at --speed × real time, and can be moved forward (POST /clock) ────────────────
const realStart = Date.now();
let jump = 0;
const now = () => clockStart + (Date.now() - realStart) * speed + jump;

// ── DynamoDB Local, persistent in .local/ ───────────────────────────────────────────────────────────────────────
if (args.fresh) rmSync(args['data-dir'], { recursive: true, force: true });
mkdirSync(args['data-dir'], { recursive: true });
const engine = await startDynamoDbLocal({ dataDir: args['data-dir'], port: await freePort() });
const client = new DynamoDBClient({
  endpoint: engine.endpoint,
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
try {
  await client.send(new DescribeTableCommand({ TableName: LOCAL_TABLE }));
} catch (error) {
  if (!(error instanceof ResourceNotFoundException)) throw error;
  await client.send(new CreateTableCommand(tableDefinition(LOCAL_TABLE)));
}
const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

// ── Telegram: the real one with a token, the fake Bot API on 127.0.0.1 without ─────────────────────────────────────
const token = process.env.TELEGRAM_BOT_TOKEN || undefined;
const fake = token ? undefined : await FakeTelegram.start();
const telegram = { token: token ?? fake?.token ?? '', ...(fake ? { apiRoot: fake.apiRoot } : {}) };

const quiet: Telemetry = { info() {}, warn() {}, error() {}, count() {} };
const identity = new HmacIdentity(process.env.LOCAL_IDENTITY_SECRET ?? LOCAL_IDENTITY_SECRET);
const calendar = kazakhstanCalendar();
const pipeline = new LocalPipeline({
  documents,
  tableName: LOCAL_TABLE,
  identity,
  calendar,
  telegram: { token: telegram.token, apiRoot: telegram.apiRoot ?? 'https://api.telegram.org' },
  telemetry: quiet,
  start: now(),
  observer: {
    scheduleFired: (schedule, at) =>
      process.stdout.write(`[${formatKazakhstanInstant(at)}] schedule fired: ${schedule.name}\n`),
    returnOrdered: (event) =>
      process.stdout.write(`[${event.occurredAt}] → operator: ${event.type} ${event.data.caseId}\n`),
  },
});
const botDependencies = {
  facts: pipeline.facts,
  chats: pipeline.chats,
  attempts: new DynamoLinkAttempts(documents, LOCAL_TABLE, now),
  ledger: new DynamoNotificationLedger(documents, LOCAL_TABLE, now),
  identity,
  calendar,
  clock: { now },
  telemetry: quiet,
  supportContact: process.env.SUPPORT_CONTACT || '@osms_support (local stack)',
  chatReturns: pipeline.chatReturns,
};
const bot = createBot(telegram.token, botDependencies, telegram.apiRoot ? { apiRoot: telegram.apiRoot } : {});
const polling = await startLongPolling(bot);

// The cloud's webhook handler, served at POST /telegram/webhook: the secret header first, a redelivered update_id
// ignored (docs/local.md). It answers through the same Bot API as the polling bot.
const WEBHOOK_SECRET = process.env.LOCAL_WEBHOOK_SECRET || 'local-webhook-secret';
const silentLogger = new Logger({ serviceName: 'bot-local', logLevel: 'SILENT' });
const webhook = makeWebhook({
  webhookSecret: async () => WEBHOOK_SECRET,
  bot: async () =>
    createBot(telegram.token, botDependencies, {
      ...(fake ? { botInfo: fake.bot } : {}),
      ...(telegram.apiRoot ? { apiRoot: telegram.apiRoot } : {}),
      deduplicateUpdates: true,
    }),
  logger: silentLogger,
  metrics: new Metrics({ serviceName: 'bot-local', namespace: 'Local' }),
});

// The scheduler loop: fire what is due by the local clock, run the day's sweeps when their hour has come (as the
// stack's recurring schedules do in the cloud: reconciliation 06:00, coverage 10:00), then deliver every queue.
const sweepsDone = new Set<string>();
async function sweepIfDue(): Promise<void> {
  const { date, minuteOfDay } = toKazakhstanTime(now());
  for (const [kind, hour] of [
    ['reconciliation_sweep', 6],
    ['coverage_sweep', 10],
  ] as const) {
    if (minuteOfDay >= hour * 60 && !sweepsDone.has(`${date}|${kind}`)) {
      sweepsDone.add(`${date}|${kind}`);
      await pipeline.sweep(kind);
    }
  }
}
let busy: Promise<void> = Promise.resolve();
const tick = () => {
  busy = busy
    .then(() => pipeline.advanceTo(now()))
    .then(sweepIfDue)
    .catch((error: Error) => {
      process.stderr.write(`tick failed: ${error.name}\n`);
    });
  return busy;
};
const ticker = setInterval(tick, 500);

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
 * The bodies of one POST: a JSON array of envelopes, one envelope (compact or pretty-printed, as in
 * docs/events/examples/), or NDJSON (one envelope per line).
 */
function splitEnvelopes(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      const whole = JSON.parse(trimmed) as unknown;
      return (Array.isArray(whole) ? whole : [whole]).map((envelope) => JSON.stringify(envelope));
    } catch {
      // Not one JSON document: NDJSON.
    }
  }
  return trimmed.split('\n');
}

/**
 * Each envelope accepted or rejected with its reason, then delivered on the named upstream queue — or, without one,
 * on the queue its producer sends it on. The ingest checks the pair against the queue as in the cloud, so an event
 * posted to another producer's queue is dead-lettered `source_not_allowed`.
 */
function acceptEvents(text: string, queue?: UpstreamQueueName) {
  const rejected: { line: number; reason: string }[] = [];
  let accepted = 0;
  splitEnvelopes(text).forEach((line, index) => {
    if (line.trim() === '') return;
    const parsed = parseUpstreamEventBody(line);
    if (!parsed.ok) rejected.push({ line: index + 1, reason: parsed.reason });
    else {
      accepted += 1;
      pipeline.ingest([line], queue);
    }
  });
  return { accepted, rejected };
}

/** Change messages (NDJSON) onto the changes queue: what `ops review resolve` sends so the planner re-plans. */
function acceptChanges(text: string) {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const bad = lines.map((line) => parseChangeMessage(line)).find((parsed) => !parsed.ok);
  if (bad && !bad.ok) return { status: 400, value: { error: bad.reason } };
  for (const line of lines) pipeline.queues.changes.send(line);
  return { status: 200, value: { accepted: lines.length } };
}

async function serveWebhook(req: IncomingMessage, res: ServerResponse) {
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

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  try {
    if (req.method === 'GET' && url.pathname === '/health') {
      return reply(res, 200, {
        status: 'ok',
        clock: formatKazakhstanInstant(now()),
        queues: Object.fromEntries(Object.entries(pipeline.queues).map(([n, q]) => [n, q.messages.length])),
        deadLetters: Object.fromEntries(Object.entries(pipeline.queues).map(([n, q]) => [n, q.deadLetters.length])),
      });
    }
    const events = req.method === 'POST' ? EVENTS_PATH.exec(url.pathname) : null;
    if (events) {
      const queue = events[1] as UpstreamQueueName | undefined;
      if (queue !== undefined && !UPSTREAM_QUEUES.includes(queue)) {
        return reply(res, 404, { error: `no upstream queue ${queue}: ${UPSTREAM_QUEUES.join(', ')}` });
      }
      const result = acceptEvents(await body(req), queue);
      await tick();
      return reply(res, result.rejected.length > 0 && result.accepted === 0 ? 400 : 200, result);
    }
    if (req.method === 'POST' && url.pathname === '/changes') {
      const result = acceptChanges(await body(req));
      await tick();
      return reply(res, result.status, result.value);
    }
    if (req.method === 'POST' && url.pathname === '/telegram/webhook') {
      await serveWebhook(req, res);
      await tick();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/clock') {
      const { to } = JSON.parse((await body(req)) || '{}') as { to?: string };
      const target = to === undefined ? undefined : parseInstant(to);
      if (target === undefined) return reply(res, 400, { error: 'body must be {"to": "<ISO date-time with offset>"}' });
      if (target < now()) {
        return reply(res, 409, {
          error: `the clock only moves forward: it is ${formatKazakhstanInstant(now())}; restart with --clock to go back`,
        });
      }
      jump += target - now();
      await tick();
      return reply(res, 200, { clock: formatKazakhstanInstant(now()) });
    }
    if (req.method === 'GET' && url.pathname === '/dlq') {
      // Reasons only: the bodies hold personal data and stay in the queue.
      return reply(
        res,
        200,
        Object.fromEntries(Object.entries(pipeline.queues).map(([n, q]) => [n, q.deadLetters.map((d) => d.reason)])),
      );
    }
    if (req.method === 'POST' && url.pathname === '/dlq/redrive') {
      let moved = 0;
      for (const queue of Object.values(pipeline.queues)) {
        for (const letter of queue.deadLetters.splice(0)) {
          queue.send(letter.body);
          moved += 1;
        }
      }
      await tick();
      return reply(res, 200, { redriven: moved });
    }
    if (req.method === 'GET' && url.pathname === '/outbound') return reply(res, 200, pipeline.outbound);
    return reply(res, 404, {
      error:
        'not found: GET /health, POST /events[/payments|/pension|/dkk], POST /changes, POST /telegram/webhook, ' +
        'POST /clock, GET /dlq, POST /dlq/redrive, GET /outbound',
    });
  } catch (error) {
    return reply(res, 500, { error: (error as Error).name });
  }
});
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));

const state: StackState = {
  http: `http://127.0.0.1:${port}`,
  dynamodb: engine.endpoint,
  table: LOCAL_TABLE,
  telegram: fake ? { fake: true, apiRoot: fake.apiRoot, token: fake.token } : { fake: false },
  pid: process.pid,
};
const stateFileName = stateFile();
mkdirSync(dirname(stateFileName), { recursive: true });
writeFileSync(stateFileName, `${JSON.stringify(state, null, 2)}\n`);

process.stdout.write(
  [
    'МӘМС / pension-for-treatment bot — local stack ready',
    `  clock        ${formatKazakhstanInstant(now())} (×${speed}${args.clock ? ', from --clock' : ''})`,
    `  events       POST ${state.http}/events[/payments|/pension|/dkk]   (one envelope, a JSON array or NDJSON; e.g. npm run ops -- replay --file test/fixtures/events.ndjson)`,
    `  webhook      POST ${state.http}/telegram/webhook   (header X-Telegram-Bot-Api-Secret-Token: ${WEBHOOK_SECRET})`,
    `  health       GET  ${state.http}/health`,
    `  DynamoDB     ${engine.endpoint} (DynamoDB Local, data in ${args['data-dir']}${args.fresh ? ', started fresh' : ''})`,
    fake
      ? `  Telegram     fake Bot API at ${fake.apiRoot} — chat with the bot: npm run chat`
      : '  Telegram     the real Bot API (TELEGRAM_BOT_TOKEN): talk to your bot in Telegram',
    '  stop         Ctrl+C',
    '',
  ].join('\n'),
);

let stopping = false;
async function shutdown() {
  // Ctrl+C reaches this process twice (from the terminal and relayed by tsx): stop once, ignore the second.
  if (stopping) return;
  stopping = true;
  clearInterval(ticker);
  await busy;
  await bot.stop();
  await polling.stopped.catch(() => undefined);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fake?.stop();
  await engine.stop();
  rmSync(stateFileName, { force: true });
  process.stdout.write('stopped\n');
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
