import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { FakeTelegram } from '../../tools/fake-telegram';
import { LocalPipeline } from '../../tools/local-pipeline';
import type { TestTable } from './dynamodb';
import { testIdentity } from './identity';
import { RecordingTelemetry } from './sqs';

/**
 * The real handlers on local queues over a test table, talking HTTP to a fresh fake Bot API. Simulated weeks pass in
 * milliseconds, so Telegram's per-second limits (and our throttle) are off unless `limits`. The caller stops the
 * returned `telegram`.
 */
export async function localPipelineOn(
  table: TestTable,
  options: { start: number; limits?: boolean; crash?: (step: string) => void },
) {
  const limits = options.limits ?? false;
  const telegram = await FakeTelegram.start({ limits: { enforce: limits } });
  const pipeline = new LocalPipeline({
    documents: table.documents,
    tableName: table.tableName,
    identity: testIdentity,
    calendar: kazakhstanCalendar(),
    telegram: { token: telegram.token, apiRoot: telegram.apiRoot, throttle: limits },
    telemetry: new RecordingTelemetry(),
    start: options.start,
    ...(options.crash ? { crash: options.crash } : {}),
  });
  return { pipeline, telegram };
}
