import {
  CLASSIFICATIONS,
  evolve,
  exists,
  initialState,
  STATUSES,
  type Designation,
  type DesignationEvent,
  type DesignationState,
} from '@app/domain';
import type { AuditBundle, BundledEvent } from './bundle';

/**
 * A court bundle as a document for judges: one self-contained HTML5 page (inline CSS and SVG, no
 * script, nothing fetched) with the designation's state, a timeline of its status, measures,
 * exemptions, reviews and court orders, every decision in the order recorded, and the root hash to
 * quote. The JSON bundle stays the authoritative record; this page is how it is read.
 *
 * Every piece of text taken from the bundle goes through `esc` (or is a number we computed); class
 * names built from bundle values come only from fixed vocabularies. The page also carries a
 * Content-Security-Policy that forbids every script and every fetch, should anything slip through.
 */
export function renderBundleHtml(bundle: AuditBundle): string {
  const { steps, state } = fold(bundle.events);
  const designation = exists(state) ? state : undefined;
  const marking = classificationMarking(bundle.events);
  const name = designation?.target?.name;
  const title = `Audit trail — ${name ?? bundle.stream}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<p class="marking">${marking}</p>
${renderHeader(bundle, designation)}
<main>
${renderRootHash(bundle)}
${renderTimelineSection(bundle, steps, state)}
${renderDecisions(bundle, steps)}
</main>
<footer>
<p>Rendered from a <code>${esc(bundle.format)}</code> bundle generated ${time(bundle.generatedAt)}. The JSON bundle is the
authoritative record and the one to verify; this page presents its contents. Times are UTC (ISO 8601).</p>
<p class="marking">${marking}</p>
</footer>
</body>
</html>
`;
}

// ---- Folding the events ------------------------------------------------------------------------

type Data = Record<string, unknown>;

interface Step {
  event: BundledEvent;
  data: Data;
  before: DesignationState;
  after: DesignationState;
  /** metadata.recordedAt, when it parses. */
  recordedAt?: number;
  /** data.effectiveAt, when present and it parses. */
  effectiveAt?: number;
  /** When the event takes effect on the timeline: effective time, else recorded time, never earlier than the step before. */
  at: number;
}

function fold(events: readonly BundledEvent[]): { steps: Step[]; state: DesignationState } {
  let state = initialState();
  let last = Number.NEGATIVE_INFINITY;
  const steps: Step[] = [];
  for (const event of events) {
    const data = asObject(event.data) ?? {};
    const before = state;
    try {
      state = evolve(state, event as unknown as DesignationEvent);
    } catch {
      // A malformed or unknown event changes nothing; it is still listed below.
    }
    const recordedAt = instant(asObject(event.metadata)?.recordedAt);
    const effectiveAt = instant(data.effectiveAt);
    const candidate = effectiveAt ?? recordedAt ?? last;
    const at = Number.isFinite(candidate) ? candidate : Number.NaN;
    steps.push({ event, data, before, after: state, recordedAt, effectiveAt, at });
    if (Number.isFinite(at)) last = Math.max(last, at);
  }
  return { steps, state };
}

const IN_FORCE_STATUSES: readonly string[] = ['active', 'suspended'];

/** Measures and exemptions in force: those of the designation while it is active or suspended. */
function inForce(state: DesignationState): { measures: Map<string, Data>; exemptions: Map<string, Data> } {
  const measures = new Map<string, Data>();
  const exemptions = new Map<string, Data>();
  if (exists(state) && IN_FORCE_STATUSES.includes(state.status)) {
    for (const m of asArray(state.measures)) {
      const measure = asObject(m);
      if (measure && typeof measure.measureId === 'string') measures.set(measure.measureId, measure);
    }
    for (const e of asArray(state.exemptions)) {
      const exemption = asObject(e);
      if (exemption && typeof exemption.exemptionId === 'string' && exemption.status === 'in_force') {
        exemptions.set(exemption.exemptionId, exemption);
      }
    }
  }
  return { measures, exemptions };
}

// ---- The timeline ------------------------------------------------------------------------------

interface Bar {
  from: number;
  to: number;
  /** Still in force at the end of the axis. */
  openEnd: boolean;
  endNote?: string;
  title: string;
}

interface Row {
  key: string;
  label: string;
  title: string;
  bars: Bar[];
}

type MarkerShape = 'review' | 'reminder' | 'due' | 'court';

interface Marker {
  at: number;
  shape: MarkerShape;
  /** A fixed word, never bundle text: used in a class name. */
  variant: string;
  letter?: string;
  title: string;
}

interface Segment {
  status: string;
  from: number;
  to: number;
}

interface TimelineModel {
  /** The first event's time and the later of the sunset and now, before padding. */
  first: number;
  last: number;
  start: number;
  end: number;
  now?: number;
  sunset?: number;
  statuses: Segment[];
  measures: Row[];
  exemptions: Row[];
  reviews: Marker[];
  courtOrders: Marker[];
}

const DAY = 86_400_000;

