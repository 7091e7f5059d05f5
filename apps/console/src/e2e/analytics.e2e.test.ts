/**
 * End to end in Debian's Chromium (issue 9's analytics): a real central server (SQLite) fed by a post
 * over real PouchDB replication. An analyst reads risk-profile hit statistics (per profile, then per
 * post) and imports the OFAC SDN list from its two files; a supervisor reads an unusual-officer-activity
 * item in the data-quality queue, in words, and resolves it with a recorded decision. Screenshots go
 * to artifacts/console/analytics-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type RunningServer, consoleProjectorOf } from '@borderpost/server';
import type { Page } from 'playwright-core';
import { ARTIFACTS, type ConsoleScenarioServer, startConsoleServer, DAY, type PouchDoc, crossing, describeIfChromium, ensureBundle, iso, launchConsoleBrowser, localPouch, remotePouch, signIn } from './harness';

jest.setTimeout(240_000);

const OFAC = path.resolve(__dirname, '..', '..', '..', '..', 'packages', 'matching', 'fixtures', 'ofac');

describeIfChromium('console analytics e2e')('risk statistics, OFAC import and unusual officer activity in Chromium', () => {
  let server: RunningServer;
  let central: ConsoleScenarioServer;
  let browser: Awaited<ReturnType<typeof launchConsoleBrowser>>;
  let page: Page;
  const now = Date.now();
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `analytics-${name}.png`), fullPage: true });

  beforeAll(async () => {
    ensureBundle();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    central = await startConsoleServer('console-analytics', [{ userId: 'supervisor1', role: 'supervisor' }, { userId: 'analyst1', role: 'analyst' }]);
    server = central.server;
    const access = server.storage.access;
    const bearer = central.bearer;
    const analyst = await bearer('analyst1');
    for (const [id, name, action] of [
      ['young-men', 'Young men travelling alone', 'refer'],
      ['night-buses', 'Night buses', 'flag'],
    ]) {
      const saved = await server.app.inject({ method: 'PUT', url: `/api/console/risk-profiles/${id}`, headers: analyst, payload: { name, rule: { sex: 'M', travellingAlone: true }, action, effectiveFrom: '2026-01-01' } });
      expect(saved.statusCode).toBe(200);
    }
    // Small thresholds for a small post (the defaults want 20 crossings per officer before judging).
    const thresholds = await server.app.inject({
      method: 'PUT',
      url: '/api/console/quality/officers/thresholds',
      headers: await bearer('supervisor1'),
      payload: { minBase: { 'hit-override': 2, 'unverified-document': 4, 'fast-decision': 4 }, minEvents: 2 },
    });
    expect(thresholds.statusCode).toBe(200);

    const { code } = await access.createEnrolmentCode('north', 'test', 60);
    const north = (await server.app.inject({ method: 'POST', url: '/api/stations/enrol', payload: { code, stationName: 'north 1' } })).json() as { token: string };
    const person = (i: number) => ({ surname: `TRAVELLER${String.fromCharCode(65 + (i % 26))}`, given: 'ALEX', birthDate: '1990-01-01', nationality: 'NGA', documentNumber: `N${String(1000000 + i)}` });
    const docs: PouchDoc[] = [];
    const at = (i: number) => now - 3 * DAY + i * 900_000;
    // Risk profiles: young-men flagged five travellers (two refused, one referred and refused after secondary).
    const outcomes = ['admitted', 'refused', 'referred', 'admitted', 'refused'] as const;
    outcomes.forEach((outcome, i) =>
      docs.push(crossing('north', 500 + i, at(docs.length), { direction: 'entry', ...person(docs.length), officerId: 'officer-a', outcome, riskFlags: i === 0 ? ['young-men', 'night-buses'] : ['young-men'], ...(outcome === 'referred' ? { final: 'refused' as const } : {}) })),
    );
    // Officer activity: officers a and b refuse their hit; officer c admits every hit and rushes.
    for (const officerId of ['officer-a', 'officer-b']) {
      for (let i = 0; i < 5; i += 1) docs.push(crossing('north', 600 + docs.length, at(docs.length), { direction: 'entry', ...person(docs.length), officerId, ...(i === 0 ? { hit: true, outcome: 'refused' as const } : {}) }));
    }
    for (let i = 0; i < 6; i += 1) {
      const doc = crossing('north', 700 + docs.length, at(docs.length), { direction: 'entry', ...person(docs.length), officerId: 'officer-c', hit: i < 3 });
      if (i % 2 === 0) (doc as Record<string, unknown>).timings = { startedAt: iso(at(docs.length) - 3000), decidedAt: iso(at(docs.length)) };
      docs.push(doc);
    }
    const pouch = localPouch();
    await pouch.bulkDocs(docs);
    await pouch.replicate.to(remotePouch(`${server.url}/post-north`, north));
    await pouch.destroy();
    await consoleProjectorOf(server.storage.sql).catchUp();

    browser = await launchConsoleBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await central?.close();
  });

  it('an analyst reads risk-profile statistics and imports the OFAC SDN list from its two files', async () => {
    await signIn(page, server.url, 'analyst1');
    await page.getByTestId('nav-profiles').click();
    await page.getByTestId('profiles').locator('tbody tr', { hasText: 'young-men' }).waitFor();
    const young = page.getByTestId('profile-stats').locator('tbody tr', { hasText: 'young-men' });
    await young.waitFor();
    // Flagged 5: admitted 2, refused 2, referred 1 (refused after secondary); refused share 3 of 5.
    expect((await young.locator('td').allTextContents()).slice(1)).toEqual(['5', '2', '2', '1', '0 admitted, 1 refused, 0 waiting', '0', '60 %']);
    await shot('01-profile-stats');
    // A new profile, published to posts; it has flagged nobody yet, and the statistics say so.
    await page.getByTestId('new-profile').click();
    const form = page.getByTestId('profile-form');
    await form.getByLabel('Profile id', { exact: true }).fill('lone-minors');
    await form.getByLabel('Name', { exact: true }).fill('Minors travelling alone');
    await form.getByLabel(/^Rule/).fill('{"ageBand": {"max": 17}, "travellingAlone": true}');
    await form.getByRole('button', { name: 'Save and publish to posts' }).click();
    await page.getByTestId('profiles').locator('tbody tr', { hasText: 'lone-minors' }).waitFor();
    // The statistics reload after the save: wait for the row rather than read it at once.
    await page.getByTestId('profile-stats').locator('tbody tr', { hasText: 'lone-minors' }).filter({ hasText: 'never fired' }).waitFor();
    await page.getByTestId('stats-by-post').check();
    await page.getByTestId('profile-stats').locator('thead th', { hasText: 'Post' }).waitFor();
    expect(await page.getByTestId('profile-stats').locator('tbody tr', { hasText: 'night-buses' }).locator('td').nth(1).textContent()).toBe('north');

    await page.getByTestId('nav-lists').click();
    await page.getByTestId('list-id').fill('ofac-sdn');
    await page.getByTestId('list-format').selectOption('ofac-sdn');
    await page.getByTestId('list-files').setInputFiles([path.join(OFAC, 'sdn.csv'), path.join(OFAC, 'alt.csv')]);
    await page.getByTestId('list-file-notes').getByText('alt.csv: aliases (alt.csv)').waitFor();
    await page.getByTestId('import').click();
    await page.getByTestId('diff').waitFor();
    expect(await page.getByTestId('diff').textContent()).toContain('Added: 5');
    expect(await page.getByTestId('list-warnings').locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('MATCH_ROW_ORPHAN_ALIAS'), expect.stringContaining('MATCH_ROW_BAD_DATE')]);
    await shot('02-ofac-import');
    await page.getByTestId('publish').click();
    await page.getByText('Published version 1').waitFor();
    await page.getByTestId('lists').locator('tbody tr', { hasText: 'ofac-sdn' }).waitFor();

    // A damaged release: every bad row is listed with its code, nothing is imported, version 1 stays.
    const damaged = path.join(central.dataDir, 'sdn.csv');
    fs.writeFileSync(damaged, `${fs.readFileSync(path.join(OFAC, 'sdn.csv'), 'utf8')}36006,"DOE, John",individual,SDGT\r\n36007,-0- ,individual,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n`);
    await page.getByTestId('list-files').setInputFiles([damaged, path.join(OFAC, 'alt.csv')]);
    await page.getByTestId('import').click();
    const errors = page.getByTestId('list-errors');
    await errors.waitFor();
    expect(await errors.locator('tbody tr').allTextContents()).toEqual([expect.stringMatching(/^sdn\.csv:6error.*MATCH_ROW_COLUMNS/), expect.stringMatching(/^sdn\.csv:7error.*MATCH_ROW_NO_NAME/)]);
    expect(await page.locator('p.error').first().textContent()).toContain('MATCH_LIST_BAD_ROWS');
    await shot('02b-ofac-refused');
    // Version and entry count of the published list are those of the good release.
    expect((await page.getByTestId('lists').locator('tbody tr', { hasText: 'ofac-sdn' }).locator('td').allTextContents()).slice(2, 4)).toEqual(['1', '5']);
  });

  it('a supervisor reads an unusual-activity item in words and resolves it with a recorded decision', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, server.url, 'supervisor1');
    await page.getByTestId('nav-quality').click();
    await page.getByTestId('quality-officers').click();
    const items = page.getByTestId('officer-items');
    const override = items.locator('tbody tr', { hasText: 'Hits overridden' });
    await override.waitFor();
    expect(await override.textContent()).toContain('Officer officer-c admitted 3 of 3 travellers with an alert hit (100 %). Post norm 0 % (0 of 2, other officers at north).');
    expect(await items.locator('tbody tr', { hasText: 'Rushed decisions' }).textContent()).toContain('decided 3 of 6 crossings in under 8 s (50 %)');
    const before = await items.locator('tbody tr').count();
    await shot('03-officer-activity');
    await override.getByTestId('officer-decision').selectOption('referred-for-investigation');
    await override.getByTestId('decide-officer-note').fill('hits admitted without calling the duty supervisor');
    await override.getByTestId('decide-officer').click();
    await items.locator('tbody tr', { hasText: 'Hits overridden' }).waitFor({ state: 'detached' });
    expect(await items.locator('tbody tr').count()).toBe(before - 1);
    await page.getByTestId('officer-activity-decided').click();
    const decided = page.getByTestId('officer-items').locator('tbody tr', { hasText: 'Hits overridden' });
    await decided.waitFor();
    expect(await decided.textContent()).toContain('Referred for investigation — hits admitted without calling the duty supervisor (user:supervisor1');
    await shot('04-officer-activity-decided');
    const audit = await server.storage.access.listAudit(50);
    expect(audit.some((e: { action: string; actor: string }) => e.action === 'console.officer-activity.decide' && e.actor === 'user:supervisor1')).toBe(true);
  });
});
