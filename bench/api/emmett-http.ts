/**
 * Emmett doing our command over HTTP (issue 16's `api_vs_emmett_http`): its Express web API
 * (`getApplication` with one `WebApiSetup`, the route wrapped in `on`, answering `Created`) on its
 * PostgreSQL event store, running our own pure decider (`decide`/`evolve`/`initialState` of
 * `@app/domain`) through Emmett's `DeciderCommandHandler` for a new stream, as `ProposeDesignation`.
 * What any authenticated command must do is done as the api does it: the bearer JWT verified
 * with HS256 by the api's verifier (fast-jwt, no cache); the events carry the command's metadata (command id, actor,
 * time). What Emmett does not have is left out: our hash chain, idempotency keys, receipts.
 * Its own process, as the api is, over a pg pool of the api's size.
 *
 * env: PORT, DATABASE_URL, AUTH_JWT_SECRET, POOL_MAX (default 10, the api's).
 */
import { randomUUID } from 'node:crypto';
import { DeciderCommandHandler, STREAM_DOES_NOT_EXIST, type Command, type Event } from '@event-driven-io/emmett';
import { Created, getApplication, on, type WebApiSetup } from '@event-driven-io/emmett-expressjs';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import type { Request } from 'express';
import { createVerifier } from 'fast-jwt';
import { ProblemDocument } from 'http-problem-details';
import { Pool } from 'pg';
import {
  decide,
  DEFAULT_POLICY,
  designationStream,
  DomainError,
  evolve,
  HUMAN_ROLES,
  initialState,
  type Actor,
  type DesignationCommand,
  type DesignationEvent,
  type DesignationState,
} from '@app/domain';

/**
 * Our commands and events as Emmett types them: records with an index signature (ours are closed
 * interfaces), the command's time a Date (Emmett's command metadata; ours is an ISO string).
 */
type EmmettCommand = Command<DesignationCommand['type'], Record<string, unknown>, { now: Date; actor: Actor }>;
type EmmettEvent = Event<DesignationEvent['type'], Record<string, unknown>, Record<string, unknown>>;
const asOurs = <T>(message: unknown) => message as T;

class Unauthorized extends Error {
  readonly errorCode = 401;
}

// As the api (apps/api/src/auth/jwt.verifier.ts) and the bare route verify a shared-secret token.
const verify = createVerifier({ key: process.env.AUTH_JWT_SECRET ?? '', algorithms: ['HS256'], requiredClaims: ['exp'], cache: false });

function actorOf(request: Request): Actor {
  const header = request.headers.authorization ?? '';
  try {
    const payload = verify(header.startsWith('Bearer ') ? header.slice(7) : '') as { sub?: unknown; roles?: unknown };
    const roles: unknown = payload.roles;
    if (typeof payload.sub !== 'string' || !Array.isArray(roles) || !roles.every((role) => (HUMAN_ROLES as readonly unknown[]).includes(role))) throw new Error('claims');
    return { id: payload.sub, roles: roles as Actor['roles'] };
  } catch {
    throw new Unauthorized('Token is not valid');
  }
}

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_MAX ?? 10) });
const eventStore = getPostgreSQLEventStore(process.env.DATABASE_URL!, { connectionOptions: { pool }, schema: { autoMigration: 'None' } });

/** Our decider, each event stamped with its command's metadata as our command handler stamps it. */
const handle = DeciderCommandHandler<DesignationState, EmmettCommand, EmmettEvent>({
  decide: (command, state) => {
    const { actor, now } = command.metadata;
    const ours = asOurs<DesignationCommand>({ ...command, metadata: { actor, now: now.toISOString() } });
    const metadata = { commandId: randomUUID(), actor, recordedAt: ours.metadata.now };
    return decide(ours, state, DEFAULT_POLICY).map((event) => asOurs<EmmettEvent>({ ...event, metadata }));
  },
  evolve: (state, event) => evolve(state, asOurs<DesignationEvent>(event)),
  initialState,
  mapToStreamId: designationStream,
});

const designations: WebApiSetup = (router) => {
  router.post(
    '/designations',
    on(async (request: Request) => {
      const actor = actorOf(request);
      const designationId = randomUUID();
      const command: EmmettCommand = {
        type: 'ProposeDesignation',
        data: { ...(request.body as object), designationId },
        metadata: { now: new Date(), actor },
      };
      await handle(eventStore, designationId, command, { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
      return Created({ createdId: designationId });
    }),
  );
  router.get('/health/ready', (_request, response) => void response.json({ status: 'ok' }));
};

const application = getApplication({
  apis: [designations],
  // The decider's refusals are the caller's fault, as in our api: 4xx, never 500.
  mapError: (error) => (error instanceof DomainError ? new ProblemDocument({ status: 422, detail: error.message }) : undefined),
});

async function main(): Promise<void> {
  await eventStore.schema.migrate();
  const server = application.listen(Number(process.env.PORT), '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close(() => void eventStore.close().then(() => pool.end()).then(() => process.exit(0)));
    server.closeAllConnections();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
