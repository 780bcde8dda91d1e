import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const days = (n: number) => new Date(Date.now() + n * 24 * 3600 * 1000).toISOString();

/** The README's example proposal, its dates moved to stay in the future whenever this runs. */
export function exampleProposal() {
  const example = JSON.parse(readFileSync(join(__dirname, '../../../examples/proposal.json'), 'utf8'));
  return { ...example, sunsetAt: days(700), exemptions: [{ ...example.exemptions[0], validUntil: days(600) }] };
}

