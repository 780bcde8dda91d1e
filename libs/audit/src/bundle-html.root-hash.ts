/** The court-bundle page's block to quote and verify: the root hash, its checkpoint, the bundle itself to save, and how to verify it. */
import { BUNDLE_FORMAT_V1, type AuditBundle } from './bundle';
import { bundleDownload, fileSize } from './bundle-html.download';
import { esc, exactTime } from './bundle-html.escape';

export function renderRootHash(bundle: AuditBundle): string {
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
<dt>Issued</dt><dd>${exactTime(c.issuedAt)}</dd>
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
${renderDownload(bundle)}
<h3>How to verify</h3>
<p>Save the bundle with the link above as <code>bundle.json</code>, and the service's public keys
(<code>/.well-known/jwks.json</code>), obtained from a source the court trusts, as <code>jwks.json</code>. Then run, offline:</p>
<pre class="command">npx sanctions-verify bundle.json --jwks jwks.json</pre>
<p>It checks the checkpoint's and the bundle statement's signatures, the hash chain linking every event, and that the
events are in the checkpoint's tree (${bundle.format === BUNDLE_FORMAT_V1 ? "each event's inclusion proof" : 'one proof for them all'}), and exits 0 with a summary naming the root hash — which must be the one above — or 1 naming the first
failure.</p>
<p>The keys must come from elsewhere than the bundle. The bundle carries the service's keys too, but a forged bundle would
carry its forger's key, and would verify against it. So without <code>--jwks</code> the verifier refuses (“no trusted
keys”); with <code>--trust-embedded-keys</code> it checks the bundle against the keys it carries, which shows that the
bundle is intact (its integrity), not who signed it (its provenance).</p>
<p>Asking the service for the audit trail again yields a new bundle, not this one: every reading of an audit trail is itself
recorded in the service's log, so a later bundle is signed under a later checkpoint, with another root hash. Verify, and
quote, the bundle saved from this page. A later bundle fetched with <code>?since=${esc(c.treeSize)}</code> proves that its
log extends this one (<code>--checkpoint bundle.json</code>).</p>
</section>`;
}

/** The link to the very bundle this page renders: its JSON, in the page itself. */
function renderDownload(bundle: AuditBundle): string {
  const download = bundleDownload(bundle);
  const caution = download.portable
    ? ''
    : `<p class="warning">This bundle is ${esc(fileSize(download.bytes))}: Chromium-based browsers (Chrome, Edge) cannot save a link this long; save it with another browser (Firefox, Safari).</p>`;
  return `<p class="download"><a href="${download.href}" download="${esc(download.filename)}" type="application/json">Save this bundle (JSON, ${esc(
    fileSize(download.bytes),
  )})</a> — the JSON this page was rendered from, carried in the page itself (its electronic copy), so its root hash is the one above.</p>
${caution}`;
}
