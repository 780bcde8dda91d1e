/** The court bundle in the OpenAPI document: both formats (docs/court-bundles.md says how to verify them). */
const HEX_HASH = { type: 'string', pattern: '^[0-9a-f]{64}$' };

const EVENT = {
  type: 'object',
  required: ['streamName', 'revision', 'position', 'eventId', 'type', 'data', 'metadata', 'leafIndex'],
  properties: {
    streamName: { type: 'string' },
    revision: { type: 'integer', minimum: 0 },
    position: { type: 'integer', minimum: 0, description: 'Order across the log; a locator, not covered by the hash chain' },
    eventId: { type: 'string', format: 'uuid' },
    type: { type: 'string' },
    data: { type: 'object', additionalProperties: true },
    metadata: {
      type: 'object',
      required: ['prevHash', 'hash'],
      properties: { prevHash: HEX_HASH, hash: HEX_HASH },
      additionalProperties: true,
      description: 'As recorded: actor, command ids, recordedAt, and the hash chain',
    },
    leafIndex: { type: 'integer', minimum: 0, nullable: true, description: "The event's leaf in the checkpoint's tree; null if recorded after the checkpoint" },
  },
};

const COMMON = {
  stream: { type: 'string' },
  generatedAt: { type: 'string', format: 'date-time' },
  checkpoint: {
    type: 'object',
    required: ['origin', 'treeSize', 'rootHash', 'issuedAt', 'lastPosition', 'jws', 'kid'],
    properties: {
      origin: { type: 'string' },
      treeSize: { type: 'integer', minimum: 1 },
      rootHash: HEX_HASH,
      issuedAt: { type: 'string', format: 'date-time' },
      lastPosition: { type: 'integer', nullable: true },
      jws: { type: 'string', description: 'Compact JWS (EdDSA) over the canonical JSON of the five fields above' },
      kid: { type: 'string' },
    },
  },
  consistency: {
    type: 'object',
    required: ['fromTreeSize', 'proof'],
    properties: { fromTreeSize: { type: 'integer', minimum: 1 }, proof: { type: 'array', items: HEX_HASH } },
    description: 'With `since`: RFC 6962 consistency proof from the tree of that size',
  },
  statement: { type: 'string', description: 'Compact JWS over { stream, events, headHash, treeSize, rootHash, generatedAt }' },
  keys: { type: 'array', items: { type: 'object' }, description: "The service's public keys (check them against a JWKS you trust)" },
};
const REQUIRED = ['format', 'stream', 'generatedAt', 'checkpoint', 'events', 'statement', 'keys'];

export const AUDIT_BUNDLE_SCHEMA = {
  oneOf: [
    {
      type: 'object',
      title: 'sanctions-audit-bundle/2',
      required: [...REQUIRED, 'multiproof'],
      properties: {
        format: { type: 'string', enum: ['sanctions-audit-bundle/2'] },
        ...COMMON,
        events: { type: 'array', items: EVENT },
        multiproof: {
          type: 'array',
          items: HEX_HASH,
          description: "One proof for all the events with a leafIndex: the hashes of the largest subtrees of the checkpoint's tree holding none of them, depth first, left to right",
        },
      },
    },
    {
      type: 'object',
      title: 'sanctions-audit-bundle/1 (with format=1)',
      required: REQUIRED,
      properties: {
        format: { type: 'string', enum: ['sanctions-audit-bundle/1'] },
        ...COMMON,
        events: {
          type: 'array',
          items: {
            ...EVENT,
            required: [...EVENT.required, 'inclusionProof'],
            properties: { ...EVENT.properties, inclusionProof: { type: 'array', items: HEX_HASH, nullable: true, description: 'RFC 6962 audit path, leaf to root' } },
          },
        },
      },
    },
  ],
};
