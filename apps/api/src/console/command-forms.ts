import type { Designation, DesignationCommand } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { NOTIFICATION_CHANNELS } from '@app/domain';
import { ApproveDesignationDto, ReasonDto, RecordTargetNotificationDto } from '../designations/dto/lifecycle-commands.dto';
import { CompleteReviewDto } from '../designations/dto/lifecycle-commands.dto';
import { reviewChoices, REVIEW_REFUSAL_FIELDS } from './review-form';
import type { FormBody } from './console-http';
import { field, fieldList } from './forms';
import { dateFrom } from './propose.steps';

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
  /** The confirmation shown on the designation's page. */
  done: string;
  /** Choices the page offers (criteria, conditions, measures...), computed from the designation (and its events, for what the state does not keep). */
  choices?(d: Designation, events: readonly RecordedEvent[]): Record<string, unknown>;
  /** The form field a refusal of the domain belongs to, by its code (default: the form as a whole). */
  refusalFields?: Partial<Record<string, string>>;
}

/** A date typed as day, month and year fields named `<name>-day`, `<name>-month`, `<name>-year`. */
export const dateField = (form: FormBody, name: string): string | undefined =>
  dateFrom(field(form, `${name}-day`), field(form, `${name}-month`), field(form, `${name}-year`)) || undefined;

const optional = (value: string): string | undefined => (value === '' ? undefined : value);

export const COMMAND_FORMS: CommandForm[] = [
  {
    slug: 'approve',
    command: 'ApproveDesignation',
    dto: ApproveDesignationDto,
    title: 'Approve or reject the proposal',
    template: 'approve',
    body: (form) => ({ effectiveAt: dateField(form, 'effectiveAt') }),
    done: 'The designation is approved and issued. Its deadlines are scheduled and it is published in the public register.',
  },
  {
    slug: 'reject',
    command: 'RejectProposal',
    dto: ReasonDto,
    title: 'Approve or reject the proposal',
    template: 'approve',
    body: (form) => ({ reason: optional(field(form, 'reason')) }),
    done: 'The proposal is rejected. It will not take effect.',
  },
  {
    slug: 'notifications',
    command: 'RecordTargetNotification',
    dto: RecordTargetNotificationDto,
    title: 'Record a notification of the target',
    template: 'notifications',
    body: (form) => ({ channel: optional(field(form, 'channel')), notifiedAt: dateField(form, 'notifiedAt'), responseDeadline: dateField(form, 'responseDeadline') }),
    done: 'The notification of the target is recorded.',
    choices: () => ({ channels: NOTIFICATION_CHANNELS }),
  },
  {
    slug: 'reviews',
    command: 'CompleteReview',
    dto: CompleteReviewDto,
    title: 'Complete a review',
    template: 'reviews',
    body: (form) => ({
      outcome: optional(field(form, 'outcome')),
      findings: optional(field(form, 'findings')),
      representationsConsidered: fieldList(form, 'representationsConsidered'),
      nextReviewDueAt: dateField(form, 'nextReviewDueAt'),
    }),
    refusalFields: REVIEW_REFUSAL_FIELDS,
    done: 'The review is recorded. The next review is scheduled and the representations ticked are marked as considered.',
    choices: reviewChoices,
  },
];

export const commandFormFor = (slug: string): CommandForm | undefined => COMMAND_FORMS.find((form) => form.slug === slug);
