/**
 * End to end in Debian's Chromium: the console served by a real central server (SQLite) that two
 * posts fed over real PouchDB replication. A supervisor finds and confirms an overstay, merges a
 * duplicate (and a post pulls the merge); an analyst dismisses a hit, imports and publishes a list (a
 * post pulls it) and exports a report as CSV. Screenshots go to artifacts/console/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { exampleDocuments } from '@borderpost/schemas';
import { type RunningServer, consoleProjectorOf } from '@borderpost/server';
import type { Page } from 'playwright-core';
import { ARTIFACTS, type ConsoleScenarioServer, DAY, type PouchDoc, crossing, describeIfChromium as describeIfChromiumFor, ensureBundle, launchConsoleBrowser, localPouch, remotePouch, signIn as signInAs, startConsoleServer } from './harness';

const describeIfChromium = describeIfChromiumFor('console e2e');
jest.setTimeout(240_000);

describeIfChromium('supervisor console in Chromium, fed by two posts', () => {
  let server: RunningServer;
  let central: ConsoleScenarioServer;
  let browser: Awaited<ReturnType<typeof launchConsoleBrowser>> | undefined;
  let page: Page;
  let north: { token: string };
  let south: { token: string };
  const now = Date.now();

  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const signIn = (user: string) => signInAs(page, server.url, user);

  beforeAll(async () => {
    ensureBundle();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    central = await startConsoleServer('console-e2e-data', [
      { userId: 'supervisor1', role: 'supervisor' },
      { userId: 'analyst1', role: 'analyst' },
      { userId: 'admin1', role: 'admin' },
    ]);
    server = central.server;
    const enrol = central.enrol;
    north = await enrol('north');
    south = await enrol('south');
    const visitor = { surname: 'DIALLO', given: 'MAMADOU', birthDate: '1985-05-06', nationality: 'GIN', documentNumber: 'G7654321' };
    const northPouch = localPouch();
    const [t1] = exampleDocuments('traveller', { postId: 'north', count: 1, seed: 4 }) as PouchDoc[];
    const [t2] = exampleDocuments('traveller', { postId: 'south', count: 1, seed: 5 }) as PouchDoc[];
    await northPouch.bulkDocs([
      crossing('north', 1, now - 120 * DAY, { direction: 'entry', surname: 'OKAFOR', given: 'RAFAEL', birthDate: '1990-02-03', nationality: 'NGA', documentNumber: 'A1234567' }),
      crossing('north', 2, now - 10 * DAY, { direction: 'entry', ...visitor, hit: true }),
      // The same man under two records: his old passport at north, a new one at south.
      { ...t1!, surname: 'DIALLO', givenNames: 'MAMADOU ALPHA', birthDate: visitor.birthDate, sex: 'M', nationality: 'GIN', documents: [{ issuingState: 'GIN', documentNumber: visitor.documentNumber }] },
    ]);
    await northPouch.replicate.to(remotePouch(`${server.url}/post-north`, { token: north.token }));
    const southPouch = localPouch();
    await southPouch.bulkDocs([crossing('south', 3, now - 2 * DAY, { direction: 'exit', ...visitor }), { ...t2!, surname: 'DIALLO', givenNames: 'MAMADU ALPHA', birthDate: visitor.birthDate, sex: 'M', nationality: 'GIN', documents: [{ issuingState: 'GIN', documentNumber: 'G0000001' }] }]);
    await southPouch.replicate.to(remotePouch(`${server.url}/post-south`, { token: south.token }));
    await server.projector.catchUp();
    await consoleProjectorOf(server.storage.sql).catchUp();
    await northPouch.destroy();
    await southPouch.destroy();

    browser = await launchConsoleBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await central?.close();
  });

  it('a supervisor sees the posts, finds and confirms the overstay, opens a crossing, and merges a duplicate that a post pulls', async () => {
    await signIn('supervisor1');
    await page.getByTestId('posts').waitFor();
    // The table is drawn before its rows arrive: wait for the second row, then count.
    await page.getByTestId('posts').locator('tbody tr').nth(1).waitFor();
    expect(await page.getByTestId('posts').locator('tbody tr').count()).toBe(2);
    await shot('01-posts');

    await page.getByTestId('nav-stays').click();
    const overstay = page.getByTestId('overstays').locator('tbody tr', { hasText: 'OKAFOR' });
    await overstay.waitFor();
    expect(await overstay.textContent()).toContain('A1234567');
    await shot('02-overstay');
    await overstay.getByTestId('confirm-overstay-note').fill('reported to immigration');
    await overstay.getByTestId('confirm-overstay').click();
    await page.getByText('No overstay waiting.').waitFor();

    await page.getByTestId('nav-crossings').click();
    await page.getByTestId('filter-name').fill('dial');
    await page.getByTestId('search').click();
    await page.getByTestId('crossings').locator('tbody tr').nth(1).waitFor();
    await page.getByTestId('crossings').locator('tbody tr button.link').first().click();
    const record = page.getByTestId('crossing-record');
    await record.waitFor();
    await record.locator('img[alt="Face photo"]').waitFor();
    expect(await record.locator('img[alt="Face photo"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // The MRZ shown is the traveller's own document, its check digits valid.
    expect(await record.getByTestId('record-mrz').textContent()).toMatch(/^P<GINDIALLO<<MAMADOU<+\nG7654321/);
    expect(await record.getByTestId('record-check-digits').textContent()).toContain('all 5 check digits valid');
    await shot('03-crossing-record');

    await page.getByTestId('nav-duplicates').click();
    const duplicate = page.getByTestId('duplicates').locator('tbody tr').first();
    await duplicate.waitFor();
    // Both records compared by name and post; the south one is kept this time.
    const records = duplicate.getByTestId('duplicate-records').locator('li');
    expect(await records.allTextContents()).toEqual([expect.stringMatching(/^DIALLO, MAMADOU ALPHA · May 6, 1985 · M · GIN · GIN G7654321 · north/), expect.stringMatching(/^DIALLO, MAMADU ALPHA · May 6, 1985 · M · GIN · GIN G0000001 · south/)]);
    await records.nth(1).getByTestId('duplicate-survivor').check();
    await shot('04-duplicate');
    await duplicate.getByTestId('merge-note').fill('same person, new passport');
    await duplicate.getByTestId('merge').click();
    await page.getByText('No duplicate waiting.').waitFor();

    const post = localPouch();
    await post.replicate.from(remotePouch(`${server.url}/reference`, { token: south.token }));
    const merges = await post.allDocs({ startkey: 'merge:', endkey: 'merge:\uffff', include_docs: true });
    expect(merges.rows).toHaveLength(1);
    expect(merges.rows[0]!.doc!.mergedIds).toEqual([expect.stringMatching(/^traveller:north:/)]);
    expect(merges.rows[0]!.doc!.survivorId).toMatch(/^traveller:south:/);
    await post.destroy();
    const audit = await server.storage.access.listAudit(100);
    expect(audit.filter((e: { actor: string }) => e.actor === 'user:supervisor1').map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['console.stays.decide', 'console.crossing.view', 'console.merge.create']));
  });

  it('an analyst dismisses a hit, publishes a list a post pulls, and exports a report', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('analyst1');
    await page.getByTestId('nav-hits').click();
    const hit = page.getByTestId('hits').locator('tbody tr').first();
    await hit.waitFor();
    // The crossing behind the hit opens beside the queue: who it is, and the hit in the record.
    await hit.getByTestId('hit-crossing').click();
    const record = page.getByTestId('crossing-record');
    expect(await record.getByTestId('record-name').textContent()).toBe('DIALLO, MAMADOU');
    expect(await record.getByTestId('record-hits').textContent()).toContain('national-watchlist/P-001');
    await record.getByRole('button', { name: 'Close' }).click();
    await hit.getByTestId('dismiss-hit-note').fill('namesake, other birth date');
    await hit.getByTestId('dismiss-hit').click();
    await page.getByText('No hit waiting.').waitFor();
    // The decided hits keep who decided what and why.
    await page.getByTestId('hits-decided').click();
    await page.getByTestId('hit-review').waitFor();
    expect(await page.getByTestId('hit-review').textContent()).toMatch(/^Dismissed — namesake, other birth date \(user:analyst1, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)$/);
    await page.getByTestId('hits-open').click();
    await page.getByTestId('hit-stats').locator('tbody tr', { hasText: 'national-watchlist' }).waitFor();
    expect(await page.getByTestId('hit-stats').locator('tbody tr').first().textContent()).toContain('national-watchlistnorth1010');
    await shot('05-hits');

    await page.getByTestId('nav-lists').click();
    await page.getByTestId('list-id').fill('watch');
    await page.getByTestId('list-content').fill(
      'kind,entry_id,surname,given_names,aliases,birth_dates,sex,nationalities,issuing_state,document_number,document_type,reason,instruction\nperson,P-001,DIALLO,Mamadou,,1980-03-12,M,GIN,,,,Notice,Call supervisor\nperson,P-002,TRAORE,Awa,,1975,F,MLI,,,,Notice,Refer\n',
    );
    await page.getByTestId('import').click();
    await page.getByTestId('diff').waitFor();
    expect(await page.getByTestId('diff').textContent()).toContain('Added: 2');
    await shot('06-list-diff');
    await page.getByTestId('publish').click();
    await page.getByText('Published version 1').waitFor();
    await page.getByTestId('lists').locator('tbody tr', { hasText: 'watch' }).waitFor();
    await shot('07-list-published');
    const post = localPouch();
    await post.replicate.from(remotePouch(`${server.url}/reference`, { token: north.token }));
    expect(await post.get('alert-list:watch')).toMatchObject({ version: 1, entryCount: 2 });
    await post.destroy();

    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report').locator('tbody tr').first().waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await shot('08-report');
    expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe('day,post,direction,nationality,crossings');
    expect(csv.trim().split('\n')).toHaveLength(4);
  });

  it('an administrator sees users and stations and makes an enrolment code', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('admin1');
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('users').locator('tbody tr', { hasText: 'analyst1' }).waitFor();
    await page.getByTestId('stations').locator('tbody tr').nth(1).waitFor();
    expect(await page.getByTestId('stations').locator('tbody tr').count()).toBe(2);
    await page.getByTestId('code-post').fill('east');
    await page.getByTestId('create-code').click();
    await page.getByTestId('enrolment-code').waitFor();
    expect(await page.getByTestId('enrolment-code').textContent()).toMatch(/east.*[0-9A-Z]{5}-[0-9A-Z]{5}/);
    await shot('09-admin');
  });
});
