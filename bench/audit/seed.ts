import { mulberry32 } from '../support/random';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toJsonObject, type EventStore, type EventToAppend, type JsonObject } from '@app/event-store';

export const DESIGNATION_PREFIX = 'designation-';
const POLICY_VERSION = '2025-01';
const START = Date.parse('2025-01-06T09:00:00.000Z');
const MINISTRIES = ['foreign-affairs', 'justice', 'interior', 'finance'];
const WORDS = (
  'the representation contests the attribution of intrusions to the listed group and submits that the ' +
  'infrastructure was leased through an intermediary without knowledge of its use counsel requests access ' +
  'to the evidence file a hearing before the review panel and suspension of the asset freeze pending review'
).split(' ');


/**
 * One designation's events, generated on demand: `DesignationProposed` (the README's example
 * proposal), `DesignationIssued`, then representations and review reminders in turn. Not a lawful
 * lifecycle (the decider would refuse most of it), but realistic in shape and size: 230–800 bytes of
 * data per event, metadata as the command handler stamps it.
 */
export class DesignationHistory {
  readonly stream: string;
  private next = 0;
  private readonly proposal: JsonObject;

  constructor(
    readonly id: string,
    private readonly random: () => number,
    private readonly clock: { at: number },
  ) {
    this.stream = `${DESIGNATION_PREFIX}${id}`;
    this.proposal = JSON.parse(readFileSync(join(__dirname, '../../examples/proposal.json'), 'utf8')) as JsonObject;
  }

  get appended(): number {
    return this.next;
  }

  take(count: number): EventToAppend[] {
    return Array.from({ length: count }, () => this.event(this.next++));
  }

  private event(revision: number): EventToAppend {
    this.clock.at += 60_000 + Math.floor(this.random() * 3_600_000);
    const now = new Date(this.clock.at).toISOString();
    const later = (days: number) => new Date(this.clock.at + days * 86_400_000).toISOString();
    const common = { designationId: this.id, policyVersion: POLICY_VERSION };
    let type: string;
    let data: Record<string, unknown>;
    let actor: { id: string; roles: string[] };
    if (revision === 0) {
      type = 'DesignationProposed';
      data = { ...this.proposal, ...common, proposedBy: 'official-7' };
      actor = { id: 'official-7', roles: ['official'] };
    } else if (revision === 1) {
      type = 'DesignationIssued';
      data = { ...common, approvedBy: 'senior-2', effectiveAt: now, listingDate: now.slice(0, 10), sunsetAt: later(730), nextReviewDueAt: later(182), notificationDueAt: later(30) };
      actor = { id: 'senior-2', roles: ['senior_official'] };
    } else if (revision % 2 === 0) {
      type = 'RepresentationReceived';
      data = { ...common, representationId: randomUUID(), receivedAt: now, submittedBy: `counsel-${1 + Math.floor(this.random() * 40)}`, summary: this.sentence(30 + Math.floor(this.random() * 50)) };
      actor = { id: 'registry-1', roles: ['official'] };
    } else {
      type = 'ReviewReminderIssued';
      const count = 1 + Math.floor(this.random() * MINISTRIES.length);
      data = { ...common, reviewDueAt: later(14), kind: 'upcoming', remindAt: now, recipients: MINISTRIES.slice(0, count).map((m) => `${m}@reviews.example`) };
      actor = { id: 'system', roles: ['system'] };
    }
    const commandId = randomUUID();
    return {
      type,
      data: toJsonObject(data),
      metadata: { commandId, correlationId: commandId, causationId: commandId, actor, recordedAt: now },
    };
  }

  private sentence(words: number): string {
    return Array.from({ length: words }, () => WORDS[Math.floor(this.random() * WORDS.length)]).join(' ');
  }
}

export interface SeedOptions {
  /** Events of the measured designation. */
  events: number;
  /** Its events per append. */
  batch: number;
  /** Events of other designations, as a percentage of `events`, interleaved with its appends. */
  noisePercent: number;
  /** How many other designations the noise is spread over. */
  noiseStreams: number;
  seed: number;
}

export interface Seeded {
  stream: string;
  /** Every event in the log (the tree size a checkpoint over all of them has). */
  total: number;
  noise: number;
  appends: number;
  /** A short designation among the noise, for a bundle of a few events in the same log. */
  small: { stream: string; events: number };
}

/**
 * Appends the measured designation `batch` events at a time; after each of its appends, that
 * append's share of the noise goes to the other designations round-robin, 1–3 events per append.
 * So the log interleaves the one long stream with many short ones, as live traffic would.
 */
export async function seedLog(store: EventStore, options: SeedOptions): Promise<Seeded> {
  const random = mulberry32(options.seed);
  const clock = { at: START };
  const main = new DesignationHistory(randomUUID(), random, clock);
  const others = Array.from({ length: options.noiseStreams }, () => new DesignationHistory(randomUUID(), random, clock));
  const noiseTotal = Math.round((options.events * options.noisePercent) / 100);
  let noise = 0;
  let appends = 0;
  let turn = 0;
  const append = async (history: DesignationHistory, count: number) => {
    const before = history.appended;
    await store.appendToStream(history.stream, history.take(count), { expectedRevision: before === 0 ? 'no_stream' : before - 1 });
    appends += 1;
  };
  while (main.appended < options.events) {
    await append(main, Math.min(options.batch, options.events - main.appended));
    // Noise owed so far, in proportion to the main stream's progress.
    const owed = Math.round((noiseTotal * main.appended) / options.events);
    while (noise < owed && others.length > 0) {
      const count = Math.min(1 + Math.floor(random() * 3), owed - noise);
      await append(others[turn++ % others.length], count);
      noise += count;
    }
  }
  const small = others.find((h) => h.appended > 0);
  return {
    stream: main.stream,
    total: options.events + noise,
    noise,
    appends,
    small: small ? { stream: small.stream, events: small.appended } : { stream: main.stream, events: main.appended },
  };
}