function timelineModel(bundle: AuditBundle, steps: readonly Step[], state: DesignationState): TimelineModel {
  const now = instant(bundle.generatedAt);
  const sunset = exists(state) ? instant(state.sunsetAt) : undefined;
  const times = steps.flatMap((s) => [s.recordedAt, s.effectiveAt]).filter((t): t is number => t !== undefined);
  const first = times.length > 0 ? Math.min(...times) : (now ?? 0);
  const last = Math.max(first, ...times, ...[sunset, now].filter((t): t is number => t !== undefined));
  // A little room either side, and at least a day in all.
  const pad = Math.max((last - first) * 0.01, (DAY - (last - first)) / 2);
  const start = first - pad;
  const end = last + pad;

  // Status: each change takes effect at its event's effective time.
  const changes: { status: string; at: number }[] = [];
  for (const step of steps) {
    const status = step.after.status;
    if (status !== step.before.status && status !== 'none' && Number.isFinite(step.at)) changes.push({ status, at: step.at });
  }
  const statuses = changes.map((c, i) => ({ status: c.status, from: c.at, to: changes[i + 1]?.at ?? Math.max(last, c.at) }));

  // Measures and exemptions: from when they come into force until they leave it.
  const measureRows = new Map<string, Row>();
  const exemptionRows = new Map<string, Row>();
  const open = new Map<string, { row: Row; from: number; item: Data; kind: 'measure' | 'exemption' }>();
  for (const step of steps) {
    if (!Number.isFinite(step.at)) continue;
    const was = inForce(step.before);
    const is = inForce(step.after);
    for (const [kind, rows, before, after] of [
      ['measure', measureRows, was.measures, is.measures],
      ['exemption', exemptionRows, was.exemptions, is.exemptions],
    ] as const) {
      for (const [id, item] of after) {
        if (before.has(id)) continue;
        const row = rows.get(id) ?? newRow(kind, id, item);
        rows.set(id, row);
        open.set(`${kind}:${id}`, { row, from: step.at, item, kind });
      }
      for (const id of before.keys()) {
        if (after.has(id)) continue;
        const opened = open.get(`${kind}:${id}`);
        if (!opened) continue;
        open.delete(`${kind}:${id}`);
        const validUntil = kind === 'exemption' ? instant(opened.item.validUntil) : undefined;
        const to = validUntil !== undefined ? Math.min(step.at, validUntil) : step.at;
        opened.row.bars.push(bar(opened, to, false, endNote(step.event.type)));
      }
    }
  }
  for (const opened of open.values()) {
    const validUntil = opened.kind === 'exemption' ? instant(opened.item.validUntil) : undefined;
    if (validUntil !== undefined && validUntil <= last) opened.row.bars.push(bar(opened, validUntil, false, 'valid until'));
    else opened.row.bars.push(bar(opened, last, true, 'in force'));
  }

  const reviews: Marker[] = [];
  const courtOrders: Marker[] = [];
  for (const step of steps) {
    const { data } = step;
    if (step.event.type === 'ReviewCompleted') {
      const at = instant(data.completedAt) ?? step.recordedAt;
      if (at !== undefined) {
        reviews.push({ at, shape: 'review', variant: 'completed', title: `Review completed ${iso(at)}: outcome ${words(text(data.outcome))}` });
      }
    } else if (step.event.type === 'ReviewReminderIssued') {
      const at = instant(data.remindAt) ?? step.recordedAt;
      if (at !== undefined) {
        reviews.push({
          at,
          shape: 'reminder',
          variant: 'reminder',
          title: `Review reminder (${words(text(data.kind))}) ${iso(at)} for the review due ${text(data.reviewDueAt)}`,
        });
      }
    } else if (step.event.type === 'CourtOrderRecorded') {
      const at = step.effectiveAt ?? step.recordedAt;
      const decision = oneOf(data.decision, ['suspend', 'annul', 'uphold']) ?? 'other';
      if (at !== undefined) {
        courtOrders.push({
          at,
          shape: 'court',
          variant: decision,
          letter: decision === 'other' ? '?' : decision[0].toUpperCase(),
          title: `Court order ${text(data.orderId)} (${text(data.court)}, ${text(data.reference)}): ${text(data.decision)}, effective ${iso(at)}`,
        });
      }
    }
  }
  if (exists(state) && IN_FORCE_STATUSES.includes(state.status)) {
    const due = instant(state.nextReviewDueAt);
    if (due !== undefined) reviews.push({ at: due, shape: 'due', variant: 'due', title: `Next review due ${iso(due)}` });
  }

  return {
    first,
    last,
    start,
    end,
    now,
    sunset,
    statuses,
    measures: [...measureRows.values()],
    exemptions: [...exemptionRows.values()],
    reviews,
    courtOrders,
  };
}

function newRow(kind: 'measure' | 'exemption', id: string, item: Data): Row {
  if (kind === 'measure') {
    return { key: id, label: `${words(text(item.type))} · ${id}`, title: `Measure ${id}: ${words(text(item.type))} — ${text(item.description)}`, bars: [] };
  }
  return {
    key: id,
    label: `${words(text(item.kind))} · ${id}`,
    title: `Exemption ${id}: ${words(text(item.kind))} for ${text(item.beneficiary)}; covers ${asArray(item.measureIds).map(text).join(', ')}; valid until ${text(item.validUntil)}`,
    bars: [],
  };
}

function bar(opened: { row: Row; from: number }, to: number, openEnd: boolean, note: string): Bar {
  const until = openEnd ? 'still in force' : `until ${iso(to)} (${note})`;
  return { from: opened.from, to: Math.max(to, opened.from), openEnd, endNote: note, title: `${opened.row.title} — in force from ${iso(opened.from)}, ${until}` };
}

function endNote(type: string): string {
  switch (type) {
    case 'MeasuresRolledBack':
      return 'rolled back';
    case 'ExemptionRevoked':
      return 'revoked';
    case 'ExemptionExpired':
      return 'expired';
    case 'DesignationLifted':
      return 'designation lifted';
    case 'DesignationExpired':
      return 'designation expired';
    default:
      return eventName(type).toLowerCase();
  }
}

// SVG geometry, in viewBox units (CSS pixels at full width).
const SVG_W = 960;
const PLOT_L = 210;
const PLOT_R = 920;
const AXIS_H = 40;
const LANE_ROW = 24;
const SUB_ROW = 18;

function renderTimelineSection(bundle: AuditBundle, steps: readonly Step[], state: DesignationState): string {
  const model = timelineModel(bundle, steps, state);
  return `<section class="timeline" aria-labelledby="timeline-heading">
<h2 id="timeline-heading">Timeline</h2>
<p class="lead">From the first event (${time(iso(model.first))}) to ${
    model.sunset !== undefined && model.sunset === model.last ? 'the sunset' : 'the time this bundle was generated'
  } (${time(iso(model.last))}). Hover over a band or marker for its dates; every decision is listed in full below.</p>
<figure>
${renderTimeline(model, bundle)}
<figcaption>${renderLegend(model)}</figcaption>
</figure>
</section>`;
}

