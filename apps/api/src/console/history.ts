import { eventName } from '@app/audit';
import type { RecordedEvent } from '@app/event-store';

export interface HistoryItem {
  revision: number;
  title: string;
  recordedAt: string;
  effectiveAt?: string;
  by: string;
  roles: string[];
  /** The reasons the decision gives, as recorded. */
  reasons?: string;
}

const REASON_FIELDS = ['justification', 'reason', 'statementOfReasons', 'findings', 'summary', 'notes'];

/** A designation's events as a history a person reads: what was decided, when, by whom and why. */
export function historyOf(events: readonly RecordedEvent[]): HistoryItem[] {
  return events.map((event) => {
    const metadata = event.metadata as { actor?: { id?: string; roles?: string[] }; recordedAt?: string };
    const data = event.data as Record<string, unknown>;
    const reasons = REASON_FIELDS.map((name) => data[name]).find((value): value is string => typeof value === 'string' && value.trim() !== '');
    return {
      revision: event.revision,
      title: eventName(event.type),
      recordedAt: metadata.recordedAt ?? event.recordedAt ?? '',
      ...(typeof data.effectiveAt === 'string' ? { effectiveAt: data.effectiveAt } : {}),
      by: metadata.actor?.id === 'system' ? 'the service (a deadline)' : (metadata.actor?.id ?? 'unknown'),
      roles: (metadata.actor?.roles ?? []).map((role) => role.replace(/_/g, ' ')),
      ...(reasons ? { reasons } : {}),
    };
  });
}
