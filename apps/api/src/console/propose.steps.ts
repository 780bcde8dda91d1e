import { CATEGORIES, CLASSIFICATIONS, CONFIDENCE_LEVELS, COORDINATIONS, EVIDENCE_KINDS, EXEMPTION_KINDS, JURISDICTIONS, MEASURE_TYPES, TARGET_KINDS } from '@app/domain';
import { field, fieldList } from './forms';
import type { FormBody } from './console-http';

/** A page's raw answers, as typed: kept in the session until the proposal is submitted. */
export type Answers = Record<string, string | string[]>;

/** All answers of a proposal, by step slug. */
export type Draft = Record<string, Answers>;

export interface Step {
  slug: string;
  title: string;
  /** The command body's members this page answers (error paths under them belong to this page). */
  members: string[];
  /** The form's fields, read from a post. */
  read(body: FormBody): Answers;
}

export const EVIDENCE_ROWS = 3;
export const BASIS_ROWS = 2;
export const EXEMPTION_ROWS = 2;

const rows = (n: number) => Array.from({ length: n }, (_, i) => i);
const text = (...names: string[]) => (body: FormBody): Answers => Object.fromEntries(names.map((name) => [name, field(body, name)]));

/** The question pages of a proposal, in order: one topic each (GOV.UK's "one thing per page", loosely). */
export const STEPS: Step[] = [
  { slug: 'target', title: 'Who is the target?', members: ['target'], read: text('kind', 'name', 'aliases', 'country', 'identifiers') },
  { slug: 'category', title: 'What kind of misconduct is it?', members: ['category'], read: text('category') },
  {
    slug: 'legal-basis',
    title: 'What is the legal basis?',
    members: ['legalBasis'],
    read: text(...rows(BASIS_ROWS).flatMap((i) => [`instrument-${i}`, `provision-${i}`, `jurisdiction-${i}`])),
  },
  { slug: 'reasons', title: 'Statement of reasons', members: ['statementOfReasons'], read: text('statementOfReasons') },
  {
    slug: 'evidence',
    title: 'Attribution and evidence',
    members: ['attribution'],
    read: text('confidence', ...rows(EVIDENCE_ROWS).flatMap((i) => [`ref-${i}`, `kind-${i}`, `classification-${i}`, `summary-${i}`, `corroboratedBy-${i}`])),
  },
  {
    slug: 'measures',
    title: 'Which measures?',
    members: ['measures'],
    read: (body) => ({ measures: fieldList(body, 'measures'), ...text(...MEASURE_TYPES.flatMap((t) => [`description-${t}`, `capabilities-${t}`]))(body) }),
  },
  { slug: 'conditions', title: 'Escalation criteria and rollback conditions', members: ['escalationCriteria', 'rollbackConditions'], read: text('escalationCriteria', 'rollbackConditions') },
  {
    slug: 'review',
    title: 'Review and sunset',
    members: ['reviewInterval', 'sunsetAt', 'reviewingMinistries'],
    read: text('reviewInterval', 'sunsetAt-day', 'sunsetAt-month', 'sunsetAt-year', 'reviewingMinistries'),
  },
  { slug: 'coalition', title: 'Coalition', members: ['coalition'], read: text('coordination', 'partners', 'crossListReferences') },
  {
    slug: 'exemptions',
    title: 'Humanitarian exemptions',
    members: ['exemptions', 'humanitarianWaiver'],
    read: (body) => ({
      ...text('waiver', ...rows(EXEMPTION_ROWS).flatMap((i) => [`exemptionKind-${i}`, `beneficiary-${i}`, `conditions-${i}`, `oversightBody-${i}`, `validUntil-${i}-day`, `validUntil-${i}-month`, `validUntil-${i}-year`]))(body),
      ...Object.fromEntries(rows(EXEMPTION_ROWS).map((i) => [`measureIds-${i}`, fieldList(body, `measureIds-${i}`)])),
    }),
  },
];

export const stepFor = (slug: string): Step | undefined => STEPS.find((step) => step.slug === slug);

const one = (answers: Answers | undefined, name: string): string => {
  const value = answers?.[name];
  return typeof value === 'string' ? value : '';
};
const many = (answers: Answers | undefined, name: string): string[] => {
  const value = answers?.[name];
  return Array.isArray(value) ? value : [];
};
const lines = (value: string): string[] => value.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
const commaList = (value: string): string[] => value.split(',').map((item) => item.trim()).filter((item) => item !== '');
const blank = (...values: string[]) => values.every((value) => value === '');