function renderTimeline(model: TimelineModel, bundle: AuditBundle): string {
  const span = model.end - model.start;
  const x = (t: number) => PLOT_L + ((t - model.start) / span) * (PLOT_R - PLOT_L);
  const inRange = (t: number) => t >= model.start && t <= model.end;
  const lanes: string[] = [];
  let y = AXIS_H;

  // Status.
  {
    const bandY = y + 3;
    const bands = model.statuses
      .filter((s) => s.to > s.from)
      .map((s) => {
        const x0 = x(s.from);
        const w = Math.max(x(s.to) - x0, 1);
        const cls = oneOf(s.status, STATUSES) ?? 'other';
        const label = words(s.status);
        const fits = w > label.length * 6.4 + 8;
        return `<rect class="band status-${cls}" data-status="${cls}" x="${n(x0)}" y="${bandY}" width="${n(w)}" height="18"><title>${esc(
          `${label}: from ${iso(s.from)}${s.to >= model.last ? '' : ` until ${iso(s.to)}`}`,
        )}</title></rect>${fits ? `<text class="band-label status-text-${cls}" x="${n(x0 + 4)}" y="${bandY + 13}">${esc(label)}</text>` : ''}`;
      })
      .join('');
    lanes.push(
      `<g class="lane" data-lane="status"><text class="lane-label" x="8" y="${y + 16}">Status</text>${bands || noneText(y + 16, 'No status recorded')}</g>`,
    );
    y += LANE_ROW + 4;
  }

  // Measures and exemptions: a heading line, then one row each.
  for (const [lane, label, rows, none] of [
    ['measures', 'Measures', model.measures, 'No measure came into force'],
    ['exemptions', 'Exemptions', model.exemptions, 'No exemption came into force'],
  ] as const) {
    const parts = [`<line class="lane-rule" x1="0" x2="${SVG_W}" y1="${y}" y2="${y}"/>`, `<text class="lane-label" x="8" y="${y + 15}">${label}</text>`];
    if (rows.length === 0) parts.push(noneText(y + 15, none));
    y += 20;
    for (const row of rows) {
      parts.push(`<g class="row" data-row="${esc(row.key)}"><title>${esc(row.title)}</title>`);
      parts.push(`<text class="row-label" x="20" y="${y + 12}">${esc(truncate(row.label, 30))}</text>`);
      for (const b of row.bars) {
        const x0 = x(b.from);
        const x1 = x(b.to);
        const w = Math.max(x1 - x0, 2);
        parts.push(`<rect class="bar ${lane === 'measures' ? 'measure' : 'exemption'}" x="${n(x0)}" y="${y + 4}" width="${n(w)}" height="10"><title>${esc(b.title)}</title></rect>`);
        if (b.openEnd) {
          parts.push(`<path class="open-end ${lane === 'measures' ? 'measure' : 'exemption'}" d="M${n(x0 + w)} ${y + 1}l7 8l-7 8z"/>`);
        } else if (b.endNote && x0 + w + 6 + b.endNote.length * 5.6 < PLOT_R + 30) {
          parts.push(`<text class="end-note" x="${n(x0 + w + 4)}" y="${y + 13}">${esc(b.endNote)}</text>`);
        }
      }
      parts.push('</g>');
      y += SUB_ROW;
    }
    lanes.push(`<g class="lane" data-lane="${lane}">${parts.join('')}</g>`);
    y += 4;
  }

  // Reviews and court orders: markers on one row each.
  for (const [lane, label, markers, none] of [
    ['reviews', 'Reviews', model.reviews, 'No review or reminder'],
    ['court-orders', 'Court orders', model.courtOrders, 'No court order'],
  ] as const) {
    // Reminders ride above the reviews they announce, so that neither hides the other.
    const mid = y + 6 + LANE_ROW / 2;
    const drawn = markers.filter((m) => inRange(m.at)).map((m) => marker(m, x(m.at), m.shape === 'reminder' ? mid - 10 : mid + 2));
    lanes.push(
      `<g class="lane" data-lane="${lane}"><line class="lane-rule" x1="0" x2="${SVG_W}" y1="${y}" y2="${y}"/><text class="lane-label" x="8" y="${mid + 4}">${label}</text>${
        drawn.join('') || noneText(mid + 4, none)
      }</g>`,
    );
    y += LANE_ROW + 14;
  }
  const bottom = y;

  // Periods of suspension, across every lane.
  const suspensions = model.statuses
    .filter((s) => s.status === 'suspended' && s.to > s.from)
    .map((s) => `<rect class="suspension" x="${n(x(s.from))}" y="${AXIS_H}" width="${n(Math.max(x(s.to) - x(s.from), 1))}" height="${bottom - AXIS_H}"><title>${esc(`Suspended from ${iso(s.from)}${s.to >= model.last ? '' : ` until ${iso(s.to)}`}`)}</title></rect>`)
    .join('');

  // Axis ticks and grid.
  const ticks = axisTicks(model.start, model.end)
    .map((t) => `<line class="grid" x1="${n(x(t.at))}" x2="${n(x(t.at))}" y1="${AXIS_H - 6}" y2="${bottom}"/><text class="tick" x="${n(x(t.at))}" y="${AXIS_H - 12}">${esc(t.label)}</text>`)
    .join('');

  // "Now" (the bundle's generation) and the sunset.
  const moments: string[] = [];
  const placed: { from: number; to: number; level: number }[] = [];
  for (const [key, label, at] of [
    ['sunset', 'sunset', model.sunset],
    ['now', 'now (generated)', model.now],
  ] as const) {
    if (at === undefined || !inRange(at)) continue;
    const mx = x(at);
    const caption = `${label} ${iso(at).slice(0, 10)}`;
    const width = caption.length * 6 + 6;
    const anchor = mx > PLOT_R - width / 2 ? 'end' : mx < PLOT_L + width / 2 ? 'start' : 'middle';
    const from = anchor === 'end' ? mx - width : anchor === 'start' ? mx : mx - width / 2;
    let level = 0;
    while (placed.some((p) => p.level === level && p.from < from + width && from < p.to)) level += 1;
    placed.push({ from, to: from + width, level });
    moments.push(
      `<g class="moment ${key}"><line x1="${n(mx)}" x2="${n(mx)}" y1="${AXIS_H - 4}" y2="${bottom + 4 + 13 * level}"/><text class="moment-label anchor-${anchor}" x="${n(mx)}" y="${bottom + 16 + 13 * level}">${esc(caption)}</text><title>${esc(`${label}: ${iso(at)}`)}</title></g>`,
    );
  }
  const height = bottom + 36;
  const summary = timelineSummary(model);
  return `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SVG_W} ${height}" width="${SVG_W}" height="${height}" role="img" aria-labelledby="timeline-title timeline-desc" aria-label="${esc(
    `Timeline of ${bundle.stream}: status, measures, exemptions, reviews and court orders`,
  )}">
<title id="timeline-title">${esc(`Timeline of ${bundle.stream}: status, measures, exemptions, reviews and court orders`)}</title>
<desc id="timeline-desc">${esc(summary)}</desc>
<defs><pattern id="timeline-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff3e0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ef6c00" stroke-width="2"/></pattern></defs>
<rect class="plot" x="${PLOT_L}" y="${AXIS_H}" width="${PLOT_R - PLOT_L}" height="${bottom - AXIS_H}"/>
${suspensions}
${ticks}
<line class="axis" x1="${PLOT_L}" x2="${PLOT_R}" y1="${AXIS_H}" y2="${AXIS_H}"/>
${lanes.join('\n')}
${moments.join('')}
</svg>`;
}

