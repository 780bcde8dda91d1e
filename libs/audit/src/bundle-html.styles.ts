/** The court-bundle page's stylesheet, inlined in a <style> element: for the screen, and for print on A4. */
export const STYLE = `
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
#timeline .moment.beyond line { stroke: #37474f; stroke-dasharray: 2 3; }
#timeline .moment.beyond path { fill: #37474f; }
#timeline .end-note.inside { fill: #fff; text-anchor: end; font-size: 9.5px; }
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
p.download a { font-family: system-ui, sans-serif; font-weight: 600; }
code.exact { color: var(--muted); font-size: 0.8em; }
.timeline-text h3 { font-family: system-ui, sans-serif; }
dl.timeline-dates { display: grid; grid-template-columns: 11em 1fr; gap: 4px 16px; margin: 4px 0 0; font-size: 14px; }
dl.timeline-dates > dt { font-family: system-ui, sans-serif; font-weight: 600; color: var(--muted); font-size: 13px; padding-top: 1px; }
dl.timeline-dates > dd { margin: 0; }
dl.timeline-dates ul { margin: 0; padding-left: 16px; }
footer { margin-top: 32px; border-top: 1px solid var(--rule); font-size: 12px; color: var(--muted); }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  /* Paper: black on white, no dark fills behind text; one section a page; the root hash and the timeline whole. */
  :root { --muted: #333; --rule: #999; }
  * { -webkit-print-color-adjust: economy; print-color-adjust: economy; }
  body { font-size: 10pt; padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  section.timeline, section.decisions { break-before: page; }
  table { font-size: 8.5pt; }
  tbody.decision .basis { font-size: 9pt; }
  .quote, #timeline, figure, tbody.decision, .timeline-text { break-inside: avoid; }
  .root-hash-value { background: none; border: 1.5pt solid var(--ink); font-size: 12pt; }
  pre.command, table.evidence th, .warning, tbody.uncovered { background: none; }
  tbody.uncovered > tr > td:first-child { border-left: 3pt solid #8a4b00; }
  .status-badge { background: none !important; color: var(--ink) !important; border: 1pt solid var(--ink); }
  .cls-secret { background: none; color: #b71c1c; }
  #timeline { width: 100%; max-width: none; height: auto; }
  #timeline .plot { fill: none; }
  .band { stroke: #333; stroke-width: .6; }
  .band.status-proposed { fill: #eceff1; }
  .band.status-active { fill: #c8e6c9; }
  .band.status-suspended { fill: #ffe0b2; }
  .band.status-lifted { fill: #bbdefb; }
  .band.status-expired { fill: #d7ccc8; }
  .band.status-rejected { fill: #ffcdd2; }
  .band.status-withdrawn { fill: #e0e0e0; }
  .band.status-other { fill: #eeeeee; }
  #timeline .band-label, #timeline .band-label.status-text-proposed, #timeline .end-note.inside { fill: var(--ink); }
  .bar.measure, .open-end.measure { fill: #c5cae9; stroke: #3949ab; stroke-width: .8; }
  .bar.exemption, .open-end.exemption { fill: #b2dfdb; stroke: #00897b; stroke-width: .8; }
  .court rect, .court-suspend rect, .court-annul rect, .court-uphold rect { fill: #fff; stroke: var(--ink); stroke-width: 1; }
  #timeline .court text { fill: var(--ink); }
  a { color: var(--ink); text-decoration: none; }
}
`;
