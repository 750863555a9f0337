import { isAddressed } from '../../shared/app/deliver-notification';
import type {
  CaseScheduleRecord,
  ClaimOutcome,
  NotificationClaim,
  NotificationItem,
  NotificationLedger,
  OutboxBegin,
  OutboxMarkers,
  OutboxState,
  Page,
  PageRequest,
  ScheduleBook,
  SettleOutcome,
} from '../../shared/app/ports';
import type { ChatCoverage, ChatRecord, ChatStore, CoverageSave, UpdateKey } from '../../shared/app/ports/chat-store';
import { linkShard } from '../../shared/app/ports/chat-store';
import { type Instant, kazakhstanDate } from '../../shared/domain/dates';

/** A page of a sorted list in memory: `after` is the index of the next item, as text. */
function pageOf<T>(items: readonly T[], page: PageRequest): Page<T> {
  const start = page.after ? Number(page.after) : 0;
  const end = start + page.limit;
  const slice = items.slice(start, end);
  return end < items.length ? { items: slice, next: String(end) } : { items: slice };
}

/** The day the sweep reads a chat, as the DynamoDB store's index sorts it (`coverageSweepSort`). */
function sweepDayOf(chat: ChatRecord): string {
  if (!chat.reminders.coverage) return '~';
  return chat.coverage === undefined ? '0000-00-00' : (chat.coverage.sweepOn ?? '~');
}

/** Chats in memory, indexed like the DynamoDB store: only linked, active chats are found by citizen or shard. */
export class InMemoryChatStore implements ChatStore {
  readonly chats = new Map<number, ChatRecord>();
  readonly #updates = new Set<string>();

  async getChat(chatId: number): Promise<ChatRecord | undefined> {
    const chat = this.chats.get(chatId);
    return chat ? { ...chat } : undefined;
  }

  async putChat(chat: ChatRecord): Promise<void> {
    this.chats.set(chat.chatId, { ...chat });
  }

  async chatsOfCitizen(citizenKey: string): Promise<ChatRecord[]> {
    return [...this.chats.values()].filter((c) => c.active && c.citizenKey === citizenKey).map((c) => ({ ...c }));
  }

  async markInactive(chatId: number): Promise<void> {
    const chat = this.chats.get(chatId);
    if (chat) chat.active = false;
  }

  async reactivate(chatId: number): Promise<ChatRecord | undefined> {
    const chat = this.chats.get(chatId);
    if (!chat || chat.active) return undefined;
    chat.active = true;
    return { ...chat };
  }

  async *linkedChats(shard: number): AsyncIterable<ChatRecord> {
    for (const chat of this.chats.values()) {
      if (chat.active && chat.citizenKey !== undefined && linkShard(chat.chatId) === shard) yield { ...chat };
    }
  }