function marker(m: Marker, x: number, y: number): string {
  const title = `<title>${esc(m.title)}</title>`;
  switch (m.shape) {
    case 'review':
      return `<path class="marker review" d="M${n(x)} ${y - 7}l7 7l-7 7l-7-7z">${title}</path>`;
    case 'due':
      return `<path class="marker due" d="M${n(x)} ${y - 7}l7 7l-7 7l-7-7z">${title}</path>`;
    case 'reminder':
      return `<circle class="marker reminder" cx="${n(x)}" cy="${y}" r="3.5">${title}</circle>`;
    case 'court':
      return `<g class="marker court court-${m.variant}"><rect x="${n(x - 7)}" y="${y - 7}" width="14" height="14" rx="2"/><text x="${n(x)}" y="${y + 4}">${esc(m.letter ?? '')}</text>${title}</g>`;
  }
}

function noneText(y: number, message: string): string {
  return `<text class="none" x="${PLOT_L + 6}" y="${y}">${esc(message)}</text>`;
}

function timelineSummary(model: TimelineModel): string {
  const status = model.statuses.map((s) => `${words(s.status)} from ${iso(s.from)}`).join('; ');
  return [
    `Status: ${status || 'none'}.`,
    `Measures in force at some time: ${model.measures.length}.`,
    `Exemptions in force at some time: ${model.exemptions.length}.`,
    `Reviews completed: ${model.reviews.filter((m) => m.shape === 'review').length}; reminders: ${model.reviews.filter((m) => m.shape === 'reminder').length}.`,
    `Court orders: ${model.courtOrders.length}.`,
  ].join(' ');
}

function renderLegend(model: TimelineModel): string {
  const swatch = (inner: string) => `<svg class="swatch" viewBox="0 0 16 12" width="16" height="12" aria-hidden="true">${inner}</svg>`;
  const seen = [...new Set(model.statuses.map((s) => oneOf(s.status, STATUSES) ?? 'other'))];
  const items = [
    ...seen.map((s) => `<li>${swatch(`<rect class="band status-${s}" width="16" height="12"/>`)}${esc(words(s))}</li>`),
    `<li>${swatch('<rect class="suspension" width="16" height="12"/>')}suspended period</li>`,
    `<li>${swatch('<rect class="bar measure" y="2" width="16" height="8"/>')}measure in force</li>`,
    `<li>${swatch('<rect class="bar exemption" y="2" width="16" height="8"/>')}exemption in force (▸ still in force)</li>`,
    `<li>${swatch('<path class="marker review" d="M8 0l6 6l-6 6l-6-6z"/>')}review completed</li>`,
    `<li>${swatch('<circle class="marker reminder" cx="8" cy="6" r="3.5"/>')}review reminder</li>`,
    `<li>${swatch('<path class="marker due" d="M8 0l6 6l-6 6l-6-6z"/>')}next review due</li>`,
    `<li>court order: S suspend, A annul, U uphold</li>`,
  ];
  return `<ul class="legend">${items.join('')}</ul>`;
}

function axisTicks(start: number, end: number): { at: number; label: string }[] {
  const span = end - start;
  const maxTicks = 9;
  const hour = 3_600_000;
  for (const step of [hour, 3 * hour, 6 * hour, 12 * hour, DAY, 2 * DAY, 7 * DAY, 14 * DAY]) {
    if (span / step <= maxTicks) {
      const ticks = [];
      for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
        ticks.push({ at: t, label: step < DAY ? `${iso(t).slice(0, 13)}:00Z` : iso(t).slice(0, 10) });
      }
      return ticks;
    }
  }
  const months = [1, 2, 3, 6, 12, 24, 60, 120, 240].find((m) => span / (m * 30.44 * DAY) <= maxTicks) ?? 600;
  const ticks = [];
  const first = new Date(start);
  let index = first.getUTCFullYear() * 12 + first.getUTCMonth() + 1;
  index = Math.ceil(index / months) * months;
  for (;;) {
    const t = Date.UTC(Math.floor(index / 12), index % 12, 1);
    if (t > end) break;
    ticks.push({ at: t, label: iso(t).slice(0, months >= 12 ? 4 : 7) });
    index += months;
  }
  return ticks;
}

// ---- The header and the root hash --------------------------------------------------------------

function renderHeader(bundle: AuditBundle, d: Designation | undefined): string {
  const rows: [string, string][] = [];
  if (d) {
    const target = asObject(d.target) ?? {};
    rows.push(['Designation', `<code>${esc(d.designationId)}</code>`]);
    rows.push(['Target', renderTarget(target)]);
    rows.push(['Category', esc(words(text(d.category)))]);
    rows.push(['Status now', statusBadge(d.status)]);
    if (d.effectiveAt) rows.push(['In force since', `${time(d.effectiveAt)}${d.listingDate ? ` (listed ${esc(d.listingDate)})` : ''}`]);
    if (d.sunsetAt) rows.push(['Sunset', time(d.sunsetAt)]);
    if (d.nextReviewDueAt && IN_FORCE_STATUSES.includes(d.status)) rows.push(['Next review due', time(d.nextReviewDueAt)]);
    rows.push(['Legal basis', renderLegalBasis(d.legalBasis)]);
  }
  rows.push(['Stream', `<code>${esc(bundle.stream)}</code>`]);
  rows.push(['Generated', time(bundle.generatedAt)]);
  const name = d?.target?.name;
  return `<header>
<p class="kind">Court bundle · audit trail of a sanctions designation</p>
<h1>${name !== undefined ? esc(name) : `Stream ${esc(bundle.stream)}`}</h1>
${d ? '' : '<p class="warning">This bundle holds no proposal, so the designation cannot be described; its events are listed below.</p>'}
<dl class="facts">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
</header>`;
}

