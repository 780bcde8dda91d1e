import { accessLogStream } from '@app/application';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { seedDesignation, startConsole, type ConsoleApp } from './support/browser';
import { signedIn, textOf, Visitor } from './support/visitor';

/**
 * Classified evidence in the console is read on the record, as GET /designations/{id} reads it:
 * an official's view of a designation's page (and a senior official's of the approval page)
 * appends an access record before the evidence is shown; a court sees the designation without its
 * evidence until it states the case it reads for, and that purpose is in the record; and the
 * public register's page of the same designation never carries the evidence at all.
 */
let service: ConsoleApp;
let store: EventStore;
let id: string;

const SECRET_SUMMARY = 'Partner intelligence report';

beforeAll(async () => {
  service = await startConsole();
  store = service.app.get(EVENT_STORE);
  id = (await seedDesignation(service.baseUrl)).id;
});
afterAll(() => service?.close());

async function accessRecords(): Promise<{ reader: string; resource: string; designationId: string; purpose: string | null }[]> {
  const { events } = await store.readStream(accessLogStream(new Date()));
  return events.map((e) => ({ ...(e.data as { resource: string; designationId: string; purpose: string | null }), reader: (e.metadata as unknown as { actor: { id: string } }).actor.id }));
}

it("records an official's reading of the evidence before showing it", async () => {
  const official = await signedIn(service.baseUrl, 'olivia', ['official']);
  const before = (await accessRecords()).length;
  const page = await official.get(`/console/designations/${id}`);
  expect(page.status).toBe(200);
  expect(textOf(page.body)).toContain(SECRET_SUMMARY);
  expect(page.headers.get('cache-control')).toBe('no-store');
  const records = await accessRecords();
  expect(records.slice(before)).toEqual([expect.objectContaining({ reader: 'olivia', resource: 'designation', designationId: id, purpose: null })]);
});

it('shows a court the designation without its evidence until it states its purpose, then records the purpose', async () => {
  const court = await signedIn(service.baseUrl, 'judge', ['court']);
  const before = (await accessRecords()).length;
  const asked = await court.get(`/console/designations/${id}`);
  expect(asked.status).toBe(200);
  expect(textOf(asked.body)).not.toContain(SECRET_SUMMARY);
  expect(textOf(asked.body)).toContain('Case or proceeding');
  expect((await accessRecords()).length).toBe(before);

  const tooShort = await court.get(`/console/designations/${id}?purpose=x`);
  expect(textOf(tooShort.body)).toContain('There is a problem');
  expect(textOf(tooShort.body)).not.toContain(SECRET_SUMMARY);

  const read = await court.get(`/console/designations/${id}?purpose=${encodeURIComponent('Case T-123/26')}`);
  expect(textOf(read.body)).toContain(SECRET_SUMMARY);
  expect((await accessRecords()).slice(before)).toEqual([expect.objectContaining({ reader: 'judge', resource: 'designation', purpose: 'Case T-123/26' })]);
});

it('never puts the evidence on the public register page', async () => {
  const page = await new Visitor(service.baseUrl).get(`/register/${id}`);
  expect(page.status).toBe(200);
  expect(textOf(page.body)).not.toContain(SECRET_SUMMARY);
  expect(textOf(page.body)).not.toMatch(/restricted|secret/i);
});
