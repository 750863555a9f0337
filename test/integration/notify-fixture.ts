import type { ChatRecord } from '../../shared/app/ports/chat-store';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { createTestTable } from '../helpers/dynamodb';
import { IIN } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { localPipelineOn } from '../helpers/pipeline';

/** The end-to-end notify tests: the local pipeline on DynamoDB Local and the fake Bot API over HTTP. */

export const kz = (local: string) => Date.parse(`${local}:00+05:00`);
/** An event's `occurredAt` in Kazakhstan time, as an envelope override. */
export const at = (local: string) => ({ occurredAt: `${local}:00+05:00` });
export const calendar = kazakhstanCalendar();
/** Aigerim reads Kazakh, Bolat Russian. */
export const AIGERIM_CHAT = 1001;
export const BOLAT_CHAT = 1002;

/**
 * A pipeline starting at `start` (Kazakhstan time) with Aigerim's and Bolat's chats linked. Simulated weeks pass in
 * milliseconds of real time, so Telegram's per-second limits (and our throttle) are off unless `limits`. The caller
 * stops the returned `telegram`.
 */
export async function startNotifyPipeline(endpoint: string, start: string, limits = false) {
  const table = await createTestTable(endpoint);
  const { pipeline, telegram } = await localPipelineOn(table, { start: kz(start), limits });
  const link = (chatId: number, iin: string, language: ChatRecord['language']) =>
    pipeline.chats.putChat({
      chatId,
      language,
      citizenKey: testIdentity.citizenKey(iin),
      iinMasked: testIdentity.maskIin(iin),
      active: true,
      reminders: { pension: true, coverage: true },
    });
  await link(AIGERIM_CHAT, IIN.aigerim, 'kk');
  await link(BOLAT_CHAT, IIN.bolat, 'ru');
  return { pipeline, telegram, table };
}