function renderRootHash(bundle: AuditBundle): string {
  const c = bundle.checkpoint;
  const covered = bundle.events.filter((e) => e.leafIndex !== null).length;
  const uncovered = bundle.events.length - covered;
  const consistency = bundle.consistency
    ? `<p>The bundle also carries a consistency proof from a checkpoint of tree size ${esc(bundle.consistency.fromTreeSize)}: a checkpoint the court already holds can be checked against this one with <code>--checkpoint held.json</code>.</p>`
    : '';
  return `<section class="quote" aria-labelledby="root-hash-heading">
<h2 id="root-hash-heading">Root hash to quote</h2>
<div id="root-hash">
<p class="root-hash-value"><code>${esc(c.rootHash)}</code></p>
<dl class="facts">
<dt>Tree size</dt><dd>${esc(c.treeSize)} events of the whole log</dd>
<dt>Issued</dt><dd>${time(c.issuedAt)}</dd>
<dt>Origin</dt><dd><code>${esc(c.origin)}</code></dd>
<dt>Key id</dt><dd><code>${esc(c.kid)}</code></dd>
</dl>
</div>
<p>This is the signed checkpoint of the service's whole event log. ${covered} of the ${bundle.events.length} events below
${covered === 1 ? 'is' : 'are'} proven to be included under this root hash${
    uncovered > 0
      ? `; <strong>${uncovered} ${uncovered === 1 ? 'was' : 'were'} recorded after the checkpoint and ${uncovered === 1 ? 'is' : 'are'} not yet covered</strong> (marked below; fetch the bundle again later to have ${uncovered === 1 ? 'it' : 'them'} covered)`
      : ''
  }.</p>
${consistency}
<h3>How to verify</h3>
<p>Save the bundle as JSON (<code>bundle.json</code>) and the service's public keys, obtained from a source the court trusts,
as <code>jwks.json</code>. Then run, offline:</p>
<pre class="command">npx sanctions-verify bundle.json --jwks jwks.json</pre>
<p>It checks the checkpoint's and the bundle statement's signatures, the hash chain linking every event, and each event's
inclusion proof, and exits 0 with a summary naming the root hash — which must be the one above — or 1 naming the first
failure.</p>
</section>`;
}

// ---- The decisions -----------------------------------------------------------------------------

const EVENT_NAMES: Record<string, string> = {
  DesignationProposed: 'Designation proposed',
  DesignationIssued: 'Designation approved and issued',
  DesignationProposalRejected: 'Proposal rejected',
  DesignationProposalWithdrawn: 'Proposal withdrawn',
  MeasuresEscalated: 'Measures escalated',
  ExemptionGranted: 'Exemption granted',
  ExemptionRevoked: 'Exemption revoked',
  ExemptionExpired: 'Exemption expired',
  TargetNotified: 'Target notified',
  TargetNotificationOverdue: 'Notification of the target overdue',
  RepresentationReceived: 'Representation received',
  ReviewReminderIssued: 'Review reminder issued',
  ReviewCompleted: 'Review completed',
  MeasuresRolledBack: 'Measures rolled back',
  SunsetExtended: 'Sunset extended',
  DesignationLifted: 'Designation lifted',
  DesignationExpired: 'Designation expired at its sunset',
  CourtOrderRecorded: 'Court order recorded',
  DesignationSuspended: 'Designation suspended by court order',
  DesignationReinstated: 'Designation reinstated by court order',
  DesignationAmended: 'Designation amended',
};

