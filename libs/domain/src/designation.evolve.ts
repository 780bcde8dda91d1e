import type { DesignationEvent } from './designation.events';
import { exists, type Designation, type DesignationState } from './designation.state';
import type { Instant } from './designation.types';

/** The pure fold from one state to the next. It never throws: an event that cannot apply changes nothing. */
export function evolve(state: DesignationState, event: DesignationEvent): DesignationState {
  if (event.type === 'DesignationProposed') {
    if (exists(state)) return state;
    const { policyVersion: _version, exemptions, ...terms } = event.data;
    return {
      ...terms,
      status: 'proposed',
      exemptions: exemptions.map((exemption) => ({ ...exemption, status: 'in_force' })),
      notificationOverdueFlagged: false,
      representations: [],
      courtOrderIds: [],
      remindersIssued: [],
      partnerChanges: [],
    };
  }
  return exists(state) ? evolveDesignation(state, event) : state;
}

function evolveDesignation(state: Designation, event: DesignationEvent): Designation {
  switch (event.type) {
    case 'DesignationProposed':
      return state;
    case 'DesignationIssued': {
      const { effectiveAt, listingDate, sunsetAt, nextReviewDueAt, notificationDueAt, provenance } = event.data;
      return {
        ...state,
        status: 'active',
        effectiveAt,
        listingDate,
        sunsetAt,
        nextReviewDueAt,
        notificationDueAt,
        ...(provenance ? { provenance } : {}),
      };
    }
    case 'DesignationProposalRejected':
      return { ...endExemptions(state), status: 'rejected' };
    case 'DesignationProposalWithdrawn':
      return { ...endExemptions(state), status: 'withdrawn' };
    case 'MeasuresEscalated':
      return {
        ...state,
        measures: [...state.measures, ...event.data.measures],
        humanitarianWaiver: event.data.humanitarianWaiver ?? state.humanitarianWaiver,
      };
    case 'ExemptionGranted': {
      const { policyVersion: _v, designationId: _d, effectiveAt: _e, justification: _j, ...terms } = event.data;
      return { ...state, exemptions: [...state.exemptions, { ...terms, status: 'in_force' }] };
    }
    case 'ExemptionRevoked':
      return setExemptionStatus(state, event.data.exemptionId, 'revoked', event.data.effectiveAt);
    case 'ExemptionExpired':
      return setExemptionStatus(state, event.data.exemptionId, 'expired', event.data.effectiveAt);
    case 'TargetNotified':
      return { ...state, notifiedAt: event.data.notifiedAt };
    case 'TargetNotificationOverdue':
      return { ...state, notificationOverdueFlagged: true };
    case 'RepresentationReceived': {
      const { representationId, receivedAt } = event.data;
      return { ...state, representations: [...state.representations, { representationId, receivedAt, considered: false }] };
    }
    case 'ReviewReminderIssued':
      // A partner-change reminder goes out whenever a partner's list changes: it stands for no
      // scheduled reminder, so it neither silences one nor moves the schedule on.
      if (event.data.kind === 'partner_change') return state;
      return { ...state, remindersIssued: [...state.remindersIssued, reminderKey(event.data.reviewDueAt, event.data.remindAt)] };
    case 'ReviewCompleted': {
      const { completedAt, outcome, nextReviewDueAt, representationsConsidered } = event.data;
      return {
        ...state,
        nextReviewDueAt,
        lastReview: { completedAt, outcome },
        representations: state.representations.map((r) =>
          representationsConsidered.includes(r.representationId) ? { ...r, considered: true } : r,
        ),
      };
    }
    case 'MeasuresRolledBack':
      return { ...state, measures: state.measures.filter((m) => !event.data.measureIds.includes(m.measureId)) };
    case 'SunsetExtended':
      return { ...state, sunsetAt: event.data.sunsetAt };
    case 'DesignationLifted':
      return { ...endExemptions(state, event.data.effectiveAt), status: 'lifted' };
    case 'DesignationExpired':
      return { ...expireExemptions(state), status: 'expired' };
    case 'CourtOrderRecorded':
      return { ...state, courtOrderIds: [...state.courtOrderIds, event.data.orderId] };
    case 'DesignationSuspended':
      return { ...state, status: 'suspended' };
    case 'DesignationReinstated':
      return { ...state, status: 'active' };
    case 'DesignationAmended': {
      const { target, statementOfReasons, source } = event.data;
      return {
        ...state,
        target: target ? { ...state.target, ...target } : state.target,
        statementOfReasons: statementOfReasons ?? state.statementOfReasons,
        // An amendment at the source: the designation now stands on that release.
        ...(source && state.provenance
          ? {
              provenance: {
                ...state.provenance,
                releaseHash: source.releaseHash,
                releaseDate: source.releaseDate,
                batchId: source.batchId ?? state.provenance.batchId,
              },
            }
          : {}),
      };
    }
    case 'PartnerListingChanged': {
      const { reference, change, partner } = event.data;
      const recorded = { reference, change, releaseHash: partner.releaseHash, releaseDate: partner.releaseDate };
      return { ...state, partnerChanges: [...(state.partnerChanges ?? []), recorded] };
    }
    default:
      ignoreUnknown(event);
      return state;
  }
}

function setExemptionStatus(state: Designation, exemptionId: string, status: 'revoked' | 'expired', endedAt: Instant): Designation {
  return {
    ...state,
    exemptions: state.exemptions.map((e) => (e.exemptionId === exemptionId ? { ...e, status, endedAt } : e)),
  };
}

/** An exemption carves out of its designation's measures: when the designation ends, so does every one still in force. */
function endExemptions(state: Designation, endedAt?: Instant): Designation {
  return {
    ...state,
    exemptions: state.exemptions.map((e) => (e.status === 'in_force' ? { ...e, status: 'ended', ...(endedAt ? { endedAt } : {}) } : e)),
  };
}

/**
 * At the sunset every exemption has reached its own end (`validUntil` <= `sunsetAt`). ExpireDesignation
 * records the lapse of each one still in force first; a log from before it did is read the same way.
 */
function expireExemptions(state: Designation): Designation {
  return {
    ...state,
    exemptions: state.exemptions.map((e) => (e.status === 'in_force' ? { ...e, status: 'expired', endedAt: e.validUntil } : e)),
  };
}

/** Exhaustive at compile time; an event type from a newer version is ignored at run time. */
function ignoreUnknown(_event: never): void {}

export function reminderKey(reviewDueAt: string, remindAt: string): string {
  return `${reviewDueAt}|${remindAt}`;
}
