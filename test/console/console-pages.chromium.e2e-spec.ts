import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  checkAccessibility,
  launchBrowser,
  newUser,
  screenshot,
  seedDesignation,
  signInAs,
  startConsole,
  watchPage,
  type ConsoleApp,
  type ConsoleUserSpec,
  type Seeded,
} from './support/browser';

/**
 * Every console page, in each of its states, in real Chromium under the real CSP: its HTML as sent
 * is valid (html-validate's standard rules), axe-core finds no serious or critical WCAG 2.2 AA /
 * best-practice violation, the browser reports no console error,
 * page error, failed subresource or CSP violation, and the stylesheet is applied. Each row of the
 * sweep also checks what that state must show (the error summary's links move focus to their
 * fields; each role's navigation offers only the places it may go). Then the sign-in and the
 * register's search work with JavaScript disabled.
 *
 * To sweep a new page, add a row to SWEEP: `{ name, as?, screenshot?, visit }`.
 */
jest.setTimeout(180_000);

interface World {
  baseUrl: string;
  /** The designations seeded before the SWEEP's rows run (none before EMPTY_SERVICE's). */
  seeded: { fancy: Seeded; sandworm: Seeded; kitten: Seeded };
}

interface SweepRow {
  name: string;
  /** Signed in as this user first (a fresh context, so a fresh session, for every row). */
  as?: ConsoleUserSpec;
  /** Also saved as `<name>.png` in the screenshots folder. */
  screenshot?: string;
  /** Brings the page into the state to check, and asserts what that state must show. */
  visit: (page: Page, world: World) => Promise<void>;
}

const OFFICIAL: ConsoleUserSpec = { id: 'olivia', name: 'Olivia Official', roles: ['official'] };
const SENIOR: ConsoleUserSpec = { id: 'sam', name: 'Sam Senior', roles: ['senior_official'] };
const REVIEWER: ConsoleUserSpec = { id: 'rita', name: 'Rita Reviewer', roles: ['reviewer'], ministry: 'foreign-affairs' };
const COURT: ConsoleUserSpec = { id: 'clerk', name: 'Court Clerk', roles: ['court'] };

/** What the header's menu offers each role (the public register is everybody's). */
const NAVIGATION: [ConsoleUserSpec, string[]][] = [
  [OFFICIAL, ['Designations', 'Public register']],
  [SENIOR, ['Designations', 'Approvals', 'Public register']],
  [REVIEWER, ['Reviews', 'Public register']],
  [COURT, ['Designations', 'Public register']],
];

const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu' }).getByRole('link').allInnerTexts();

async function open(page: Page, url: string, status = 200): Promise<void> {
  const response = await page.goto(url);
  expect({ url, status: response?.status() }).toEqual({ url, status });
}

