import type { UpstreamEventType } from '../domain/events';

/**
 * Who may write which facts (BRIEF 3, docs/security.md): each upstream queue admits only its producers, and each
 * producer only its own (`source`, event type) pairs. ENPF and the authorized operator share the pension queue, so the
 * pairs are checked, not the queue alone. The ingest checks every record against this table at run time and the CDK
 * queue policies admit only the principals the stage's context names for the producers listed here.
 */
export const UPSTREAM_QUEUES = ['payments', 'pension', 'dkk', 'backfill'] as const;
export type UpstreamQueueName = (typeof UPSTREAM_QUEUES)[number];

export const PRODUCERS = ['gov4c', 'otbasy', 'enpf', 'mis'] as const;
export type ProducerName = (typeof PRODUCERS)[number];

export interface AllowedSource {
  producer: ProducerName;
  source: string;
  types: readonly UpstreamEventType[];
}

const LIVE_QUEUES: Readonly<Record<Exclude<UpstreamQueueName, 'backfill'>, readonly AllowedSource[]>> = {
  payments: [
    // State Corporation "Government for Citizens": payments and the phone of record.
    { producer: 'gov4c', source: 'gov4c.payments', types: ['osms.payment'] },
    { producer: 'gov4c', source: 'gov4c.contacts', types: ['citizen.contact'] },
    // Exemptions (art. 28 p.7) and the periods of the categories the state pays for.
    { producer: 'gov4c', source: 'gov4c.categories', types: ['osms.exemption'] },
  ],
  pension: [
    // The authorized operator (Otbasy Bank): applications, documents, transfers to clinics, returns it executed.
    {
      producer: 'otbasy',
      source: 'otbasy.cabinet',
      types: [
        'pension.application.submitted',
        'pension.documents.submitted',
        'pension.documents.rejected',
        'pension.transfer.requested',
      ],
    },
    { producer: 'otbasy', source: 'otbasy.payments', types: ['pension.transfer.completed', 'pension.funds.returned'] },
    // ENPF: the money reaching the special account.
    { producer: 'enpf', source: 'enpf.payments', types: ['pension.funds.credited'] },
  ],
  // The medical information system: ДКК conclusions.
  dkk: [{ producer: 'mis', source: 'mis.dkk', types: ['dkk.conclusion.issued'] }],
};

export const PRODUCER_TABLE: Readonly<Record<UpstreamQueueName, readonly AllowedSource[]>> = {
  ...LIVE_QUEUES,
  // History (issue 13 item 15): every producer may load its own past events here, with the same (source, type)
  // pairs as on its live queue; state and plans follow them, but no citizen is told about what was already past.
  backfill: Object.values(LIVE_QUEUES).flat(),
};

/** Whether a queue carries history (nobody is told) rather than live events. */
export const isBackfillQueue = (queue: UpstreamQueueName) => queue === 'backfill';

export type SourceCheck = { ok: true; producer: ProducerName } | { ok: false; reason: string };

/** Whether an event of `type` from `source` may arrive on `queue`; the reason names the rule, never a value. */
export function checkProducer(queue: UpstreamQueueName, source: string, type: UpstreamEventType): SourceCheck {
  const entry = PRODUCER_TABLE[queue].find((allowed) => allowed.source === source && allowed.types.includes(type));
  if (entry) return { ok: true, producer: entry.producer };
  return { ok: false, reason: `source_not_allowed: this source may not send ${type} on the ${queue} queue` };
}

/** The producers that send to a queue: the principals the stage's context names for them may send to it. */
export function producersOf(queue: UpstreamQueueName): ProducerName[] {
  return [...new Set(PRODUCER_TABLE[queue].map((allowed) => allowed.producer))];
}
