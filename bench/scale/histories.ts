import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { commandMetadata } from '@app/command-handling';
import { DESIGNATION_STREAM_PREFIX } from '@app/domain';
import { toJsonObject, type EventToAppend, type JsonObject } from '@app/event-store';
import { runSequence, sequenceArb, type Transition } from '../../libs/domain/testing/command-sequences';
import { T0 } from '../../libs/domain/testing/fixtures';
import { mulberry32 } from '../support/random';

/** The longest history a designation of the scale log gets: the court bundle's designation. */
export const BUNDLE_EVENTS = 20;

/**
 * Weights on the lifecycle's middle (issues, escalations, exemptions, reviews, rollbacks), so that
 * the domain's generator reaches histories of 20 events often enough; lifts, expiries and
 * rejections keep their own weight and still end many histories early.
 */
const EMPHASIS = {
  ApproveDesignation: 4,
  EscalateMeasures: 3,
  GrantExemption: 3,
  RevokeExemption: 2,
  CompleteReview: 3,
  ExtendSunset: 2,
  RecordRepresentation: 3,
  IssueReviewReminder: 3,
  RollBackMeasures: 3,
  RecordTargetNotification: 2,
  AmendDesignation: 2,
};

/** Accepted commands' events of one generated sequence, with the command that decided each. */
type Template = { command: Transition['command']; event: { type: string; data: object } }[];

const NAMES = ('Amber Basalt Cobalt Delta Ember Falcon Granite Harbor Indigo Jasper Kestrel Lumen Meridian Nimbus Onyx Pylon ' +
  'Quartz Raven Sable Tundra Umbra Vector Willow Xenon Yarrow Zephyr').split(' ');
const KINDS = 'Group Collective Bureau Unit Syndicate Network Team Cell'.split(' ');
const COUNTRIES = ['XX', 'XA', 'XB', 'XC', 'XD', 'XE', 'XF', 'XG'];

/**
 * Templates from the domain's own generator (random command sequences through decide/evolve;
 * refused commands leave no event), bucketed by how many events they have, at most `perLength`
 * of each length up to BUNDLE_EVENTS. Generating 100,000 sequences would take minutes of CPU;
 * a pool of lawful histories, each used under many designation ids, keeps seeding cheap.
 */
export function templatePool(seed: number, perLength = 40): Template[][] {
  const byLength: Template[][] = Array.from({ length: BUNDLE_EVENTS + 1 }, () => []);
  for (let round = 0; byLength.slice(1).some((bucket) => bucket.length === 0) || round < 4; round++) {
    if (round > 200) throw new Error('the generator gave no history of every length up to BUNDLE_EVENTS');
    for (const steps of fc.sample(sequenceArb(60, EMPHASIS), { numRuns: 500, seed: seed * 1000 + round })) {
      const events: Template = [];
      for (const { command, outcome } of runSequence(steps)) {
        if ('events' in outcome) for (const event of outcome.events) events.push({ command, event });
      }
      // A prefix of a lawful history is a lawful history: one sequence fills every shorter bucket.
      for (let length = 1; length <= Math.min(events.length, BUNDLE_EVENTS); length++) {
        if (byLength[length].length < perLength) byLength[length].push(events.slice(0, length));
      }
    }
  }
  return byLength;
}

/** One designation of the scale log, its events ready to append. */
export interface Designation {
  stream: string;
  events: EventToAppend[];
}

const DAY_MS = 86_400_000;

/**
 * The designations of a log of `total` events, one at a time (never all in memory), `total / 10`
 * of them: their lengths come in pairs that add up to 20 (1–19 events each, 10 on average), the
 * first has BUNDLE_EVENTS (paid back by the last pair). Each is a template from the pool under a
 * fresh id, its target renamed so that name searches find a few, not all.
 *
 * The generator's histories start on a fixed day early in 2026, so by now most of their deadlines
 * would be overdue and a worker's first start would fire tens of thousands of system commands (a
 * backlog no live log has). So every designation but the first is moved, all its times alike, to
 * begin `shiftDays` from now: its deadlines lie ahead. The first, the court bundle's, keeps its
 * past dates, so that a point-in-time query on it finds what was recorded by now.
 */
export function* designations(total: number, pool: Template[][], seed: number, now = Date.now()): Generator<Designation> {
  const count = total / 10;
  if (!Number.isInteger(count) || count < 4 || count % 2 !== 0) throw new RangeError('BENCH_SCALE_EVENTS must be a multiple of 20, at least 40');
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  for (let i = 0; i < count; i += 2) {
    const r = 1 + Math.floor(random() * 19);
    const pair = i === 0 ? [BUNDLE_EVENTS, 30 - BUNDLE_EVENTS] : i === count - 2 ? [5, 5] : [r, 20 - r];
    for (const [j, length] of pair.entries()) {
      const shiftDays = i === 0 && j === 0 ? 0 : Math.ceil((now - Date.parse(T0)) / DAY_MS) + 1;
      yield instantiate(pick(pool[length]), `${pick(NAMES)} ${pick(NAMES)} ${pick(KINDS)} ${i}`, pick(COUNTRIES), shiftDays);
    }
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every date and date-time in `value` moved `days` later (whole days, so dates and times stay in step). */
function shifted<T>(value: T, days: number): T {
  if (days === 0) return value;
  if (typeof value === 'string') {
    if (DATE_TIME.test(value)) return new Date(Date.parse(value) + days * DAY_MS).toISOString() as T;
    if (DATE.test(value)) return new Date(Date.parse(value) + days * DAY_MS).toISOString().slice(0, 10) as T;
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => shifted(item, days)) as T;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shifted(v, days)])) as T;
  return value;
}

function instantiate(template: Template, name: string, country: string, shiftDays: number): Designation {
  const id = randomUUID();
  const metadataOf = new Map<Template[number]['command'], JsonObject>();
  const events = template.map(({ command, event }) => {
    // Events of one command share its metadata, as the command handler stamps them.
    let metadata = metadataOf.get(command);
    if (!metadata) {
      metadata = toJsonObject(commandMetadata({ commandId: randomUUID() }, command.metadata.actor, shifted(command.metadata.now, shiftDays)));
      metadataOf.set(command, metadata);
    }
    const data = { ...shifted(event.data as Record<string, unknown>, shiftDays), designationId: id };
    if (isTargeted(data)) data.target = { ...data.target, name, country };
    return { type: event.type, data: toJsonObject(data), metadata };
  });
  return { stream: `${DESIGNATION_STREAM_PREFIX}${id}`, events };
}

const isTargeted = (data: Record<string, unknown>): data is { target: Record<string, unknown> } =>
  typeof data.target === 'object' && data.target !== null && 'name' in data.target;
