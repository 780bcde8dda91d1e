import { loadConfig } from './app.config';
import { configFailure as failure } from '../testing/config-failure';

const secret = { AUTH_JWT_SECRET: 'a-development-secret-of-32-bytes-or-more' };

describe('the lists settings', () => {
  it('defaults: 64 MiB uploads, a poll a second, no partner watched or fetched', () => {
    expect(loadConfig(secret).lists).toEqual({ uploadMaxBytes: 64 * 1024 * 1024, importPollMs: 1_000, watchedPrograms: {}, partnerFeeds: [], partnerFetchEveryMs: 6 * 3600_000 });
  });

  it('reads the watched programs and the feeds by format', () => {
    const lists = loadConfig({
      ...secret,
      PARTNER_WATCH_PROGRAMS: 'un-xml=DPRK, Al-Qaida; ofac-sdn-csv=CYBER,CYBER2',
      PARTNER_FEEDS: 'un-xml=https://un.example/consolidated.xml; eu-fsf-xml=https://eu.example/fsf.xml',
      LIST_UPLOAD_MAX_BYTES: '2048',
    }).lists;
    expect(lists.watchedPrograms).toEqual({ 'un-xml': ['DPRK', 'Al-Qaida'], 'ofac-sdn-csv': ['CYBER', 'CYBER2'] });
    expect(lists.partnerFeeds).toEqual([
      { format: 'un-xml', url: 'https://un.example/consolidated.xml' },
      { format: 'eu-fsf-xml', url: 'https://eu.example/fsf.xml' },
    ]);
    expect(lists.uploadMaxBytes).toBe(2048);
  });

  it.each([
    ['PARTNER_WATCH_PROGRAMS', 'un-xml'],
    ['PARTNER_WATCH_PROGRAMS', 'un-xml='],
    ['PARTNER_FEEDS', 'un-xml'],
    ['PARTNER_FEEDS', 'ofac-sdn-csv=https://ofac.example/sdn.csv'],
    ['PARTNER_FEEDS', 'un-xml=ftp://un.example/list.xml'],
    ['LIST_UPLOAD_MAX_BYTES', '12'],
  ])('refuses %s=%p, naming it', (name, value) => {
    expect(failure(() => loadConfig({ ...secret, [name]: value }))).toMatch(new RegExp(`^${name}:`));
  });
});
