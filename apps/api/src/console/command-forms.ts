import type { Designation, DesignationCommand } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { COURT_DECISIONS, EXEMPTION_KINDS, HUMAN_LIFT_REASONS, MEASURE_TYPES, NOTIFICATION_CHANNELS } from '@app/domain';
import {
  ApproveDesignationDto,
  EscalateMeasuresDto,
  ExtendSunsetDto,
  GrantExemptionDto,
  LiftDesignationDto,
  ReasonDto,
  RecordCourtOrderDto,
  RecordRepresentationDto,
  RecordTargetNotificationDto,
  RollBackMeasuresDto,
  CompleteReviewDto,
} from '../designations/dto/lifecycle-commands.dto';
import { reviewChoices, REVIEW_REFUSAL_FIELDS } from './review-form';
import type { FormBody } from './console-http';
import { field, fieldList } from './forms';
import { dateFrom, measureId } from './propose.steps';

/**
 * A lifecycle command as a form on its own page: which command it sends, the JSON API's DTO that
 * checks it, how the form's fields become the command's body, and which field an error belongs to.
 * The page is `templates/actions/<template>.njk`; the action's roles and statuses are in actions.ts.
 */
export interface CommandForm {
  slug: string;
  command: DesignationCommand['type'];
  dto: new () => object;
  /** The page's heading. */
  title: string;
  template: string;
  body(form: FormBody, d: Designation): Record<string, unknown>;
  /** The form field an error at this body path belongs to (default: the path's first member). */
  fieldOf?(path: string): string;
  /** What to enter, by form field id: said when the DTO refuses the field (a value too long is said as such instead). */
  errors?: Record<string, string>;
  /** The confirmation shown on the designation's page. */
  done: string;
  /** Choices the page offers (criteria, conditions, measures...), computed from the designation (and its events, for what the state does not keep). */
  choices?(d: Designation, events: readonly RecordedEvent[]): Record<string, unknown>;
  /** The form field a refusal of the domain belongs to, by its code (default: the form as a whole). */
  refusalFields?: Partial<Record<string, string>>;
}

/** The words for a field the DTO refused, if the form has its own; undefined for a value too long (the validator says by how much). */
export function errorText(form: Pick<CommandForm, 'errors'>, id: string, message: string | undefined): string | undefined {
  return /shorter than|no more than/.test(message ?? '') ? undefined : form.errors?.[id];
}

/** A date typed as day, month and year fields named `<name>-day`, `<name>-month`, `<name>-year`. */
export const dateField = (form: FormBody, name: string): string | undefined =>
  dateFrom(field(form, `${name}-day`), field(form, `${name}-month`), field(form, `${name}-year`)) || undefined;

const optional = (value: string): string | undefined => (value === '' ? undefined : value);

/** A text field: as typed, or undefined when left empty (for the DTO to say it is missing). */
const text = (form: FormBody, name: string): string | undefined => optional(field(form, name));

/** Ticked numbers (criteria, conditions) as numbers; anything else as sent, for the DTO to refuse. */
const numbers = (form: FormBody, name: string): unknown[] => fieldList(form, name).map((value) => (/^\d{1,4}$/.test(value) ? Number(value) : value));

/** How one member of a command's body is read from the form field of the same name. */
type Reader = (form: FormBody, name: string) => unknown;

/** A body whose every member is read from the form field of its name, in this order: `{ summary: text, receivedAt: dateField }`. */
const fieldsAs = (readers: Record<string, Reader>) => (form: FormBody): Record<string, unknown> =>
  Object.fromEntries(Object.entries(readers).map(([name, read]) => [name, read(form, name)]));

/** What to enter in an optional `effectiveAt`, said alike on every form that has one. */
const EFFECTIVE_AT_OR_EMPTY = 'Enter the date it takes effect as day, month and year, or leave it empty';

const commaList = (value: string): string[] => value.split(',').map((item) => item.trim()).filter((item) => item !== '');

/** The first of `prefix-<from>`, `prefix-<from + 1>`… not taken. */
const nextFree = (prefix: string, taken: string[], from = 1): string => {
  let n = from;
  while (taken.includes(`${prefix}-${n}`)) n += 1;
  return `${prefix}-${n}`;
};

/** A new measure's id: `m-<type with dashes>`, or `…-2`, `…-3` when one of the designation's measures already has it. */
export const newMeasureId = (type: string, d: Pick<Designation, 'measures'>): string => {
  const base = measureId(type);
  const taken = d.measures.map((m) => m.measureId);
  return taken.includes(base) ? nextFree(base, taken, 2) : base;
};