function eventName(type: string): string {
  if (Object.hasOwn(EVENT_NAMES, type)) return EVENT_NAMES[type];
  const spaced = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Fields shown in the "legal basis and reasons" column rather than among the details. */
const BASIS_FIELDS = ['legalBasis', 'statementOfReasons', 'reason', 'justification', 'findings', 'humanitarianWaiver'];
const HIDDEN_FIELDS = ['designationId', 'policyVersion'];

interface Context {
  measureNames: Map<string, string>;
  criteria: Map<number, string>;
  rollback: Map<number, string>;
}

function renderDecisions(bundle: AuditBundle, steps: readonly Step[]): string {
  const measureNames = new Map<string, string>();
  for (const step of steps) {
    if (!exists(step.after)) continue;
    for (const m of [...asArray(step.after.measures), ...asArray(step.data.measures)]) {
      const measure = asObject(m);
      if (measure && typeof measure.measureId === 'string') measureNames.set(measure.measureId, words(text(measure.type)));
    }
  }
  const bodies = steps.map((step, i) => {
    const state = exists(step.after) ? step.after : exists(step.before) ? step.before : undefined;
    const context: Context = {
      measureNames,
      criteria: conditions(state?.escalationCriteria),
      rollback: conditions(state?.rollbackConditions),
    };
    return renderDecision(bundle, step, i, context);
  });
  return `<section class="decisions" aria-labelledby="decisions-heading">
<h2 id="decisions-heading">Decisions, in the order recorded</h2>
<p class="lead">${steps.length} event${steps.length === 1 ? '' : 's'} of stream <code>${esc(bundle.stream)}</code>. “Recorded” is when the service
recorded the decision (hash-chained); “effective” is when it takes legal effect, where that differs.</p>
<table id="decisions">
<thead><tr><th scope="col">#</th><th scope="col">Recorded (UTC)</th><th scope="col">Effective (UTC)</th><th scope="col">Decision</th><th scope="col">By</th><th scope="col">Legal basis and reasons</th><th scope="col">Checkpoint</th></tr></thead>
${bodies.join('\n')}
</table>
</section>`;
}

function renderDecision(bundle: AuditBundle, step: Step, index: number, context: Context): string {
  const { event, data } = step;
  const metadata = asObject(event.metadata) ?? {};
  const actor = asObject(metadata.actor);
  const roles = asArray(actor?.roles).map((r) => words(text(r)));
  const covered = event.leafIndex !== null && event.leafIndex !== undefined;
  const revision = typeof event.revision === 'number' ? event.revision : index;
  const details = Object.entries(data)
    .filter(([key]) => !HIDDEN_FIELDS.includes(key) && !BASIS_FIELDS.includes(key) && key !== 'effectiveAt')
    .map(([key, value]) => `<dt>${esc(label(key))}</dt><dd>${renderValue(key, value, context)}</dd>`)
    .join('');
  const chain = [
    `event hash <code>${esc(text(metadata.hash))}</code>`,
    data.policyVersion !== undefined ? `policy version ${esc(text(data.policyVersion))}` : '',
    `position ${esc(text(event.position))}`,
  ]
    .filter(Boolean)
    .join(' · ');
  return `<tbody class="decision${covered ? '' : ' uncovered'}" id="event-${esc(revision)}">
<tr class="summary">
<td class="num">${esc(revision)}</td>
<td>${time(metadata.recordedAt)}</td>
<td>${step.effectiveAt !== undefined ? time(data.effectiveAt) : '<span class="none">—</span>'}</td>
<th scope="row" class="what">${esc(eventName(event.type))}</th>
<td class="actor">${actor ? `<span class="actor-id">${esc(text(actor.id))}</span>${roles.length ? `<span class="roles">${esc(roles.join(', '))}</span>` : ''}` : '<span class="none">—</span>'}</td>
<td class="basis">${renderBasis(data, context) || '<span class="none">—</span>'}</td>
<td class="proof">${
    covered
      ? `leaf ${esc(event.leafIndex)} of ${esc(bundle.checkpoint.treeSize)}`
      : '<strong class="uncovered-flag">Not yet covered by a checkpoint</strong>'
  }</td>
</tr>
<tr class="details"><td></td><td colspan="6">${details ? `<dl class="fields">${details}</dl>` : ''}<p class="chain">${chain}</p></td></tr>
</tbody>`;
}

function renderBasis(data: Data, context: Context): string {
  const parts: string[] = [];
  if (data.legalBasis !== undefined) parts.push(renderLegalBasis(data.legalBasis));
  for (const key of BASIS_FIELDS.slice(1)) {
    const value = data[key];
    if (value === undefined || value === null || value === '') continue;
    const shown = key === 'humanitarianWaiver' ? renderValue('justification', asObject(value)?.justification ?? value, context) : renderValue(key, value, context);
    parts.push(`<p><span class="k">${esc(label(key))}:</span> ${shown}</p>`);
  }
  return parts.join('');
}

const LABELS: Record<string, string> = {
  statementOfReasons: 'Statement of reasons',
  humanitarianWaiver: 'Humanitarian waiver',
  criteriaMet: 'Escalation criteria met',
  conditionsMet: 'Rollback conditions met',
  measureIds: 'Measures',
  sunsetAt: 'Sunset',
  previousSunsetAt: 'Previous sunset',
  nextReviewDueAt: 'Next review due',
  notificationDueAt: 'Notification due',
  reviewDueAt: 'Review due',
  validUntil: 'Valid until',
  exemptionId: 'Exemption',
  orderId: 'Court order',
  courtOrderId: 'Court order',
  representationId: 'Representation',
  representationsConsidered: 'Representations considered',
  escalationCriteria: 'Escalation criteria',
  rollbackConditions: 'Rollback conditions',
  reviewingMinistries: 'Reviewing ministries',
  oversightBody: 'Oversight body',
};

function label(key: string): string {
  if (Object.hasOwn(LABELS, key)) return LABELS[key];
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function renderValue(key: string, value: unknown, context: Context): string {
  if (value === undefined || value === null || value === '') return '<span class="none">—</span>';
  switch (key) {
    case 'target':
      if (asObject(value)) return renderTarget(asObject(value)!);
      break;
    case 'attribution':
      if (asObject(value)) return renderAttribution(asObject(value)!, context);
      break;
    case 'evidence':
      if (Array.isArray(value)) return renderEvidence(value);
      break;
    case 'legalBasis':
      if (Array.isArray(value)) return renderLegalBasis(value);
      break;
    case 'measures':
      if (Array.isArray(value)) return renderMeasures(value);
      break;
    case 'exemptions':
      if (Array.isArray(value)) return value.length ? `<ul class="items">${value.map((e) => `<li>${renderExemption(e, context)}</li>`).join('')}</ul>` : 'none';
      break;
    case 'escalationCriteria':
    case 'rollbackConditions':
      if (Array.isArray(value)) return renderConditions(value);
      break;
    case 'criteriaMet':
    case 'conditionsMet':
      if (Array.isArray(value)) return conditionRefs(value, key === 'criteriaMet' ? context.criteria : context.rollback);
      break;
    case 'measureIds':
      if (Array.isArray(value)) return value.map((id) => measureRef(id, context)).join(', ') || 'none';
      break;
    case 'identifiers':
      if (Array.isArray(value)) return value.map((i) => `${esc(text(asObject(i)?.type))}: <code>${esc(text(asObject(i)?.value))}</code>`).join(', ') || 'none';
      break;
  }
  if (typeof value === 'string') {
    if (instant(value) !== undefined) return time(value);
    return `<span class="text">${esc(/^[a-z]+(_[a-z]+)+$/.test(value) ? words(value) : value)}</span>`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return esc(String(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (value.every((item) => typeof item !== 'object' || item === null)) return value.map((item) => renderValue('', item, context)).join(', ');
    return `<ul class="items">${value.map((item) => `<li>${renderValue('', item, context)}</li>`).join('')}</ul>`;
  }
  const object = asObject(value);
  if (object) {
    return `<dl class="nested">${Object.entries(object)
      .map(([k, v]) => `<dt>${esc(label(k))}</dt><dd>${renderValue(k, v, context)}</dd>`)
      .join('')}</dl>`;
  }
  return esc(String(value));
}

function renderTarget(target: Data): string {
  const parts = [`<strong class="target-name">${esc(text(target.name))}</strong>`];
  const facts = [target.kind !== undefined ? words(text(target.kind)) : '', target.country !== undefined ? `country ${text(target.country)}` : '']
    .filter(Boolean)
    .join(', ');
  if (facts) parts.push(` (${esc(facts)})`);
  const aliases = asArray(target.aliases).map(text);
  if (aliases.length) parts.push(`<br>Also known as: ${esc(aliases.join('; '))}`);
  const identifiers = asArray(target.identifiers);
  if (identifiers.length) parts.push(`<br>Identifiers: ${identifiers.map((i) => `${esc(text(asObject(i)?.type))} <code>${esc(text(asObject(i)?.value))}</code>`).join(', ')}`);
  return parts.join('');
}

function renderLegalBasis(value: unknown): string {
  const items = asArray(value).map((b) => {
    const basis = asObject(b) ?? {};
    const jurisdiction = basis.jurisdiction !== undefined ? ` <span class="muted">(${esc(words(text(basis.jurisdiction)))})</span>` : '';
    return `<li><cite>${esc(text(basis.instrument))}</cite>, ${esc(text(basis.provision))}${jurisdiction}</li>`;
  });
  return items.length ? `<ul class="legal-basis">${items.join('')}</ul>` : '<span class="none">none stated</span>';
}

function renderAttribution(attribution: Data, context: Context): string {
  const rest = Object.entries(attribution).filter(([k]) => k !== 'confidence' && k !== 'evidence');
  return `<p>Confidence of attribution: <strong>${esc(words(text(attribution.confidence)))}</strong></p>${renderEvidence(asArray(attribution.evidence))}${
    rest.length ? renderValue('', Object.fromEntries(rest), context) : ''
  }`;
}

function renderEvidence(evidence: unknown[]): string {
  if (evidence.length === 0) return '<p class="none">No evidence listed.</p>';
  const rows = evidence.map((e) => {
    const item = asObject(e) ?? {};
    const classification = text(item.classification);
    const cls = oneOf(classification, CLASSIFICATIONS) ?? 'other';
    return `<tr><td><code>${esc(text(item.ref))}</code></td><td>${esc(words(text(item.kind)))}</td><td><span class="classification cls-${cls}">${esc(
      classification,
    )}</span></td><td class="text">${esc(text(item.summary))}</td><td>${esc(asArray(item.corroboratedBy).map(text).join(', ')) || '<span class="none">—</span>'}</td></tr>`;
  });
  return `<table class="evidence"><caption>Evidence (summaries included: this document is for the court only)</caption>
<thead><tr><th scope="col">Ref</th><th scope="col">Kind</th><th scope="col">Classification</th><th scope="col">Summary</th><th scope="col">Corroborated by</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
}

function renderMeasures(measures: unknown[]): string {
  if (measures.length === 0) return 'none';
  return `<ul class="items">${measures
    .map((m) => {
      const measure = asObject(m) ?? {};
      const capabilities = asArray(measure.capabilities).map(text);
      return `<li><strong>${esc(words(text(measure.type)))}</strong> <code>${esc(text(measure.measureId))}</code>: ${esc(text(measure.description))}${
        capabilities.length ? ` <span class="muted">(capabilities: ${esc(capabilities.join(', '))})</span>` : ''
      }</li>`;
    })
    .join('')}</ul>`;
}

function renderExemption(e: unknown, context: Context): string {
  const exemption = asObject(e) ?? {};
  return `<strong>${esc(words(text(exemption.kind)))}</strong> <code>${esc(text(exemption.exemptionId))}</code> for ${esc(text(exemption.beneficiary))}; covers ${
    asArray(exemption.measureIds).map((id) => measureRef(id, context)).join(', ') || 'no measure'
  }; conditions: ${esc(text(exemption.conditions))}; oversight: ${esc(text(exemption.oversightBody))}; valid until ${time(exemption.validUntil)}`;
}

function renderConditions(list: unknown[]): string {
  if (list.length === 0) return 'none';
  return `<ul class="conditions">${list
    .map((c) => `<li><span class="cond-num">${esc(text(asObject(c)?.number))}.</span> ${esc(text(asObject(c)?.text))}</li>`)
    .join('')}</ul>`;
}

function conditions(value: unknown): Map<number, string> {
  const map = new Map<number, string>();
  for (const c of asArray(value)) {
    const condition = asObject(c);
    if (condition && typeof condition.number === 'number') map.set(condition.number, text(condition.text));
  }
  return map;
}

function conditionRefs(numbers: unknown[], known: Map<number, string>): string {
  if (numbers.length === 0) return 'none';
  return `<ul class="conditions">${numbers
    .map((num) => `<li><span class="cond-num">${esc(text(num))}.</span> ${typeof num === 'number' && known.has(num) ? esc(known.get(num)) : ''}</li>`)
    .join('')}</ul>`;
}

function measureRef(id: unknown, context: Context): string {
  const name = typeof id === 'string' ? context.measureNames.get(id) : undefined;
  return `<code>${esc(text(id))}</code>${name ? ` (${esc(name)})` : ''}`;
}

// ---- Small helpers -----------------------------------------------------------------------------

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes text for element content and quoted attribute values alike. */
function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A value as plain text (not yet escaped). */
function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function words(value: string): string {
  return value.replace(/_/g, ' ');
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

function asObject(value: unknown): Data | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` if it is one of a fixed vocabulary (safe in a class name), else undefined. */
function oneOf<T extends string>(value: unknown, vocabulary: readonly T[]): T | undefined {
  return vocabulary.find((word) => word === value);
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function instant(value: unknown): number | undefined {
  if (typeof value !== 'string' || !INSTANT.test(value)) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

/** An instant as UTC ISO 8601 in a <time> element; anything else as escaped text. */
function time(value: unknown): string {
  const t = instant(value);
  if (t === undefined) return value === undefined || value === null || value === '' ? '<span class="none">—</span>' : esc(text(value));
  return `<time datetime="${iso(t)}">${iso(t)}</time>`;
}

function n(value: number): string {
  return value.toFixed(1);
}

function statusBadge(status: string): string {
  const cls = oneOf(status, STATUSES) ?? 'other';
  return `<span class="status-badge status-${cls}">${esc(words(status))}</span>`;
}

/** The marking printed at the top and bottom of the page: the highest classification of the evidence shown. */
function classificationMarking(events: readonly BundledEvent[]): string {
  let highest = -1;
  const visit = (value: unknown, key = ''): void => {
    if (Array.isArray(value)) {
      for (const item of value) {
        if (key === 'evidence') highest = Math.max(highest, CLASSIFICATIONS.indexOf(asObject(item)?.classification as never));
        visit(item);
      }
    } else if (asObject(value)) {
      for (const [k, v] of Object.entries(value as Data)) visit(v, k);
    }
  };
  for (const event of events) visit(event.data);
  const level = highest >= 0 ? CLASSIFICATIONS[highest] : undefined;
  return level && level !== 'public'
    ? `For the court only — contains evidence summaries classified up to <strong>${esc(level.toUpperCase())}</strong>`
    : 'For the court only';
}

const STYLE = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5f6368; --rule: #d0d4d9; --paper: #fff; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { background: var(--paper); color: var(--ink); }
body { font: 15px/1.45 Georgia, "Times New Roman", serif; margin: 0 auto; padding: 16px 28px 40px; max-width: 1120px; }
h1, h2, h3, th, dt, .marking, .kind, .legend, #timeline, table { font-family: system-ui, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 28px; margin: 4px 0 12px; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 15px; margin: 16px 0 4px; }
code, pre, .root-hash-value { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.86em; overflow-wrap: anywhere; }
.marking { text-align: center; font-size: 12px; letter-spacing: .06em; text-transform: uppercase; border: 1px solid #8b0000; color: #8b0000; padding: 3px; margin: 0 0 12px; }
footer .marking { margin-top: 12px; }
.kind { color: var(--muted); font-size: 13px; margin: 0; text-transform: uppercase; letter-spacing: .05em; }
.lead, .muted, .none { color: var(--muted); }
.warning { border-left: 4px solid #c62828; padding: 4px 10px; background: #fdecea; }
dl.facts { display: grid; grid-template-columns: 11em 1fr; gap: 4px 16px; margin: 8px 0; }
dl.facts dt { font-weight: 600; color: var(--muted); font-size: 13px; padding-top: 2px; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ul.legal-basis, ul.items, ul.conditions { margin: 0; padding-left: 18px; }
ul.conditions { list-style: none; padding-left: 0; }
.cond-num { font-weight: 600; }
.status-badge { font-family: system-ui, sans-serif; font-weight: 700; font-size: 13px; padding: 2px 8px; border-radius: 3px; color: #fff; text-transform: uppercase; letter-spacing: .04em; }
.quote { border: 2px solid var(--ink); padding: 4px 18px 10px; margin-top: 20px; break-inside: avoid; }
.quote h2 { border: 0; margin-top: 10px; }
.root-hash-value { font-size: 17px; font-weight: 700; background: #f3f4f6; padding: 8px 10px; margin: 4px 0 8px; word-break: break-all; }
pre.command { background: #f3f4f6; padding: 8px 10px; white-space: pre-wrap; }
figure { margin: 0; }
#timeline { display: block; width: 100%; max-width: 960px; height: auto; break-inside: avoid; }
#timeline text { font-size: 11px; fill: var(--ink); }
#timeline .lane-label { font-size: 12px; font-weight: 700; }
#timeline .row-label { fill: #333; }
#timeline .tick { text-anchor: middle; fill: var(--muted); }
#timeline .grid { stroke: #e6e8eb; }
#timeline .axis { stroke: var(--ink); }
#timeline .plot { fill: #fbfbfc; }
#timeline .lane-rule { stroke: var(--rule); stroke-dasharray: 2 3; }
#timeline .band-label { font-weight: 600; fill: #fff; }
#timeline .band-label.status-text-proposed { fill: #10242e; }
#timeline .none { fill: var(--muted); font-style: italic; }
#timeline .end-note { fill: var(--muted); font-size: 10px; }
#timeline .suspension { opacity: .45; }
#timeline .moment line { stroke-width: 1.5; stroke-dasharray: 5 3; }
#timeline .moment text { text-anchor: middle; font-size: 10.5px; }
#timeline .moment text.anchor-end { text-anchor: end; }
#timeline .moment text.anchor-middle { text-anchor: middle; }
#timeline .moment text.anchor-start { text-anchor: start; }
#timeline .moment.now line { stroke: #b71c1c; }
#timeline .moment.now text { fill: #b71c1c; }
#timeline .moment.sunset line { stroke: #37474f; }
#timeline .court text { text-anchor: middle; font-size: 10px; font-weight: 700; fill: #fff; }
.band.status-proposed, .status-badge.status-proposed { fill: #90a4ae; background: #90a4ae; color: #10242e; }
.band.status-active, .status-badge.status-active { fill: #2e7d32; background: #2e7d32; }
.band.status-suspended, .status-badge.status-suspended { fill: #ef6c00; background: #ef6c00; }
.band.status-lifted, .status-badge.status-lifted { fill: #1565c0; background: #1565c0; }
.band.status-expired, .status-badge.status-expired { fill: #6d4c41; background: #6d4c41; }
.band.status-rejected, .status-badge.status-rejected { fill: #c62828; background: #c62828; }
.band.status-withdrawn, .status-badge.status-withdrawn { fill: #616161; background: #616161; }
.band.status-other, .status-badge.status-other { fill: #9e9e9e; background: #9e9e9e; }
.suspension { fill: url(#timeline-hatch); }
.bar.measure, .open-end.measure { fill: #3949ab; }
.bar.exemption, .open-end.exemption { fill: #00897b; }
.marker.review { fill: #4a148c; }
.marker.due { fill: #fff; stroke: #4a148c; stroke-width: 1.5; }
.marker.reminder { fill: #ab47bc; }
.court rect { fill: #455a64; }
.court-suspend rect { fill: #ef6c00; }
.court-annul rect { fill: #c62828; }
.court-uphold rect { fill: #1565c0; }
.legend { list-style: none; padding: 0; margin: 6px 0 0; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 12px; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { flex: none; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
#decisions > thead th { text-align: left; border-bottom: 2px solid var(--ink); padding: 6px; vertical-align: bottom; }
#decisions > thead { display: table-header-group; }
tbody.decision { break-inside: avoid; border-top: 1px solid var(--rule); }
tbody.decision > tr > td, tbody.decision > tr > th { padding: 6px; vertical-align: top; text-align: left; }
tr.summary > td:nth-child(2), tr.summary > td:nth-child(3) { white-space: nowrap; font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 11.5px; }
tbody.decision .what { font-weight: 700; }
tbody.decision .num { color: var(--muted); }
tbody.decision .basis { font-family: Georgia, serif; font-size: 13.5px; max-width: 24em; }
tbody.decision .basis p { margin: 0 0 4px; }
.k { font-family: system-ui, sans-serif; font-weight: 600; font-size: 12px; color: var(--muted); }
.actor-id { display: block; font-weight: 600; overflow-wrap: anywhere; }
.roles { display: block; color: var(--muted); font-size: 12px; }
tr.details > td { padding: 0 6px 10px; font-family: Georgia, serif; }
dl.fields { display: grid; grid-template-columns: 12em 1fr; gap: 2px 12px; margin: 0 0 4px; }
dl.fields > dt { font-size: 12px; font-weight: 600; color: var(--muted); }
dl.fields > dd, dl.nested > dd { margin: 0; overflow-wrap: anywhere; }
dl.nested { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 0 8px; }
dl.nested > dt { font-size: 12px; color: var(--muted); }
.text { white-space: pre-wrap; }
.chain { font-size: 11px; color: var(--muted); margin: 2px 0 0; overflow-wrap: anywhere; }
tbody.uncovered { background: #fff8e1; }
.uncovered-flag { color: #8a4b00; }
table.evidence { margin: 4px 0 6px; font-size: 12.5px; }
table.evidence caption { text-align: left; font-size: 12px; color: var(--muted); padding-bottom: 2px; }
table.evidence th, table.evidence td { border: 1px solid var(--rule); padding: 3px 6px; text-align: left; vertical-align: top; }
table.evidence th { background: #f3f4f6; }
.classification { font-family: system-ui, sans-serif; font-weight: 700; text-transform: uppercase; font-size: 11px; padding: 1px 5px; border-radius: 2px; border: 1px solid currentColor; }
.cls-public { color: #2e7d32; }
.cls-restricted { color: #1565c0; }
.cls-confidential { color: #ef6c00; }
.cls-secret { color: #fff; background: #b71c1c; border-color: #b71c1c; }
.cls-other { color: var(--ink); }
footer { margin-top: 32px; border-top: 1px solid var(--rule); font-size: 12px; color: var(--muted); }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 10pt; padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  table { font-size: 8.5pt; }
  tbody.decision .basis { font-size: 9pt; }
  .quote, #timeline, tbody.decision { break-inside: avoid; }
}
`;