  #linked(shard: number): ChatRecord[] {
    return [...this.chats.values()]
      .filter((chat) => chat.active && chat.citizenKey !== undefined && linkShard(chat.chatId) === shard)
      .sort((a, b) => (`${sweepDayOf(a)}#${a.chatId}` < `${sweepDayOf(b)}#${b.chatId}` ? -1 : 1))
      .map((chat) => ({ ...chat }));
  }

  async linkedPage(shard: number, page: PageRequest): Promise<Page<ChatRecord>> {
    return pageOf(this.#linked(shard), page);
  }

  async coverageDue(shard: number, through: string, page: PageRequest): Promise<Page<ChatRecord>> {
    return pageOf(
      this.#linked(shard).filter((chat) => sweepDayOf(chat) <= through),
      page,
    );
  }

  async saveCoverage(chat: ChatRecord, coverage: ChatCoverage): Promise<CoverageSave> {
    const stored = this.chats.get(chat.chatId);
    if (!stored?.active || stored.citizenKey !== chat.citizenKey) return 'not_linked';
    if (stored.coverage && stored.coverage.derivedAt > coverage.derivedAt) return 'newer_kept';
    stored.coverage = { ...coverage };
    return 'saved';
  }

  async deleteChat(chatId: number): Promise<void> {
    this.chats.delete(chatId);
  }

  async claimUpdate(update: UpdateKey): Promise<boolean> {
    const key = `${update.botId}#${update.updateId}`;
    if (this.#updates.has(key)) return false;
    this.#updates.add(key);
    return true;
  }

  async releaseUpdate(update: UpdateKey): Promise<void> {
    this.#updates.delete(`${update.botId}#${update.updateId}`);
  }
}

/** Case schedules in memory, by case and key. */
export class InMemoryScheduleBook implements ScheduleBook {
  readonly records = new Map<string, CaseScheduleRecord>();

  async ofCase(caseId: string): Promise<CaseScheduleRecord[]> {
    return [...this.records.values()].filter((record) => record.caseId === caseId).map((record) => ({ ...record }));
  }

  async put(record: CaseScheduleRecord): Promise<void> {
    this.records.set(`${record.caseId}|${record.key}`, { ...record });
  }

  async remove(caseId: string, key: string): Promise<void> {
    this.records.delete(`${caseId}|${key}`);
  }

  async markFired(caseId: string, key: string, at: Instant): Promise<void> {
    const record = this.records.get(`${caseId}|${key}`);
    if (record) record.firedAt = new Date(at).toISOString();
  }

  async unfired(days: readonly string[], through: Instant): Promise<CaseScheduleRecord[]> {
    return [...this.records.values()].filter(
      (record) => !record.firedAt && record.at <= through && days.includes(kazakhstanDate(record.at)),
    );
  }

  async casesScheduledOn(days: readonly string[]): Promise<string[]> {
    const cases = [...this.records.values()].filter((record) => days.includes(kazakhstanDate(record.at)));
    return [...new Set(cases.map((record) => record.caseId))].sort();
  }

  #onDay(day: string): CaseScheduleRecord[] {
    return [...this.records.values()]
      .filter((record) => kazakhstanDate(record.at) === day)
      .sort((a, b) => a.at - b.at || (a.name < b.name ? -1 : 1))
      .map((record) => ({ ...record }));
  }

  async onDay(day: string, page: PageRequest): Promise<Page<CaseScheduleRecord>> {
    return pageOf(this.#onDay(day), page);
  }

  async unfiredOn(day: string, through: Instant, page: PageRequest): Promise<Page<CaseScheduleRecord>> {
    return pageOf(
      this.#onDay(day).filter((record) => !record.firedAt && record.at <= through),
      page,
    );
  }
}

/**
 * The notification ledger in memory (claims never expire here: no test runs six minutes). A claim checks the chat in
 * `chats` as the DynamoDB ledger's transaction does (`isAddressed`), at the same moment as it writes the item.
 */
export class InMemoryNotificationLedger implements NotificationLedger {
  readonly items = new Map<string, NotificationItem & { chatId: number; detail?: string }>();

  constructor(private readonly chats: InMemoryChatStore) {}

  async claim(id: string, claim: NotificationClaim): Promise<ClaimOutcome> {
    if (!isAddressed(this.chats.chats.get(claim.chatId), claim.addressee)) return 'not_addressed';
    const item = this.items.get(id);
    if (item && item.status !== 'postponed') return item.status === 'sending' ? 'in_flight' : 'already_sent';
    this.items.set(id, { id, chatId: claim.chatId, kind: claim.kind, status: claim.status });
    return 'claimed';
  }

  async settle(id: string, outcome: SettleOutcome, detail?: string): Promise<void> {
    const item = this.items.get(id);
    if (item) Object.assign(item, { status: outcome, detail: detail ?? outcome });
  }

  async status(id: string): Promise<string | undefined> {
    return this.items.get(id)?.status;
  }

  async forgetChat(chatId: number): Promise<number> {
    const ids = [...this.items.values()].filter((item) => item.chatId === chatId).map((item) => item.id);
    for (const id of ids) this.items.delete(id);
    return ids.length;
  }

  async ofChat(chatId: number): Promise<NotificationItem[]> {
    return [...this.items.values()].filter((item) => item.chatId === chatId);
  }
}

/** Outbox markers in memory. */
export class InMemoryOutboxMarkers implements OutboxMarkers {
  readonly markers = new Map<string, 'pending' | 'sent'>();

  async begin(key: string): Promise<OutboxBegin> {
    if (this.markers.get(key) === 'sent') return 'already_sent';
    this.markers.set(key, 'pending');
    return 'begun';
  }

  async confirm(key: string): Promise<void> {
    this.markers.set(key, 'sent');
  }

  async state(key: string): Promise<OutboxState> {
    return this.markers.get(key) ?? 'none';
  }
}
