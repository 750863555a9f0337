import type { SQSRecord } from 'aws-lambda';
import { type DeliveryPorts, deliverNotification } from '../../shared/app/deliver-notification';
import type { DeadLetterSink, Telemetry } from '../../shared/app/ports';
import type { TelegramSender } from '../../shared/app/ports/telegram';
import { type NotificationMessage, parseNotificationMessage } from '../../shared/contracts/internal';
import { rejectMessage } from './reject';

/** Another attempt is sending this notification right now; the queue delivers the message again later. */
export class NotificationInFlightError extends Error {
  constructor() {
    super('notification is being sent by another attempt');
    this.name = 'NotificationInFlightError';
  }
}

export interface SenderDependencies extends DeliveryPorts {
  deadLetters: DeadLetterSink;
  telemetry: Telemetry;
  /**
   * Telegram with `allow_paid_broadcast`, only when the operator turned it on (`ALLOW_PAID_BROADCAST`): the mass
   * coverage notices go through it, everything else through `telegram` (docs/notifications.md, "Pacing").
   */
  paidBroadcast?: TelegramSender;
}

/** The notices the morning coverage sweep sends to every citizen concerned at once: the only paid-broadcast kinds. */
export const PAID_BROADCAST_KINDS: ReadonlySet<NotificationMessage['kind']> = new Set([
  'coverage_ending',
  'coverage_ended',
]);

/** The ports one notification is delivered with: a mass coverage notice goes by paid broadcast when allowed. */
function portsFor(deps: SenderDependencies, kind: NotificationMessage['kind']): DeliveryPorts {
  return deps.paidBroadcast && PAID_BROADCAST_KINDS.has(kind) ? { ...deps, telegram: deps.paidBroadcast } : deps;
}

const METRIC_OF = {
  postponed: 'NotificationsPostponed',
  skipped: 'NotificationsSkipped',
  duplicate: 'NotificationsDuplicate',
  in_flight: 'NotificationsInFlight',
  sent: 'NotificationsSent',
  blocked: 'ChatsBlocked',
  rejected: 'MessagesRejected',
} as const;

/**
 * Consumes the notify queue: one notification to one chat (shared/app/deliver-notification.ts). 400 from Telegram is
 * dead-lettered with Telegram's reason; a send in flight elsewhere is thrown back to the queue; anything unexpected
 * is thrown and retried.
 */
export function createSender(deps: SenderDependencies) {
  const { telemetry } = deps;
  return async (record: SQSRecord): Promise<void> => {
    const parsed = parseNotificationMessage(record.body);
    if (!parsed.ok) return rejectMessage(deps, record, parsed, 'notification message');
    const { kind } = parsed.value;
    const attributes = { messageId: record.messageId, kind };
    let delivery: Awaited<ReturnType<typeof deliverNotification>>;
    try {
      delivery = await deliverNotification(portsFor(deps, kind), parsed.value);
    } catch (error) {
      telemetry.error('notification not delivered; will be retried', { ...attributes, error: (error as Error).name });
      throw error;
    }
    telemetry.info(`notification ${delivery.outcome}`, attributes);
    switch (delivery.outcome) {
      case 'rejected':
        await deps.deadLetters.send({ record, reason: delivery.reason, category: 'telegram_400' });
        return telemetry.count(METRIC_OF.rejected, { reason: 'telegram_400' });
      case 'in_flight':
        telemetry.count(METRIC_OF.in_flight);
        throw new NotificationInFlightError();
      case 'sent':
        return telemetry.count(METRIC_OF.sent, { kind });
      default:
        return telemetry.count(METRIC_OF[delivery.outcome]);
    }
  };
}
