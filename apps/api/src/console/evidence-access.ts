import { Injectable } from '@nestjs/common';
import type { Designation } from '@app/domain';
import { AccessLogService } from '../audit/access-log.service';
import { actorOf } from './actor';
import type { Session } from './sessions';

/** Whether a page may show the designation's evidence now, and if not, why. */
export type EvidenceAccess = { shown: true } | { shown: false; purposeError?: string };

const PURPOSE = /^.{3,500}$/s;

/**
 * Evidence above `public` is read only on the record, as GET /designations/{id} reads it: the read is
 * appended to the access log before the page shows it, and a court first states the case or
 * proceeding it reads for (`purpose`). A page without the purpose shows the designation without its
 * evidence and asks for it.
 */
@Injectable()
export class EvidenceReads {
  constructor(private readonly accessLog: AccessLogService) {}

  async open(session: Session, d: Designation, given: unknown, requestId: string): Promise<EvidenceAccess> {
    if (!d.attribution.evidence.some((e) => e.classification !== 'public')) return { shown: true };
    const purpose = typeof given === 'string' ? given.trim() : undefined;
    if (purpose !== undefined && !PURPOSE.test(purpose)) return { shown: false, purposeError: 'Enter the case or proceeding, in 3 to 500 characters' };
    if (session.data.user!.roles.includes('court') && !purpose) return { shown: false };
    await this.accessLog.record(actorOf(session), 'designation', d.designationId, purpose || undefined, requestId);
    return { shown: true };
  }
}