/** The designation's current measures as checkbox items, in words. */
const measureItems = (d: Designation) => d.measures.map((m) => ({ value: m.measureId, text: `${m.type.replace(/_/g, ' ')}: ${m.description}` }));

/** Numbered criteria or conditions as checkbox items, ticked by number. */
const numberedItems = (list: readonly { number: number; text: string }[]) => list.map((c) => ({ value: String(c.number), text: c.text }));

export const COMMAND_FORMS: CommandForm[] = [
  {
    slug: 'approve',
    command: 'ApproveDesignation',
    dto: ApproveDesignationDto,
    title: 'Approve or reject the proposal',
    template: 'approve',
    body: fieldsAs({ effectiveAt: dateField }),
    errors: { effectiveAt: EFFECTIVE_AT_OR_EMPTY },
    done: 'The designation is approved and issued. Its deadlines are scheduled and it is published in the public register.',
  },
  {
    slug: 'reject',
    command: 'RejectProposal',
    dto: ReasonDto,
    title: 'Approve or reject the proposal',
    template: 'approve',
    body: fieldsAs({ reason: text }),
    errors: { reason: 'Enter why you are rejecting it' },
    done: 'The proposal is rejected. It will not take effect.',
  },
  {
    slug: 'notifications',
    command: 'RecordTargetNotification',
    dto: RecordTargetNotificationDto,
    title: 'Record a notification of the target',
    template: 'notifications',
    body: fieldsAs({ channel: text, notifiedAt: dateField, responseDeadline: dateField }),
    errors: {
      channel: 'Choose how the target was notified',
      notifiedAt: 'Enter the date the notice was given, as day, month and year',
      responseDeadline: 'Enter the date by which the target may respond, as day, month and year',
    },
    done: 'The notification of the target is recorded.',
    choices: () => ({ channels: NOTIFICATION_CHANNELS }),
  },
  {
    slug: 'representations',
    command: 'RecordRepresentation',
    dto: RecordRepresentationDto,
    title: 'Record a representation',
    template: 'representations',
    body: fieldsAs({ representationId: text, receivedAt: dateField, submittedBy: text, summary: text }),
    errors: {
      representationId: 'Enter a reference for the representation, in letters, digits and . _ : -',
      receivedAt: 'Enter the date it was received, as day, month and year',
      submittedBy: 'Enter who submitted it',
      summary: 'Enter what the representation says',
    },
    done: 'The representation is recorded. The next review must consider it.',
    choices: (d) => ({ suggestedId: nextFree('rep', d.representations.map((r) => r.representationId)) }),
  },
  {
    slug: 'exemptions',
    command: 'GrantExemption',
    dto: GrantExemptionDto,
    title: 'Grant an exemption',
    template: 'exemptions',
    body: fieldsAs({ exemptionId: text, kind: text, measureIds: fieldList, beneficiary: text, conditions: text, oversightBody: text, validUntil: dateField, justification: text }),
    errors: {
      exemptionId: 'Enter a reference for the exemption, in letters, digits and . _ : -',
      kind: 'Choose the need the exemption meets',
      measureIds: 'Choose the measures it carves out of',
      beneficiary: 'Enter who benefits',
      conditions: 'Enter the conditions of the exemption',
      oversightBody: 'Enter who oversees it',
      validUntil: 'Enter the date until which it is valid, as day, month and year',
    },
    done: 'The exemption is granted and in force.',
    choices: (d) => ({
      suggestedId: nextFree('ex', d.exemptions.map((e) => e.exemptionId)),
      kinds: EXEMPTION_KINDS,
      measureItems: measureItems(d),
    }),
  },
  {
    slug: 'escalations',
    command: 'EscalateMeasures',
    dto: EscalateMeasuresDto,
    title: 'Escalate measures',
    template: 'escalations',
    // The command lists the measures it adds: the designation's own stay as they are (measures.decide.ts).
    // The new measure's id is the one the page offered for its type (hidden `measureId-<type>`), not one worked out
    // again from the designation now: sent twice, the form must be the same command, though the first added the measure.
    body: (form, d) => {
      const type = field(form, 'type-0');
      const waiver = field(form, 'humanitarianWaiver');
      return {
        criteriaMet: numbers(form, 'criteriaMet'),
        justification: text(form, 'justification'),
        measures: [{
          measureId: type ? field(form, `measureId-${type}`) || newMeasureId(type, d) : undefined,
          type: optional(type),
          capabilities: commaList(field(form, 'capabilities-0')),
          description: text(form, 'description-0'),
        }],
        effectiveAt: dateField(form, 'effectiveAt'),
        ...(waiver ? { humanitarianWaiver: { justification: waiver } } : {}),
      };
    },
    fieldOf: (path) => {
      const [head, , member] = path.split('.');
      if (head !== 'measures') return head;
      return member === 'description' || member === 'capabilities' ? `${member}-0` : 'type-0';
    },
    errors: {
      criteriaMet: 'Choose the escalation criteria that have been met',
      justification: 'Enter why the measures are escalated',
      'type-0': 'Choose the measure to add',
      'description-0': 'Describe the measure to add',
      'capabilities-0': 'Enter the capabilities separated by commas',
      effectiveAt: EFFECTIVE_AT_OR_EMPTY,
      humanitarianWaiver: 'Enter why no humanitarian exemption is needed, or leave it empty',
    },
    done: 'The measures are escalated.',
    choices: (d) => ({
      criterionItems: numberedItems(d.escalationCriteria),
      measureTypes: MEASURE_TYPES,
      newMeasureIds: Object.fromEntries(MEASURE_TYPES.map((type) => [type, newMeasureId(type, d)])),
      safeguard: d.exemptions.some((e) => e.status === 'in_force')
        ? 'This designation has an exemption in force, so no waiver is needed.'
        : d.humanitarianWaiver
          ? 'This designation has a waiver already; a new one replaces it.'
          : 'This designation has neither: explain here why none is needed, or grant an exemption first.',
    }),
  },
  {
    slug: 'rollbacks',
    command: 'RollBackMeasures',
    dto: RollBackMeasuresDto,
    title: 'Roll back measures',
    template: 'rollbacks',
    body: fieldsAs({ conditionsMet: numbers, measureIds: fieldList, justification: text, effectiveAt: dateField }),
    errors: {
      conditionsMet: 'Choose the rollback conditions that have been met',
      measureIds: 'Choose the measures to remove',
      justification: 'Enter why the measures are rolled back',
      effectiveAt: EFFECTIVE_AT_OR_EMPTY,
    },
    done: 'The measures are rolled back.',
    choices: (d) => ({ conditionItems: numberedItems(d.rollbackConditions), measureItems: measureItems(d) }),
  },
  {
    slug: 'sunset-extensions',
    command: 'ExtendSunset',
    dto: ExtendSunsetDto,
    title: 'Extend the sunset',
    template: 'sunset-extensions',
    body: fieldsAs({ sunsetAt: dateField, justification: text }),
    errors: {
      sunsetAt: 'Enter the new sunset, as day, month and year',
      justification: 'Enter why the sunset is extended',
    },
    done: 'The sunset is extended.',
  },
  {
    slug: 'lift',
    command: 'LiftDesignation',
    dto: LiftDesignationDto,
    title: 'Lift the designation',
    template: 'lift',
    body: fieldsAs({ reason: text, justification: text, effectiveAt: dateField }),
    errors: {
      reason: 'Choose why the designation is lifted',
      justification: 'Enter the justification for lifting it',
      effectiveAt: EFFECTIVE_AT_OR_EMPTY,
    },
    done: 'The designation is lifted. Its measures and exemptions have ended.',
    choices: () => ({ reasons: HUMAN_LIFT_REASONS }),
  },
  {
    slug: 'court-orders',
    command: 'RecordCourtOrder',
    dto: RecordCourtOrderDto,
    title: 'Record a court order',
    template: 'court-orders',
    body: fieldsAs({ orderId: text, court: text, decision: text, reference: text, summary: text, effectiveAt: dateField }),
    errors: {
      orderId: 'Enter the reference of the order, in letters, digits and . _ : -',
      court: 'Enter the court that gave the order',
      decision: 'Choose what the court decided',
      reference: 'Enter the case reference',
      summary: 'Enter what the order says',
      effectiveAt: 'Enter the date the order takes effect, as day, month and year',
    },
    done: 'The court order is recorded.',
    choices: () => ({ decisions: COURT_DECISIONS }),
  },
  {
    slug: 'reviews',
    command: 'CompleteReview',
    dto: CompleteReviewDto,
    title: 'Complete a review',
    template: 'reviews',
    body: fieldsAs({ outcome: text, findings: text, representationsConsidered: fieldList, nextReviewDueAt: dateField }),
    refusalFields: REVIEW_REFUSAL_FIELDS,
    done: 'The review is recorded. The next review is scheduled and the representations ticked are marked as considered.',
    choices: reviewChoices,
  },
];

export const commandFormFor = (slug: string): CommandForm | undefined => COMMAND_FORMS.find((form) => form.slug === slug);
