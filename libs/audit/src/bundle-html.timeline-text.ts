/** The court-bundle timeline in words: every date it shows, lane by lane, as text to read and print (not only in tooltips). */
import { esc, time } from './bundle-html.escape';
import type { Marker, TimelineModel } from './bundle-html.timeline-model';
import { iso, words } from './bundle-html.text';

export function renderTimelineText(model: TimelineModel): string {
  const at = (t: number) => time(iso(t));
  const list = (items: string[], none: string) => (items.length > 0 ? `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>` : `<span class="none">${none}</span>`);
  const markers = (ms: readonly Marker[]) => [...ms].sort((a, b) => a.at - b.at).map((m) => `${at(m.at)}: ${esc(m.what)}`);

  const statuses = model.statuses.map(
    (s, i) => `<strong>${esc(words(s.status))}</strong> from ${at(s.from)}${i < model.statuses.length - 1 && s.to > s.from ? ` until ${at(s.to)}` : ''}`,
  );
  const bars = (rows: TimelineModel['measures']) =>
    rows.flatMap((row) =>
      row.bars.map((b) => `${esc(row.label)}: in force from ${at(b.from)}, ${b.openEnd ? 'still in force' : `until ${at(b.to)} (${esc(b.endNote ?? '')})`}`),
    );
  const ends: [number, string][] = [
    ...(model.sunset !== undefined
      ? [[model.sunset, `sunset${model.beyond.some((b) => b.key === 'sunset') ? ' (beyond the end of the timeline, marked at its right edge)' : ''}`] as [number, string]]
      : []),
    ...(model.now !== undefined ? [[model.now, 'this bundle generated (“now”)'] as [number, string]] : []),
  ];
  const endItems = ends.sort(([a], [b]) => a - b).map(([t, what]) => `${at(t)}: ${what}`);
  return `<div class="timeline-text">
<h3>The timeline in dates</h3>
<dl class="timeline-dates">
<dt>Status</dt><dd>${list(statuses, 'No status recorded')}</dd>
<dt>Measures</dt><dd>${list(bars(model.measures), 'No measure came into force')}</dd>
<dt>Exemptions</dt><dd>${list(bars(model.exemptions), 'No exemption came into force')}</dd>
<dt>Reviews</dt><dd>${list([...markers(model.reviews), ...model.beyond.filter((b) => b.key === 'due').map((b) => `${at(b.at)}: ${esc(b.label)} (beyond the end of the timeline, marked at its right edge)`)], 'No review or reminder')}</dd>
<dt>Court orders</dt><dd>${list(markers(model.courtOrders), 'No court order')}</dd>
<dt>Sunset and now</dt><dd>${list(endItems, 'No sunset recorded')}</dd>
</dl>
</div>`;
}
