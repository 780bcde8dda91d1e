/**
 * One tag per area of the API, declared once in the document with its description. Client
 * generators make one class (or module) per tag, so every operation carries exactly one of these.
 */
export const TAGS = {
  designations: {
    name: 'designations',
    description: 'The lifecycle commands of a designation (propose, approve, escalate, exempt, review, roll back, extend, lift, court orders, amendments) and reading one designation, or its events, from the log. Commands answer with a receipt `{ id, revision, position }`.',
  },
  registers: {
    name: 'registers',
    description: 'The consolidated list of designations and the exemption registry, read from the read models (eventually consistent: pass a receipt\'s `position` as `minPosition` to read your own writes).',
  },
  reviews: {
    name: 'reviews',
    description: 'Periodic review: what falls due, and each ministry\'s review reminders.',
  },
  deliveries: {
    name: 'deliveries',
    description: 'Operations: reminder webhook deliveries whose retries ran out, and replaying them.',
  },
  audit: {
    name: 'audit',
    description: 'For courts and those who answer for the record: self-verifying court bundles, the state in force at a point in time as known at a point in time, and the keys that sign the log\'s checkpoints.',
  },
  public: {
    name: 'public',
    description: 'The public register, without credentials: designations in force, redacted to what is public, its change feed, and a FollowTheMoney export for screening systems.',
  },
  lists: {
    name: 'lists',
    description: 'Official lists: releases of the UN, OFAC, UK and EU lists uploaded and kept byte for byte under their SHA-256, and where each list the service follows stands.',
  },
  imports: {
    name: 'imports',
    description: "Migrating the authority's own existing list, release by release: a batch previews every addition, removal and amendment, a second (senior) official approves it, and the worker applies it as lifecycle events, resumably and idempotently.",
  },
  partners: {
    name: 'partners',
    description: "Watching partners' lists: a partner's delisting or amendment of an entry our designations cite is recorded on them with a review reminder; a new partner listing in a watched program becomes an alignment candidate, to propose or dismiss.",
  },
  health: {
    name: 'health',
    description: 'Liveness and readiness probes, without credentials.',
  },
} as const;

export type Tag = (typeof TAGS)[keyof typeof TAGS]['name'];
