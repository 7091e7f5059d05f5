/**
 * End to end in Debian's Chromium (issue 9 gaps), against a real central server fed by PouchDB posts:
 * a supervisor resolves a real replication conflict side by side (and the restored post pulls the
 * resolution), edits the stay rules so that an overstay appears (validation messages first), an analyst
 * reads the rules without edit controls and reviews a hit whose reasons are said in French (an older
 * crossing falls back to its English explanation). Screenshots: artifacts/console/review-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KnownHitReason } from '@borderpost/schemas';
import { type RunningServer, consoleProjectorOf } from '@borderpost/server';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, type ConsoleScenarioServer, startConsoleServer, DAY, type Pouch, type PouchDoc, crossing, describeIfChromium, ensureBundle, launchConsoleBrowser, localPouch, remotePouch, signIn } from './harness';

jest.setTimeout(240_000);

/** Reasons as the matcher gives them for MOHAMED DIALLO born 1985-05-06 against MUHAMMAD DIALLO born 1985-06-05. */
const REASONS: KnownHitReason[] = [
  { kind: 'name', travellerName: 'DIALLO', listName: 'DIALLO', relation: 'exact' },
  { kind: 'name', travellerName: 'MOHAMED', listName: 'MUHAMMAD', relation: 'spelling-variant', nameClass: 'MUHAMMAD' },
  { kind: 'birth-date', relation: 'day-month-swapped', traveller: '1985-05-06', list: '1985-06-05' },
  { kind: 'nationality', relation: 'same', traveller: 'GIN', list: ['GIN'] },
];
const EXPLANATION = 'DIALLO = DIALLO; MOHAMED ≈ MUHAMMAD (spelling variants of MUHAMMAD); born 1985-05-06 ≈ 1985-06-05 (day and month swapped); nationality GIN';

