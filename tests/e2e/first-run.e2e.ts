import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort } from '../../apps/launcher/src/ports.js';
import { artifacts } from '../support/e2e.js';
import { freshInstance, runAdmin, setupLinkIn, startApi, type ApiNode } from '../support/fresh-instance.js';

const i18n = (lang: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, `../../apps/web/public/i18n/${lang}.json`), 'utf8'));
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const DESKTOP = { viewport: { width: 1366, height: 768 } };

const nodes: ApiNode[] = [];
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  for (const n of nodes) await n.stop();
});

async function login(url: string, email: string, password: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

describe('the admin command line (built, as a child process, against an empty database)', () => {
  it('creates an organisation whose admin then signs in over HTTP; refuses a taken address and e-mail', async () => {
    const { env } = await freshInstance();
    const created = await runAdmin(env, [
      'create-organisation',
      '--name',
      'Atelier Gent',
      '--slug',
      'atelier-gent',
      '--languages',
      'nl,fr',
      '--admin-name',
      'Els',
      '--admin-email',
      'Els@Example.org',
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Organisation created: [0-9a-f-]{36}/);
    const password = /Password \(shown only now\): (\S+)/.exec(created.stdout)?.[1];
    expect(password).toBeDefined();

    const again = await runAdmin(env, [
      'create-organisation',
      '--name',
      'Other',
      '--slug',
      'atelier-gent',
      '--admin-name',
      'X',
      '--admin-email',
      'x@example.org',
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/address "atelier-gent" is, or was, another organisation's/);
    const sameEmail = await runAdmin(env, [
      'create-organisation',
      '--name',
      'Other',
      '--slug',
      'other',
      '--admin-name',
      'X',
      '--admin-email',
      'els@example.org',
    ]);
    expect(sameEmail.code).toBe(1);
    expect(sameEmail.stderr).toMatch(/els@example.org already has an Atelier account/);

    const list = await runAdmin(env, ['list-organisations']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/atelier-gent\s+Atelier Gent\s+1\s+no/);

    const api = await startApi(env, await freePort());
    nodes.push(api);
    expect(setupLinkIn(api.output())).toBeNull(); // an organisation exists: no setup link
    const res = await login(api.url, 'els@example.org', password!);
    expect(res.status).toBe(200);
    const me = (await res.json()) as {
      role: string;
      organisation: { name: string };
      user: { preferredLanguage: string };
    };
    expect(me).toMatchObject({
      role: 'admin',
      organisation: { name: 'Atelier Gent' },
      user: { preferredLanguage: 'nl' },
    });

    // reset-password: the old password stops working, the printed one works, the session is ended.
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const reset = await runAdmin(env, ['reset-password', '--email', 'els@example.org']);
    expect(reset.code).toBe(0);
    const newPassword = /\(shown only now\): (\S+)/.exec(reset.stdout)?.[1];
    expect((await fetch(`${api.url}/api/me`, { headers: { cookie } })).status).toBe(401);
    expect((await login(api.url, 'els@example.org', password!)).status).toBe(401);
    expect((await login(api.url, 'els@example.org', newPassword!)).status).toBe(200);

    expect((await runAdmin(env, ['grant-instance-admin', '--email', 'nobody@example.org'])).code).toBe(1);
    expect((await runAdmin(env, ['grant-instance-admin', '--email', 'els@example.org'])).code).toBe(0);
  }, 480_000);

  it('answers a wrong command line with the usage and exit code 2, never a stack trace', async () => {
    const { env } = await freshInstance();
    for (const args of [
      [],
      ['help'],
      ['frobnicate'],
      ['create-organisation', '--name'],
      ['list-organisations', '--colour', 'red'],
    ]) {
      const r = await runAdmin(env, args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Usage: npm run admin');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const noDatabase = await runAdmin({ ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, [
      'list-organisations',
    ]);
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr).toMatch(/^atelier admin: .*ECONNREFUSED/);
    expect(noDatabase.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});

describe('the first run in the browser (setup link → organisation → signed-in admin)', () => {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  async function pageIn(lang: string, device: typeof PHONE | typeof DESKTOP): Promise<Page> {
    const context = await browser!.newContext({ ...device });
    await context.addInitScript((l) => localStorage.setItem('atelier.language', l), lang);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    return page;
  }

  async function setUp(page: Page, link: string, lang: string, o: { name: string; email: string }): Promise<void> {
    const t = i18n(lang);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: t.setup.title }).waitFor();
    await page.locator('input[formcontrolname=organisationName]').fill(o.name);
    await page.locator('input[formcontrolname=adminName]').fill('Première Admin');
    await page.locator('input[formcontrolname=adminEmail]').fill(o.email);
    await page.locator('input[name=adminPassword]').fill('a long enough password');
    await page.getByRole('button', { name: t.setup.submit }).click();
    await page.waitForURL(/\/staff/, { timeout: 60_000 });
  }

  for (const [device, size, lang] of [
    ['phone', PHONE, 'fr'],
    ['desktop', DESKTOP, 'ar'],
  ] as const) {
    it(`on a ${device} in ${lang}: the API prints a setup link, the page creates the organisation and signs the admin in`, async () => {
      const started = Date.now();
      const { env } = await freshInstance();
      const api = await startApi(env, await freePort());
      nodes.push(api);
      const link = setupLinkIn(api.output());
      expect(link).not.toBeNull();

      // Only with that link: no token or a wrong one is refused clearly.
      expect(await (await fetch(`${api.url}/api/setup?token=wrong`)).json()).toEqual({
        usable: false,
        reason: 'invalid_token',
      });
      const body = {
        token: 'wrong',
        organisationName: 'X',
        slug: 'x',
        languages: ['fr'],
        adminName: 'X',
        adminEmail: 'x@example.org',
        adminPassword: 'long enough 123',
      };
      const refused = await fetch(`${api.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'setup_token_invalid' });

      const page = await pageIn(lang, size);
      await page.goto(link!.replace(/^http:\/\/[^/]+/, api.url));
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.viewport.width);
      await page.screenshot({ path: join(artifacts(), `${device}-setup-${lang}.png`), fullPage: true });
      await setUp(page, link!.replace(/^http:\/\/[^/]+/, api.url), lang, {
        name: `Atelier Été ${lang}`,
        email: `first-${lang}@example.org`,
      });
      console.log(
        `first run (${device}): empty database → signed-in admin in ${Date.now() - started} ms (API start included)`,
      );
      await page.screenshot({ path: join(artifacts(), `${device}-setup-done-${lang}.png`), fullPage: true });

      // Signed in with the same cookies as a login: /api/me answers, as the admin of the new organisation.
      const me = await page.evaluate(async () => (await fetch('/api/me')).json());
      expect(me).toMatchObject({
        role: 'admin',
        organisation: { name: `Atelier Été ${lang}` },
        user: { email: `first-${lang}@example.org` },
      });

      // The link is used up: the organisation exists, so setup is over.
      const again = await fetch(`${api.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, token: new URL(link!).searchParams.get('token') }),
      });
      expect(again.status).toBe(404);
      expect(await again.json()).toMatchObject({ code: 'setup_done' });
      await page.context().close();
    }, 480_000);
  }

  it('prints a new link at each start until one is used; shows the page in nl and en at phone size; says when the link is wrong', async () => {
    const { env } = await freshInstance();
    const first = await startApi(env, await freePort());
    const firstToken = new URL(setupLinkIn(first.output())!).searchParams.get('token');
    await first.stop();
    const api = await startApi(env, await freePort());
    nodes.push(api);
    const link = setupLinkIn(api.output())!.replace(/^http:\/\/[^/]+/, api.url);
    expect(new URL(link).searchParams.get('token')).not.toBe(firstToken);
    expect(await (await fetch(`${api.url}/api/setup?token=${firstToken}`)).json()).toEqual({ usable: true });
    for (const lang of ['nl', 'en']) {
      const page = await pageIn(lang, PHONE);
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: i18n(lang).setup.title }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(artifacts(), `phone-setup-${lang}.png`), fullPage: true });
      await page.goto(`${api.url}/setup?token=not-the-one`);
      await page.getByRole('heading', { level: 1, name: i18n(lang).setup.invalidTitle }).waitFor();
      await page.context().close();
    }
  }, 480_000);

  it('lets an admin remove the demo people from the Organisation tab, after saying what goes', async () => {
    const { env, databaseUrl } = await freshInstance();
    const created = await runAdmin(env, [
      'create-organisation',
      '--name',
      'Atelier Bruxelles',
      '--slug',
      'atelier-bruxelles',
      '--admin-name',
      'Nadia',
      '--admin-email',
      'nadia@example.org',
      '--admin-password',
      'a long enough password',
    ]);
    expect(created.code).toBe(0);
    // Two people as the demo seed makes them (marked demo), and one real participant.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(`WITH o AS (SELECT id FROM organisations), u AS (
                        INSERT INTO users (display_name, preferred_language, demo) VALUES ('Amina', 'ar', true), ('Joseph', 'fr', true), ('Real', 'fr', false)
                        RETURNING id)
                      INSERT INTO memberships (organisation_id, user_id, role) SELECT o.id, u.id, 'participant' FROM o, u`);
    } finally {
      await db.end();
    }
    const api = await startApi(env, await freePort());
    nodes.push(api);
    const t = i18n('fr');
    for (const [device, size] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      const page = await pageIn('fr', size);
      await page.goto(`${api.url}/sign-in`);
      await page.locator('input[formcontrolname=email]').fill('nadia@example.org');
      await page.locator('input[name=password]').fill('a long enough password');
      await page.getByRole('button', { name: t.signIn.submit, exact: true }).click();
      await page.waitForURL(/\/staff/);
      await page.goto(`${api.url}/staff?tab=organisation`);
      const card = page.getByRole('heading', { name: t.demoData.heading });
      if (device === 'phone') {
        await card.waitFor();
        await page.getByRole('button', { name: t.demoData.remove }).click();
        await page.getByRole('alertdialog').waitFor();
        await page.screenshot({ path: join(artifacts(), `${device}-remove-demo-data-fr.png`), fullPage: true });
        await page.getByRole('button', { name: t.demoData.yesRemove }).click();
        await card.waitFor({ state: 'detached' });
      } else {
        await page.getByRole('heading', { level: 2 }).first().waitFor();
        expect(await card.count()).toBe(0); // nothing left to remove: no card
        await page.screenshot({
          path: join(artifacts(), `${device}-organisation-after-demo-removal-fr.png`),
          fullPage: true,
        });
      }
      await page.context().close();
    }
    const check = new pg.Client({ connectionString: databaseUrl });
    await check.connect();
    try {
      const { rows } = await check.query(
        `SELECT u.display_name FROM memberships m JOIN users u ON u.id = m.user_id ORDER BY 1`,
      );
      expect(rows.map((r) => r.display_name)).toEqual(['Nadia', 'Real']);
    } finally {
      await check.end();
    }
  }, 480_000);
});