const EMPTY_SERVICE: SweepRow[] = [
  {
    name: 'designations, none yet',
    as: OFFICIAL,
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/console/designations`);
      await expect(page.getByRole('status').innerText()).resolves.toBe('No designations yet.');
    },
  },
  {
    name: 'approvals, nothing waiting',
    as: SENIOR,
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/console/approvals`);
      await expect(page.locator('main').innerText()).resolves.toContain('No proposals await your approval.');
    },
  },
  {
    name: 'register, empty',
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/register`);
      await expect(page.getByRole('status').innerText()).resolves.toBe('0 designations in force.');
      expect(await page.locator('table').count()).toBe(0);
    },
  },
];

const SWEEP: SweepRow[] = [
  {
    name: 'sign-in, empty',
    screenshot: 'sign-in',
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/console/sign-in`);
      await expect(page.locator('h1').innerText()).resolves.toBe('Sign in');
    },
  },
  {
    name: 'sign-in, submitted empty',
    screenshot: 'sign-in-errors',
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/console/sign-in`);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
      await page.waitForSelector('.govuk-error-summary');
      expect(await page.title()).toMatch(/^Error: Sign in/);
      // govuk-frontend moves focus to the summary so a screen reader announces it at once.
      await expect(page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).resolves.toBe(true);
      const links = page.locator('.govuk-error-summary__list a');
      const targets = await links.evaluateAll((all) => all.map((a) => a.getAttribute('href')));
      expect(targets).toEqual(['#userId', '#roles']);
      for (const href of targets) {
        // Each error names a field that is there and has its own error message.
        const field = page.locator(href!);
        await expect(field.count()).resolves.toBe(1);
        await expect(page.locator(`${href}-error`).count()).resolves.toBe(1);
      }
      await links.first().click();
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('userId');
      await links.nth(1).click();
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('roles');
    },
  },
  ...NAVIGATION.map(([user, places]): SweepRow => ({
    name: `home, signed in as ${user.roles.join(' and ')}`,
    as: user,
    ...(user === OFFICIAL ? { screenshot: 'home' } : {}),
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/console`);
      await expect(page.locator('h1').innerText()).resolves.toBe('Your work');
      await expect(menu(page)).resolves.toEqual(places);
      const home = await page.locator('main .govuk-list a').allInnerTexts();
      expect(home).toEqual(places);
      await expect(page.locator('.app-header__user').innerText()).resolves.toContain(user.name);
    },
  })),
  {
    name: 'designations, the consolidated list',
    as: OFFICIAL,
    screenshot: 'designations',
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/console/designations?sort=name`);
      const names = await page.locator('tbody tr td:first-child a').allInnerTexts();
      expect(names).toEqual(['Charming Kitten', 'Fancy Bear', 'Sandworm Team']);
    },
  },
  {
    name: 'designations, filtered to none',
    as: OFFICIAL,
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/console/designations?q=nothing-like-this&status=active`);
      await expect(page.getByRole('status').innerText()).resolves.toBe('No designations match these filters.');
    },
  },
  {
    name: 'designations, a filter the list refuses',
    as: OFFICIAL,
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/console/designations?status=bogus`);
      await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('status');
    },
  },
  {
    name: "a designation's page, as an official",
    as: OFFICIAL,
    visit: async (page, { baseUrl, seeded }) => {
      await open(page, `${baseUrl}/console/designations/${seeded.fancy.id}`);
      await expect(page.locator('h1').innerText()).resolves.toBe('Fancy Bear');
      const buttons = await page.locator('.app-actions a').allInnerTexts();
      expect(buttons).toContain('Record a notification of the target');
      expect(buttons).not.toContain('Lift the designation');
    },
  },
  {
    name: "a designation's page, as a senior official",
    as: SENIOR,
    screenshot: 'designation',
    visit: async (page, { baseUrl, seeded }) => {
      await open(page, `${baseUrl}/console/designations/${seeded.fancy.id}`);
      const buttons = await page.locator('.app-actions a').allInnerTexts();
      expect(buttons).toEqual(expect.arrayContaining(['Escalate measures', 'Roll back measures', 'Extend the sunset', 'Lift the designation']));
      expect(buttons).not.toContain('Record a court order');
    },
  },
  {
    name: 'propose, the start page',
    as: OFFICIAL,
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/console/propose`);
      await expect(page.locator('main ol li').count()).resolves.toBe(10);
    },
  },
  {
    name: 'register, with entries',
    screenshot: 'register',
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/register`);
      await expect(page.getByRole('status').innerText()).resolves.toBe('3 designations in force.');
      const names = await page.locator('tbody tr td:first-child a').allInnerTexts();
      expect(names).toEqual(['Charming Kitten', 'Fancy Bear', 'Sandworm Team']);
      await expect(page.locator('tbody').innerText()).resolves.toContain('also known as APT 28');
    },
  },
  {
    name: 'register, a search with results',
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/register`);
      await page.getByLabel('Name, alias, identifier or reference').fill('apt 28');
      await Promise.all([page.waitForURL(/\?q=apt\+28/), page.getByRole('button', { name: 'Search' }).click()]);
      await expect(page.getByRole('status').innerText()).resolves.toBe('1 designation found.');
      await expect(page.locator('tbody tr td:first-child a').allInnerTexts()).resolves.toEqual(['Fancy Bear']);
      await expect(page.getByLabel('Name, alias, identifier or reference').inputValue()).resolves.toBe('apt 28');
    },
  },
  {
    name: 'register, a search with none',
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/register?q=${encodeURIComponent('Nobody Of That Name')}`);
      await expect(page.getByRole('status').innerText()).resolves.toBe('0 designations found.');
      expect(await page.locator('table').count()).toBe(0);
    },
  },
  {
    name: 'register, an entry',
    screenshot: 'register-entry',
    visit: async (page, { baseUrl, seeded }) => {
      await open(page, `${baseUrl}/register/${seeded.fancy.id}`);
      await expect(page.locator('h1').innerText()).resolves.toBe('Fancy Bear');
      await expect(page.locator('.govuk-summary-list').innerText()).resolves.toMatch(/Also known as\s+APT 28/);
      await expect(page.locator('main').innerText()).resolves.not.toMatch(/Partner intelligence|EV-2/);
    },
  },
  {
    name: 'page not found',
    visit: async (page, { baseUrl }) => {
      await open(page, `${baseUrl}/console/no-such-page`, 404);
      await expect(page.locator('h1').innerText()).resolves.toBe('Page not found');
    },
  },
  {
    name: 'signed out',
    as: OFFICIAL,
    visit: async (page, { baseUrl }) => {
      await Promise.all([page.waitForURL(`${baseUrl}/console/signed-out`), page.getByRole('button', { name: 'Sign out' }).click()]);
      await expect(page.locator('h1').innerText()).resolves.toBe('You have signed out');
      // The session really ended: the console asks to sign in again.
      await open(page, `${baseUrl}/console`);
      expect(new URL(page.url()).pathname).toBe('/console/sign-in');
      await open(page, `${baseUrl}/console/signed-out`);
    },
  },
];

let consoleApp: ConsoleApp;
let browser: Browser;
const world = {} as World;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [consoleApp, browser] = await Promise.all([startConsole(), launchBrowser()]);
  world.baseUrl = consoleApp.baseUrl;
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});
afterAll(async () => {
  await browser?.close();
  await consoleApp?.close();
});

async function user(javaScriptEnabled = true): Promise<Page> {
  const { context, page } = await newUser(browser, { javaScriptEnabled });
  contexts.push(context);
  return page;
}

/** The stylesheet is there and applied: the header is the console's black bar, not unstyled HTML. */
async function expectStyled(page: Page): Promise<void> {
  const header = await page.locator('.app-header').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(header).toBe('rgb(11, 12, 12)');
}

function sweep(rows: SweepRow[]): void {
  it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const page = await user();
    if (row.as) await signInAs(page, world.baseUrl, row.as);
    const watch = watchPage(page);
    await row.visit(page, world);
    await expectStyled(page);
    await checkAccessibility(page, row.name);
    if (row.screenshot) await screenshot(page, row.screenshot);
    expect(watch.problems).toEqual([]);
    expect(await watch.invalidHtml()).toEqual([]);
  });
}

describe('an empty service', () => {
  sweep(EMPTY_SERVICE);
});

describe('with three designations, one with an alias', () => {
  beforeAll(async () => {
    const target = (name: string, extra: Record<string, unknown> = {}) => ({ target: { kind: 'entity', name, aliases: [], country: 'XX', identifiers: [], ...extra } });
    world.seeded = {
      fancy: await seedDesignation(world.baseUrl, target('Fancy Bear', { aliases: ['APT 28'], country: 'RU' })),
      sandworm: await seedDesignation(world.baseUrl, target('Sandworm Team', { country: 'RU' })),
      kitten: await seedDesignation(world.baseUrl, target('Charming Kitten', { kind: 'individual', country: 'IR' })),
    };
  });

  sweep(SWEEP);

  it('is usable from the keyboard: the skip link comes first and lands on the page, and every action is reached by Tab', async () => {
    const page = await user();
    await signInAs(page, world.baseUrl, SENIOR);
    await open(page, `${world.baseUrl}/console/designations/${world.seeded.fancy.id}`);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main-content');
    // From the main content, Tab reaches each of the page's actions in order, each with a visible focus style.
    const actions = (await page.locator('.app-actions a').allInnerTexts()).map((t) => t.trim());
    expect(actions.length).toBeGreaterThanOrEqual(4);
    const reached: string[] = [];
    for (let i = 0; i < 40 && reached.length < actions.length; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el && el.closest('.app-actions') ? { text: el.innerText.trim(), outline: getComputedStyle(el).outlineStyle, shadow: getComputedStyle(el).boxShadow } : null;
      });
      if (focused) {
        reached.push(focused.text);
        expect(focused.outline !== 'none' || focused.shadow !== 'none').toBe(true);
      }
    }
    expect(reached).toEqual(actions);
  });

  describe('with JavaScript disabled', () => {
    it('signs in through the form', async () => {
      const page = await user(false);
      const watch = watchPage(page);
      await signInAs(page, world.baseUrl, SENIOR);
      await expect(page.locator('.app-header__user').innerText()).resolves.toContain('Sam Senior');
      await expect(menu(page)).resolves.toEqual(['Designations', 'Approvals', 'Public register']);
      expect(await page.evaluate(() => document.body.classList.contains('js-enabled'))).toBe(false);
      await expectStyled(page);
      expect(watch.problems).toEqual([]);
    });

    it('shows the error summary after an empty submission', async () => {
      const page = await user(false);
      await open(page, `${world.baseUrl}/console/sign-in`);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
      await page.locator('.govuk-error-summary__list a').first().click();
      expect(new URL(page.url()).hash).toBe('#userId');
    });

    it('searches the register', async () => {
      const page = await user(false);
      const watch = watchPage(page);
      await open(page, `${world.baseUrl}/register`);
      await page.getByLabel('Name, alias, identifier or reference').fill('sandworm');
      await Promise.all([page.waitForURL(/\?q=sandworm/), page.getByRole('button', { name: 'Search' }).click()]);
      await expect(page.getByRole('status').innerText()).resolves.toBe('1 designation found.');
      await expect(page.locator('tbody tr td:first-child a').allInnerTexts()).resolves.toEqual(['Sandworm Team']);
      expect(watch.problems).toEqual([]);
    });
  });
});