/** A day, month and year as typed, as the instant the command wants (midnight UTC); '' when not given, the raw text when not a date. */
export function dateFrom(day: string, month: string, year: string): string {
  if (blank(day, month, year)) return '';
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return `${year}-${month}-${day}`;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}T00:00:00Z`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(day) ? `${year}-${month}-${day}` : iso;
}

export const measureId = (type: string): string => `m-${type.replace(/_/g, '-')}`;

/**
 * Which form field an error at a command path belongs to, so the error summary links to it.
 * Rows that were left empty are not in the command, so a row's index in the command is mapped back to its row on the form.
 */
export interface BuiltProposal {
  body: Record<string, unknown>;
  fieldOf(path: string): { step: string; id: string } | undefined;
}

/** The ProposeDesignation body from the answers, shaped as POST /designations takes it (validation is the DTO's, afterwards). */
export function proposalFrom(draft: Draft): BuiltProposal {
  const t = draft.target;
  const identifiers = lines(one(t, 'identifiers')).map((line) => {
    const at = line.indexOf(':');
    return at === -1 ? { type: '', value: line } : { type: line.slice(0, at).trim(), value: line.slice(at + 1).trim() };
  });
  const basisRows = rows(BASIS_ROWS).filter((i) => !blank(one(draft['legal-basis'], `instrument-${i}`), one(draft['legal-basis'], `provision-${i}`), one(draft['legal-basis'], `jurisdiction-${i}`)));
  const e = draft.evidence;
  const evidenceRows = rows(EVIDENCE_ROWS).filter((i) => !blank(...['ref', 'kind', 'classification', 'summary', 'corroboratedBy'].map((n) => one(e, `${n}-${i}`))));
  const m = draft.measures;
  const chosen = MEASURE_TYPES.filter((type) => many(m, 'measures').includes(type));
  const x = draft.exemptions;
  const exemptionRows = rows(EXEMPTION_ROWS).filter(
    (i) => !blank(...['exemptionKind', 'beneficiary', 'conditions', 'oversightBody'].map((n) => one(x, `${n}-${i}`)), ...['day', 'month', 'year'].map((p) => one(x, `validUntil-${i}-${p}`))) || many(x, `measureIds-${i}`).length > 0,
  );
  const r = draft.review;
  const numbered = (value: string) => lines(value).map((line, i) => ({ number: i + 1, text: line }));
  const body: Record<string, unknown> = {
    target: {
      kind: one(t, 'kind') || undefined,
      name: one(t, 'name') || undefined,
      aliases: lines(one(t, 'aliases')),
      country: one(t, 'country') || undefined,
      identifiers,
    },
    category: one(draft.category, 'category') || undefined,
    legalBasis: basisRows.map((i) => ({
      instrument: one(draft['legal-basis'], `instrument-${i}`) || undefined,
      provision: one(draft['legal-basis'], `provision-${i}`) || undefined,
      jurisdiction: one(draft['legal-basis'], `jurisdiction-${i}`) || undefined,
    })),
    statementOfReasons: one(draft.reasons, 'statementOfReasons') || undefined,
    attribution: {
      confidence: one(e, 'confidence') || undefined,
      evidence: evidenceRows.map((i) => ({
        ref: one(e, `ref-${i}`) || undefined,
        kind: one(e, `kind-${i}`) || undefined,
        classification: one(e, `classification-${i}`) || undefined,
        summary: one(e, `summary-${i}`) || undefined,
        corroboratedBy: commaList(one(e, `corroboratedBy-${i}`)),
      })),
    },
    measures: chosen.map((type) => ({
      measureId: measureId(type),
      type,
      capabilities: commaList(one(m, `capabilities-${type}`)),
      description: one(m, `description-${type}`) || undefined,
    })),
    escalationCriteria: numbered(one(draft.conditions, 'escalationCriteria')),
    rollbackConditions: numbered(one(draft.conditions, 'rollbackConditions')),
    reviewInterval: one(r, 'reviewInterval') || undefined,
    sunsetAt: dateFrom(one(r, 'sunsetAt-day'), one(r, 'sunsetAt-month'), one(r, 'sunsetAt-year')) || undefined,
    reviewingMinistries: lines(one(r, 'reviewingMinistries')),
    coalition: {
      coordination: one(draft.coalition, 'coordination') || undefined,
      partners: lines(one(draft.coalition, 'partners')),
      crossListReferences: lines(one(draft.coalition, 'crossListReferences')),
    },
    exemptions: exemptionRows.map((i) => ({
      exemptionId: `ex-${i + 1}`,
      kind: one(x, `exemptionKind-${i}`) || undefined,
      measureIds: many(x, `measureIds-${i}`),
      beneficiary: one(x, `beneficiary-${i}`) || undefined,
      conditions: one(x, `conditions-${i}`) || undefined,
      oversightBody: one(x, `oversightBody-${i}`) || undefined,
      validUntil: dateFrom(one(x, `validUntil-${i}-day`), one(x, `validUntil-${i}-month`), one(x, `validUntil-${i}-year`)) || undefined,
    })),
    ...(one(x, 'waiver') ? { humanitarianWaiver: { justification: one(x, 'waiver') } } : {}),
  };
  const fieldOf = (path: string): { step: string; id: string } | undefined => {
    const [head, second, third] = path.split('.');
    const index = Number(second);
    switch (head) {
      case 'target':
        return { step: 'target', id: second === 'identifiers' ? 'identifiers' : second === 'aliases' ? 'aliases' : (second ?? 'name') };
      case 'category':
        return { step: 'category', id: 'category' };
      case 'legalBasis':
        return { step: 'legal-basis', id: Number.isInteger(index) ? `${third ?? 'instrument'}-${basisRows[index] ?? 0}` : 'instrument-0' };
      case 'statementOfReasons':
        return { step: 'reasons', id: 'statementOfReasons' };
      case 'attribution': {
        if (second !== 'evidence') return { step: 'evidence', id: 'confidence' };
        const row = evidenceRows[Number(third)] ?? 0;
        const member = path.split('.')[3];
        return { step: 'evidence', id: `${member ?? 'ref'}-${row}` };
      }
      case 'measures': {
        const type = chosen[index];
        const member = third === 'capabilities' ? 'capabilities' : 'description';
        return { step: 'measures', id: type ? `${member}-${type}` : 'measures' };
      }
      case 'escalationCriteria':
      case 'rollbackConditions':
        return { step: 'conditions', id: head };
      case 'reviewInterval':
      case 'reviewingMinistries':
        return { step: 'review', id: head };
      case 'sunsetAt':
        return { step: 'review', id: 'sunsetAt' };
      case 'coalition':
        return { step: 'coalition', id: second === 'partners' || second === 'crossListReferences' ? second : 'coordination' };
      case 'exemptions': {
        const row = exemptionRows[index] ?? 0;
        const member = ({ kind: 'exemptionKind', measureIds: 'measureIds', validUntil: 'validUntil' } as Record<string, string>)[third] ?? third ?? 'exemptionKind';
        return { step: 'exemptions', id: `${member}-${row}` };
      }
      case 'humanitarianWaiver':
        return { step: 'exemptions', id: 'waiver' };
      default:
        return undefined;
    }
  };
  return { body, fieldOf };
}

/** Which page a domain refusal of the whole proposal sends the official back to. */
export function stepForRule(code: string): string {
  if (/ATTRIBUTION|SOURCES|CORROBORATION/.test(code)) return 'evidence';
  if (/MEASURE|DUPLICATE_ID/.test(code)) return 'measures';
  if (/SUNSET|REVIEW_INTERVAL|REVIEWING_MINISTRY/.test(code)) return 'review';
  if (/HUMANITARIAN|EXEMPTION/.test(code)) return 'exemptions';
  if (/STATE_BODY/.test(code)) return 'target';
  if (/LEGAL_BASIS/.test(code)) return 'legal-basis';
  if (/JUSTIFICATION/.test(code)) return 'reasons';
  return 'target';
}

export const CHOICES = { TARGET_KINDS, CATEGORIES, JURISDICTIONS, CONFIDENCE_LEVELS, EVIDENCE_KINDS, CLASSIFICATIONS, MEASURE_TYPES, COORDINATIONS, EXEMPTION_KINDS };