describeIfChromium('console review e2e')('console in Chromium: conflicts, stay rules, hit reasons in French', () => {
  let server: RunningServer;
  let central: ConsoleScenarioServer;
  let browser: { context: BrowserContext; page: Page; close(): Promise<void> };
  let page: Page;
  let south: { token: string };
  let adminToken = '';
  let conflictId = '';
  let mergeId = '';
  let purposeAfterRestore = '';
  let restoredPost: Pouch;
  const now = Date.now();
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `review-${name}.png`), fullPage: true });
  const switchUser = async (user: string) => {
    await browser.context.clearCookies();
    await signIn(page, server.url, user);
  };

  beforeAll(async () => {
    ensureBundle();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    central = await startConsoleServer('console-review', [{ userId: 'supervisor1', role: 'supervisor' }, { userId: 'analyst1', role: 'analyst' }]);
    server = central.server;
    const admin = central.adminToken;
    adminToken = admin;
    const enrol = central.enrol;
    const north = await enrol('north');
    south = await enrol('south');
    const remoteSouth = () => remotePouch(`${server.url}/post-south`, { token: south.token });

    // North: a Nigerian who entered 40 days ago (no overstay under 90-in-180), a hit with reasons, and
    // an older crossing whose hit has only the English explanation.
    const stayer = crossing('north', 1, now - 40 * DAY, { direction: 'entry', surname: 'ADEYEMI', given: 'TUNDE', birthDate: '1988-08-08', nationality: 'NGA', documentNumber: 'A7777777' });
    const diallo = { direction: 'entry' as const, surname: 'DIALLO', given: 'MOHAMED', birthDate: '1985-05-06', nationality: 'GIN' };
    const withReasons = crossing('north', 2, now - 2 * DAY, { ...diallo, documentNumber: 'G1111111' });
    (withReasons.checks as { hits: unknown[] }).hits = [{ listId: 'watch', listVersion: 1, entryId: 'P-9', kind: 'person', score: 0.93, explanation: EXPLANATION, reasons: REASONS }];
    const older = crossing('north', 3, now - 5 * DAY, { ...diallo, documentNumber: 'G1111112' });
    (older.checks as { hits: unknown[] }).hits = [{ listId: 'watch', listVersion: 1, entryId: 'P-9', kind: 'person', score: 0.88, explanation: EXPLANATION }];
    const northPouch = localPouch();
    await northPouch.bulkDocs([stayer, withReasons, older]);
    await northPouch.replicate.to(remotePouch(`${server.url}/post-north`, { token: north.token }));
    await northPouch.destroy();

    // South: a station restored from an old backup edits a crossing again — a real conflict.
    const live = localPouch();
    restoredPost = localPouch();
    const doc = crossing('south', 4, now - 3 * DAY, { direction: 'exit', surname: 'MENSAH', given: 'KOFI', birthDate: '1979-01-02', nationality: 'GHA', documentNumber: 'H1234567' });
    conflictId = doc._id;
    await live.bulkDocs([doc]);
    await live.replicate.to(remoteSouth());
    await live.replicate.to(restoredPost); // the backup
    const first = await live.get(doc._id);
    await live.bulkDocs([{ ...first, decision: { ...(first.decision as object), note: 'stamp corrected by the officer' } }]);
    await live.replicate.to(remoteSouth());
    const restored = await restoredPost.get(doc._id);
    await restoredPost.bulkDocs([{ ...restored, decision: { ...(restored.decision as object), note: 'entered again after the restore' } }]);
    await restoredPost.replicate.to(remoteSouth());
    // A second record edited on both sides in different fields: merged field by field in the page.
    const both = crossing('south', 5, now - 4 * DAY, { direction: 'entry', surname: 'OWUSU', given: 'AMA', birthDate: '1990-03-04', nationality: 'GHA', documentNumber: 'H7654321' });
    mergeId = both._id;
    await live.bulkDocs([both]);
    await live.replicate.to(remoteSouth());
    await live.replicate.to(restoredPost);
    const liveBoth = await live.get(both._id);
    await live.bulkDocs([{ ...liveBoth, decision: { ...(liveBoth.decision as object), note: 'visa checked by phone' } }]);
    await live.replicate.to(remoteSouth());
    const restoredBoth = await restoredPost.get(both._id);
    // A purpose other than the example's, whatever the seed drew.
    const otherPurpose = (restoredBoth.travel as { purpose: string }).purpose === 'transit' ? 'study' : 'transit';
    purposeAfterRestore = otherPurpose;
    await restoredPost.bulkDocs([{ ...restoredBoth, travel: { ...(restoredBoth.travel as object), purpose: otherPurpose } }]);
    expect(((await restoredPost.replicate.to(remoteSouth())) as { doc_write_failures: number }).doc_write_failures).toBe(0);
    await live.destroy();

    await server.projector.catchUp();
    await consoleProjectorOf(server.storage.sql).catchUp();
    browser = await launchConsoleBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await restoredPost?.destroy();
    await browser?.close();
    await central?.close();
  });

  it('a supervisor compares the two versions of a conflicted record, keeps one with a note, and the restored post pulls it', async () => {
    await signIn(page, server.url, 'supervisor1');
    await page.getByTestId('nav-conflicts').click();
    const row = page.getByTestId('conflicts').locator('tbody tr', { hasText: conflictId });
    await row.waitFor();
    await row.getByTestId('compare-conflict').click();
    const comparison = page.getByTestId('conflict-comparison');
    await comparison.waitFor();
    // Both full versions side by side; the one differing field is highlighted.
    const differing = comparison.getByTestId('differing-field');
    expect(await differing.count()).toBe(1);
    expect(await differing.textContent()).toContain('decision.note');
    expect(await differing.textContent()).toContain('stamp corrected by the officer');
    expect(await differing.textContent()).toContain('entered again after the restore');
    expect(await comparison.locator('tbody tr', { hasText: 'traveller.surname' }).textContent()).toContain('MENSAH');
    expect(await comparison.getByTestId('differs-summary').textContent()).toBe('1 field(s) differ: decision.note');
    expect(await comparison.getByTestId('keep-version-1').isDisabled()).toBe(true); // a note is required
    await shot('01-conflict-side-by-side');
    await comparison.getByTestId('only-differing').check();
    expect(await comparison.locator('tbody tr').count()).toBe(1);

    // Which column holds the corrected version depends on the revision hashes: find it.
    const cells = await differing.locator('td').allTextContents();
    const keepIndex = cells.findIndex((text) => text === 'stamp corrected by the officer') + 1;
    expect(keepIndex).toBeGreaterThan(0);
    await comparison.getByTestId('conflict-note').fill('the restored copy missed the correction');
    await comparison.getByTestId(`keep-version-${keepIndex}`).click();
    await page.getByTestId('conflict-message').waitFor();
    await page.getByTestId('conflict-resolutions').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('conflicts').locator('tbody tr', { hasText: conflictId }).count()).toBe(0);
    const resolution = page.getByTestId('conflict-resolutions').locator('tbody tr').first();
    expect(await resolution.textContent()).toContain('the restored copy missed the correction');
    expect(await resolution.textContent()).toContain('user:supervisor1');
    await shot('02-conflict-resolved');

    // The restored station pulls its post database and ends on the kept version, with no conflict.
    await restoredPost.replicate.from(remotePouch(`${server.url}/post-south`, { token: south.token }));
    const local = (await (restoredPost as unknown as { get(id: string, options: object): Promise<PouchDoc> }).get(conflictId, { conflicts: true })) as PouchDoc & { decision: { note: string } };
    expect(local.decision.note).toBe('stamp corrected by the officer');
    expect(local._conflicts).toBeUndefined();
  });

  it('a supervisor merges a conflicted record field by field: the note from one version, the purpose from the other', async () => {
    const row = page.getByTestId('conflicts').locator('tbody tr', { hasText: mergeId });
    await row.getByTestId('compare-conflict').click();
    const comparison = page.getByTestId('conflict-comparison');
    await comparison.waitFor();
    const summary = await comparison.getByTestId('differs-summary').textContent();
    expect(summary).toMatch(/^2 field\(s\) differ: /);
    expect(summary).toContain('decision.note');
    expect(summary).toContain('travel.purpose');
    await comparison.getByTestId('merge-mode').check();
    const note = comparison.getByTestId('differing-field').filter({ hasText: 'decision.note' });
    const purpose = comparison.getByTestId('differing-field').filter({ hasText: 'travel.purpose' });
    const column = async (field: typeof note, text: string) => (await field.locator('td').allTextContents()).findIndex((cell) => cell.endsWith(text)) + 1;
    await note.getByTestId(`pick-${await column(note, 'visa checked by phone')}`).check();
    await purpose.getByTestId(`pick-${await column(purpose, purposeAfterRestore)}`).check();
    await comparison.getByTestId('conflict-note').fill('both edits were right: keep the note and the corrected purpose');
    await shot('03-conflict-merge');
    await comparison.getByTestId('write-merged').click();
    await page.getByText('Conflict resolved: merged version written.').waitFor();
    await page.getByText('No conflict waiting.').waitFor();
    expect(await page.getByTestId('conflict-resolutions').locator('tbody tr').first().textContent()).toContain('merged version written');

    await restoredPost.replicate.from(remotePouch(`${server.url}/post-south`, { token: south.token }));
    const local = (await (restoredPost as unknown as { get(id: string, options: object): Promise<PouchDoc> }).get(mergeId, { conflicts: true })) as PouchDoc & { decision: { note: string }; travel: { purpose: string } };
    expect(local.decision.note).toBe('visa checked by phone');
    expect(local.travel.purpose).toBe(purposeAfterRestore);
    expect(local._conflicts).toBeUndefined();
    expect(Object.keys(local._attachments as object)).toContain('face.jpg');
  });

  it('a supervisor adds a stay rule (refused with messages until valid) and the overstay appears at once', async () => {
    await page.getByTestId('nav-stays').click();
    await page.getByText('No overstay waiting.').waitFor();
    await page.getByTestId('nav-stayRules').click();
    await page.getByTestId('stay-rules').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('stay-rules').locator('tbody tr').count()).toBe(1);
    await page.getByTestId('add-rule').click();
    const form = page.getByTestId('rule-form');
    await form.getByTestId('rule-id').fill('default-90-in-180');
    await form.getByTestId('rule-nationalities').fill('Nigeria');
    await form.getByTestId('rule-maxDays').fill('0');
    await form.getByTestId('rule-id-error').waitFor();
    expect(await form.getByTestId('rule-id-error').textContent()).toBe('Another rule has this id.');
    expect(await form.getByTestId('rule-nationalities-error').textContent()).toContain('three-letter ICAO codes');
    expect(await form.getByTestId('rule-maxDays-error').textContent()).toContain('whole number from 1 to 3650');
    expect(await form.getByTestId('save-rule').isDisabled()).toBe(true);
    await shot('04-stay-rule-validation');

    await form.getByTestId('rule-id').fill('nga-30');
    await form.getByTestId('rule-nationalities').fill('nga');
    await form.getByTestId('rule-maxDays').fill('30');
    expect(await form.locator('.field-error').count()).toBe(0);
    await form.getByTestId('save-rule').click();
    await page.getByTestId('stay-rules-message').waitFor();
    await page.getByTestId('stay-rules').locator('tbody tr', { hasText: 'nga-30' }).waitFor();
    expect(await page.getByTestId('stay-rules').locator('tbody tr', { hasText: 'nga-30' }).textContent()).toContain('30 days per stay');
    await shot('05-stay-rules-saved');

    // Someone else saves the rules meanwhile (an administrator, through the API): this page's next save
    // is refused with the reason and the list reloads with their rule; saving again then works.
    const current = (await server.app.inject({ method: 'GET', url: '/api/console/stay-rules', headers: { authorization: `Bearer ${adminToken}` } })).json() as { rules: unknown[] };
    const other = await server.app.inject({ method: 'PUT', url: '/api/console/stay-rules', headers: { authorization: `Bearer ${adminToken}` }, payload: { rules: [...current.rules, { id: 'gha-60', match: { nationalities: ['GHA'] }, kind: 'fixed', maxDays: 60 }] } });
    expect(other.statusCode).toBe(200);
    const addGuinea = async () => {
      await page.getByTestId('add-rule').click();
      await form.getByTestId('rule-id').fill('gin-45');
      await form.getByTestId('rule-nationalities').fill('GIN');
      await form.getByTestId('rule-maxDays').fill('45');
      await form.getByTestId('save-rule').click();
    };
    await addGuinea();
    await page.getByTestId('stay-rules-error').waitFor();
    expect(await page.getByTestId('stay-rules-error').textContent()).toContain('Someone else saved the rules meanwhile');
    await page.getByTestId('stay-rules').locator('tbody tr', { hasText: 'gha-60' }).waitFor();
    await form.getByTestId('save-rule').click();
    await page.getByTestId('stay-rules').locator('tbody tr', { hasText: 'gin-45' }).waitFor();
    expect(await page.getByTestId('stay-rules').locator('tbody tr').count()).toBe(4);

    // Edit a rule (the form comes filled in), then delete it.
    await page.getByTestId('edit-rule-gin-45').click();
    expect(await form.getByTestId('rule-nationalities').inputValue()).toBe('GIN');
    await form.getByTestId('rule-kind').selectOption('rolling');
    await form.getByTestId('rule-maxDays').fill('45');
    await form.getByTestId('rule-windowDays').fill('30');
    expect(await form.getByTestId('rule-windowDays-error').textContent()).toContain('at least the days allowed');
    await form.getByTestId('rule-windowDays').fill('120');
    await form.getByTestId('save-rule').click();
    await page.getByTestId('stay-rules').locator('tbody tr', { hasText: '45 days in any 120' }).waitFor();
    await page.getByTestId('delete-rule-gin-45').click();
    expect(await page.getByTestId('stay-rules').locator('tbody tr').count()).toBe(4); // not before the confirmation
    await page.getByTestId('confirm-delete-rule-gin-45').click();
    await page.getByTestId('stay-rules').locator('tbody tr', { hasText: 'gin-45' }).waitFor({ state: 'detached' });
    expect(await page.getByTestId('stay-rules').locator('tbody tr').count()).toBe(3);

    // A second rule for Nigerians at the same precedence would never apply: refused with the reason.
    await page.getByTestId('add-rule').click();
    await form.getByTestId('rule-id').fill('ecowas');
    await form.getByTestId('rule-nationalities').fill('GHA, NGA, SEN');
    await form.getByTestId('rule-maxDays').fill('90');
    await form.getByTestId('save-rule').click();
    await page.getByTestId('stay-rules-error').filter({ hasText: 'both apply to' }).waitFor();
    expect(await page.getByTestId('stay-rules-error').textContent()).toBe('Rules nga-30 and ecowas both apply to NGA at the same precedence (the first would always win): keep it in one of them.');
    await form.getByRole('button', { name: 'Cancel' }).click();

    // Deleting the default is refused here, with the reason, before anything is sent.
    await page.getByTestId('delete-rule-default-90-in-180').click();
    await page.getByTestId('confirm-delete-rule-default-90-in-180').click();
    expect(await page.getByTestId('stay-rules-error').textContent()).toContain('Keep one rule without nationalities');

    await page.getByTestId('nav-stays').click();
    const overstay = page.getByTestId('overstays').locator('tbody tr', { hasText: 'ADEYEMI' });
    await overstay.waitFor();
    expect(await overstay.textContent()).toContain('nga-30');
    expect(await overstay.locator('strong.warn').textContent()).toBe('11');
    await shot('06-overstay-after-rule');
  });

  it('an analyst reads the stay rules without edit controls and reviews a hit whose reasons are said in French', async () => {
    // The console takes its language from the browser; this page now says it prefers French.
    await page.addInitScript(() => Object.defineProperty(navigator, 'language', { get: () => 'fr-FR' }));
    await switchUser('analyst1');
    await page.getByTestId('nav-stayRules').click();
    await page.getByTestId('stay-rules').locator('tbody tr', { hasText: 'nga-30' }).waitFor();
    expect(await page.getByTestId('add-rule').count()).toBe(0);
    expect(await page.getByTestId('edit-rule-nga-30').count()).toBe(0);
    expect(await page.getByText('Vous pouvez lire les règles').count()).toBe(1);

    await page.getByTestId('nav-hits').click();
    const rows = page.getByTestId('hits').locator('tbody tr');
    await rows.nth(1).waitFor();
    const reasons = rows.first().getByTestId('hit-reasons');
    const said = await reasons.locator('li').allTextContents();
    expect(said).toEqual([
      'DIALLO = DIALLO',
      'MOHAMED ≈ MUHAMMAD (variantes orthographiques de MUHAMMAD)',
      'né(e) le 6 mai 1985 ≈ 5 juin 1985 (jour et mois inversés)',
      'nationalité GIN',
    ]);
    // The older crossing has no reasons: its English explanation is shown as it was recorded.
    expect(await rows.nth(1).getByTestId('hit-explanation').textContent()).toBe(EXPLANATION);
    expect(await page.getByRole('columnheader', { name: 'Motif de la correspondance' }).count()).toBe(1);
    await shot('07-hits-french-reasons');

    await page.getByTestId('nav-crossings').click();
    await page.getByTestId('filter-name').fill('diallo');
    await page.getByTestId('search').click();
    await page.getByTestId('crossings').locator('tbody tr').nth(1).waitFor();
    await page.getByTestId('crossings').locator('tbody tr', { hasText: 'G1111111' }).locator('button.link').first().click();
    const record = page.getByTestId('crossing-record');
    await record.getByTestId('hit-reasons').waitFor();
    expect(await record.getByTestId('hit-reasons').textContent()).toContain('jour et mois inversés');
    expect(await record.getByText('Alertes', { exact: true }).count()).toBe(1);
    await shot('08-crossing-record-french-reasons');
  });
});
