import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
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
import { createBot } from '../functions/bot/bot';
import { startLongPolling } from '../functions/bot/polling';
import { makeWebhook } from '../functions/bot/webhook';
import { LOCAL_IDENTITY_SECRET, LOCAL_TABLE, type StackState, stateFile } from '../ops/local-state';
import { DynamoLinkAttempts } from '../shared/adapters/dynamodb/attempts';
import { DynamoNotificationLedger } from '../shared/adapters/dynamodb/notification-ledger';
import { tableDefinition } from '../shared/adapters/dynamodb/table';
import { HmacIdentity } from '../shared/adapters/identity';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import { formatKazakhstanInstant, parseInstant, toKazakhstanTime } from '../shared/domain/dates';
import { DynamoDbLocalError, freePort, javaVersion, startDynamoDbLocal } from './dynamodb-local';
import { FakeTelegram } from './fake-telegram';
import { createLocalServer } from './local-http';
import { LocalPipeline } from './local-pipeline';
import { IngestOutcomes, localLogLevel, localTelemetry } from './local-telemetry';

const EXIT = { usage: 2, java: 3, port: 4 } as const;

function fail(code: number, message: string): never {
  process.stderr.write(`npm start: ${message}\n(see npm start -- --help)\n`);
  process.exit(code);
}

const HELP = `usage: npm start [-- options]   (npm passes options on only after --)

  --port N              HTTP port on 127.0.0.1 (default 8787), e.g. npm start -- --port 8788
  --clock ISO           start the local clock there, e.g. --clock 2026-05-10T09:00+05:00 (default: now)
  --speed N             simulated seconds per real second (default 1; 3600 = an hour a second; 0 stops the clock)
  --fresh               wipe the local data (.local/dynamodb-data) first
  --data-dir DIR        keep DynamoDB Local's data there instead
  --verbose             the handlers' structured logs (JSON) too; LOG_LEVEL=DEBUG|INFO|WARN|ERROR picks the level
  --help                this text

exit codes: 2 bad option, 3 no Java, 4 port in use. More: docs/local.md`;

const args = (() => {
  try {
    return parseArgs({
      options: {
        fresh: { type: 'boolean', default: false },
        port: { type: 'string', default: '8787' },
        clock: { type: 'string' },
        speed: { type: 'string', default: '1' },
        'data-dir': { type: 'string', default: join('.local', 'dynamodb-data') },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    return fail(EXIT.usage, (error as Error).message);
  }
})();
if (args.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const logLevel = localLogLevel(args.verbose);
if (logLevel === undefined) {
  // A normal run prints the stack's own lines only: not the AWS SDK's notice that its 2027 releases need Node ≥ 22
  // (shown on Node 20), nor the webhook's metrics as EMF JSON. --verbose / LOG_LEVEL keeps both.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
}
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
  probe.once('error', () =>
    fail(EXIT.port, `port ${port} on 127.0.0.1 is in use: choose another, e.g. npm start -- --port ${port + 1}`),
  );
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

const telemetry = localTelemetry(logLevel);
const outcomes = new IngestOutcomes();
const identity = new HmacIdentity(process.env.LOCAL_IDENTITY_SECRET ?? LOCAL_IDENTITY_SECRET);
const calendar = kazakhstanCalendar();
const pipeline = new LocalPipeline({
  documents,
  tableName: LOCAL_TABLE,
  identity,
  calendar,
  telegram: { token: telegram.token, apiRoot: telegram.apiRoot ?? 'https://api.telegram.org' },
  telemetry: outcomes.observe(telemetry),
  start: now(),
  observer: {
    scheduleFired: (schedule, at) =>
      process.stdout.write(`[${formatKazakhstanInstant(at)}] schedule fired: ${schedule.name}\n`),
    outboundSent: (event) =>
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
  telemetry,
  supportContact: process.env.SUPPORT_CONTACT || '@osms_support (local stack)',
  chatReturns: pipeline.chatReturns,
};
const bot = createBot(telegram.token, botDependencies, telegram.apiRoot ? { apiRoot: telegram.apiRoot } : {});
const polling = await startLongPolling(bot);

// The cloud's webhook handler, served at POST /telegram/webhook: the secret header first, a redelivered update_id
// ignored (docs/local.md). It answers through the same Bot API as the polling bot.
const WEBHOOK_SECRET = process.env.LOCAL_WEBHOOK_SECRET || 'local-webhook-secret';
const webhookLogger = new Logger({ serviceName: 'bot-local', logLevel: (logLevel ?? 'SILENT') as 'SILENT' });
const webhook = makeWebhook({
  webhookSecret: async () => WEBHOOK_SECRET,
  bot: async () =>
    createBot(telegram.token, botDependencies, {
      ...(fake ? { botInfo: fake.bot } : {}),
      ...(telegram.apiRoot ? { apiRoot: telegram.apiRoot } : {}),
      deduplicateUpdates: true,
    }),
  logger: webhookLogger,
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

const server = createLocalServer({
  pipeline,
  webhook,
  now,
  moveClock: (ms) => {
    jump += ms;
  },
  tick,
  outcomes,
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
    `  events       POST ${state.http}/events[/payments|/pension|/dkk|/backfill]   (one envelope, a JSON array or NDJSON; e.g. npx osms-ops replay --file test/fixtures/events.ndjson)`,
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
