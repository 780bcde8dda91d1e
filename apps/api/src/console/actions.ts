import type { Designation, HumanRole, Status } from '@app/domain';
import type { ConsoleUser } from './sessions';

export interface Action {
  slug: string;
  text: string;
  roles: HumanRole[];
  statuses: Status[];
  /** A button that looks less prominent (a decision that ends or reverses something). */
  warning?: boolean;
}

const IN_FORCE: Status[] = ['active', 'suspended'];

/**
 * What can be done to a designation from its page, by whom (the roles of the JSON API's routes)
 * and in which statuses (the domain's rules; the domain still decides, this only hides what it would refuse).
 */
export const ACTIONS: Action[] = [
  { slug: 'approve', text: 'Approve or reject', roles: ['senior_official'], statuses: ['proposed'] },
  { slug: 'notifications', text: 'Record a notification of the target', roles: ['official'], statuses: ['active'] },
  { slug: 'representations', text: 'Record a representation', roles: ['official'], statuses: IN_FORCE },
  { slug: 'exemptions', text: 'Grant an exemption', roles: ['official', 'senior_official'], statuses: ['active'] },
  { slug: 'reviews', text: 'Complete a review', roles: ['reviewer'], statuses: IN_FORCE },
  { slug: 'escalations', text: 'Escalate measures', roles: ['senior_official'], statuses: ['active'] },
  { slug: 'rollbacks', text: 'Roll back measures', roles: ['senior_official'], statuses: ['active'] },
  { slug: 'sunset-extensions', text: 'Extend the sunset', roles: ['senior_official'], statuses: ['active'] },
  { slug: 'lift', text: 'Lift the designation', roles: ['senior_official'], statuses: IN_FORCE, warning: true },
  { slug: 'court-orders', text: 'Record a court order', roles: ['court'], statuses: IN_FORCE },
  { slug: 'bundle', text: 'Audit trail (court bundle)', roles: ['court', 'senior_official'], statuses: [] },
  { slug: 'as-of', text: 'As in force on a date', roles: ['court', 'senior_official', 'official'], statuses: [] },
];

export function actionFor(slug: string): Action | undefined {
  return ACTIONS.find((action) => action.slug === slug);
}

/** May `user` take this action on `d` now? (No statuses listed: at any time.) */
export function allowed(action: Action, d: Pick<Designation, 'status'>, user: ConsoleUser): boolean {
  return action.roles.some((role) => user.roles.includes(role)) && (action.statuses.length === 0 || action.statuses.includes(d.status));
}

export function actionsFor(d: Designation, user: ConsoleUser): (Action & { href: string })[] {
  return ACTIONS.filter((action) => allowed(action, d, user)).map((action) => ({ ...action, href: `/console/designations/${d.designationId}/${action.slug}` }));
}
