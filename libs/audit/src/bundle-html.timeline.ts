/** The court-bundle page's timeline drawn as one inline SVG: status, measures, exemptions, reviews and court orders. */
import { STATUSES, type DesignationState } from '@app/domain';
import type { AuditBundle } from './bundle';
import { oneOf } from './bundle-html.data';
import { axisLabel, dateInWords, instantInWords, type AxisUnit } from './bundle-html.dates';
import { esc, time } from './bundle-html.escape';
import type { Step } from './bundle-html.model';
import { DAY, timelineModel, type Marker, type TimelineModel } from './bundle-html.timeline-model';
import { renderTimelineText } from './bundle-html.timeline-text';
import { iso, truncate, words } from './bundle-html.text';

// SVG geometry, in viewBox units (CSS pixels at full width).
const SVG_W = 960;
const PLOT_L = 210;
const PLOT_R = 920;
const AXIS_H = 40;
const LANE_ROW = 24;
const SUB_ROW = 18;

export function renderTimelineSection(bundle: AuditBundle, steps: readonly Step[], state: DesignationState): string {
  const model = timelineModel(bundle, steps, state);
  return `<section class="timeline" aria-labelledby="timeline-heading">
<h2 id="timeline-heading">Timeline</h2>
<p class="lead">From the first event (${time(iso(model.first))}) to ${model.lastIs} (${time(iso(model.last))})${
    model.beyond.length > 0
      ? `; ${model.beyond.map((b) => `the ${esc(b.label)} (${time(iso(b.at))})`).join(' and ')} ${model.beyond.length === 1 ? 'lies' : 'lie'} further ahead, marked at the right edge (→)`
      : ''
  }. The dates the timeline shows are listed in words below it, and every decision in full further down.</p>
<figure>
${renderTimeline(model, bundle)}
<figcaption>${renderLegend(model)}</figcaption>
</figure>
${renderTimelineText(model)}
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
          `${label}: from ${instantInWords(s.from)}${s.to >= model.last ? '' : ` until ${instantInWords(s.to)}`}`,
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
        } else if (b.endNote && w > b.endNote.length * 5.6 + 8) {
          // No room after the bar (it ends near the edge): the note goes inside its end.
          parts.push(`<text class="end-note inside" x="${n(x0 + w - 4)}" y="${y + 12.5}">${esc(b.endNote)}</text>`);
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
    .map((s) => `<rect class="suspension" x="${n(x(s.from))}" y="${AXIS_H}" width="${n(Math.max(x(s.to) - x(s.from), 1))}" height="${bottom - AXIS_H}"><title>${esc(`Suspended from ${instantInWords(s.from)}${s.to >= model.last ? '' : ` until ${instantInWords(s.to)}`}`)}</title></rect>`)
    .join('');

  // Axis ticks and grid.
  const ticks = axisTicks(model.start, model.end)
    .map((t) => `<line class="grid" x1="${n(x(t.at))}" x2="${n(x(t.at))}" y1="${AXIS_H - 6}" y2="${bottom}"/><text class="tick" x="${n(x(t.at))}" y="${AXIS_H - 12}">${esc(t.label)}</text>`)
    .join('');

  // "Now" (the bundle's generation) and the sunset; what lies beyond the axis, at its right edge.
  const moments: string[] = [];
  const placed: { from: number; to: number; level: number }[] = [];
  const place = (mx: number, caption: string, anchor?: 'end') => {
    const width = caption.length * 6 + 6;
    const side = anchor ?? (mx > PLOT_R - width / 2 ? 'end' : mx < PLOT_L + width / 2 ? 'start' : 'middle');
    const from = side === 'end' ? mx - width : side === 'start' ? mx : mx - width / 2;
    let level = 0;
    while (placed.some((p) => p.level === level && p.from < from + width && from < p.to)) level += 1;
    placed.push({ from, to: from + width, level });
    return { side, level };
  };
  for (const [key, label, at] of [
    ['sunset', 'sunset', model.sunset],
    ['now', 'now (generated)', model.now],
  ] as const) {
    if (at === undefined || !inRange(at)) continue;
    const mx = x(at);
    const { side, level } = place(mx, `${label} ${dateInWords(at)}`);
    moments.push(
      `<g class="moment ${key}"><line x1="${n(mx)}" x2="${n(mx)}" y1="${AXIS_H - 4}" y2="${bottom + 4 + 13 * level}"/><text class="moment-label anchor-${side}" x="${n(mx)}" y="${bottom + 16 + 13 * level}">${esc(
        `${label} ${dateInWords(at)}`,
      )}</text><title>${esc(`${label}: ${instantInWords(at)}`)}</title></g>`,
    );
  }
  for (const b of model.beyond) {
    const caption = `${b.label} ${dateInWords(b.at)} →`;
    const { level } = place(PLOT_R + 34, caption, 'end');
    moments.push(
      `<g class="moment beyond beyond-${b.key}"><path d="M${PLOT_R + 2} ${AXIS_H - 5}l8 5l-8 5z"/><line x1="${PLOT_R + 6}" x2="${PLOT_R + 6}" y1="${AXIS_H + 5}" y2="${bottom + 4 + 13 * level}"/><text class="moment-label anchor-end" x="${PLOT_R + 34}" y="${bottom + 16 + 13 * level}">${esc(
        caption,
      )}</text><title>${esc(`${b.label}: ${instantInWords(b.at)}, beyond the end of this timeline`)}</title></g>`,
    );
  }
  const levels = placed.length > 0 ? Math.max(...placed.map((p) => p.level)) : 0;
  const height = bottom + 36 + 13 * levels;
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
  const status = model.statuses.map((s) => `${words(s.status)} from ${instantInWords(s.from)}`).join('; ');
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
      const unit: AxisUnit = step < DAY ? 'hour' : 'day';
      const ticks = [];
      for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push({ at: t, label: axisLabel(t, unit) });
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
    ticks.push({ at: t, label: axisLabel(t, months >= 12 ? 'year' : 'month') });
    index += months;
  }
  return ticks;
}

/** A coordinate in an SVG attribute, to a tenth of a unit. */
function n(value: number): string {
  return value.toFixed(1);
}
