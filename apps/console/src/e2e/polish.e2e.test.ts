/**
 * End to end in Debian's Chromium (issue 9, the review pass): a real central server fed by two posts
 * over PouchDB replication. An analyst reads the reports with localised headers, values and totals,
 * finds the slowest step per officer, is refused an ambiguous day, switches to French, and sees which
 * post is behind a list publication (and how central knows). A supervisor reads a crossing's full record
 * in French: the traveller's own MRZ, check digits, OCR corrections confirmed or not, risk flag, final
 * decision after secondary inspection, step durations and travel. Screenshots: artifacts/console/polish-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { exampleDocuments } from '@borderpost/schemas';
import { type RunningServer, consoleProjectorOf } from '@borderpost/server';
import type { Page } from 'playwright-core';
import { ARTIFACTS, type ConsoleScenarioServer, startConsoleServer, DAY, type PouchDoc, crossing, describeIfChromium, ensureBundle, iso, launchConsoleBrowser, localPouch, remotePouch, signIn } from './harness';

jest.setTimeout(240_000);

const LIST_HEAD = 'kind,entry_id,surname,given_names,aliases,birth_dates,sex,nationalities,issuing_state,document_number,document_type,reason,instruction\n';
const LIST_ROW = (id: string, surname: string) => `person,${id},${surname},Awa,,1975,F,MLI,,,,Notice,Refer\n`;

describeIfChromium('console polish e2e')('reports, crossing record and list holdings as a supervisor reads them', () => {
  let server: RunningServer;
  let central: ConsoleScenarioServer;
  let browser: Awaited<ReturnType<typeof launchConsoleBrowser>>;
  let page: Page;
  const now = Date.now();
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `polish-${name}.png`), fullPage: true });

  beforeAll(async () => {
    ensureBundle();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    central = await startConsoleServer('console-polish', [{ userId: 'supervisor1', role: 'supervisor' }, { userId: 'analyst1', role: 'analyst' }]);
    server = central.server;
    const access = server.storage.access;
    const analyst = await central.bearer('analyst1');
    // The list `watch` is published twice: version 2 is current.
    for (const content of [LIST_HEAD + LIST_ROW('P-1', 'TRAORE'), LIST_HEAD + LIST_ROW('P-1', 'TRAORE') + LIST_ROW('P-2', 'KEITA')]) {
      const imported = await server.app.inject({ method: 'POST', url: '/api/console/lists/imports', headers: analyst, payload: { listId: 'watch', format: 'csv', content } });
      expect(imported.statusCode).toBe(201);
      const published = await server.app.inject({ method: 'POST', url: `/api/console/lists/imports/${imported.json().importId}/publish`, headers: analyst });
      expect(published.statusCode).toBe(200);
    }
    const enrol = async (postId: string) => {
      const { code } = await access.createEnrolmentCode(postId, 'test', 60);
      return (await server.app.inject({ method: 'POST', url: '/api/stations/enrol', payload: { code, stationName: `${postId} 1` } })).json() as { token: string };
    };
    const north = await enrol('north');
    const south = await enrol('south');

    // North: a referred traveller refused after secondary inspection, read with two OCR corrections
    // (one confirmed by the officer), flagged by a risk profile, travelling by truck.
    const referred = crossing('north', 11, now - 2 * DAY, { direction: 'entry', surname: 'DIALLO', given: 'MAMADOU', birthDate: '1985-05-06', nationality: 'GIN', documentNumber: 'G7654321', officerId: 'officer-a', outcome: 'referred', final: 'refused', riskFlags: ['young-men'], expiryDate: iso(now - 10 * DAY).slice(0, 10) }) as PouchDoc & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture surgery
    const oToZero = { field: 'documentNumber', position: 2, from: 'O', to: '0' };
    referred.document = { ...referred.document, corrections: [oToZero, { field: 'birthDate', position: 4, from: 'S', to: '5' }], confirmedCorrections: [oToZero] };
    referred.travel = { purpose: 'trade', transport: 'truck', vehicle: 'AB-123-CD', destination: 'NIAMEY' };
    referred.final = { ...referred.final, reasonCode: 'FORGED_DOCUMENT', note: 'visa page altered' };
    referred.timings = { ...referred.timings, finalAt: referred.final.at };
    referred.checks.listVersions = { watch: 2 };
    // Officer b: quick reads, slow decisions (12 s → 47 s) — the transit report names that step.
    const slow = (seed: number, at: number) => {
      const doc = crossing('north', seed, at, { direction: 'exit', surname: 'OKAFOR', given: 'RAFAEL', birthDate: '1990-02-03', nationality: 'NGA', documentNumber: `A${seed}234567`, officerId: 'officer-b' }) as PouchDoc & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture surgery
      doc.timings = { startedAt: iso(at - 60_000), documentReadAt: iso(at - 56_000), biometricsAt: iso(at - 50_000), checksAt: iso(at - 47_000), decidedAt: iso(at) };
      doc.checks.listVersions = { watch: 2 };
      return doc;
    };
    // 51 entries 200 days ago, never left: more overstays than the queue's first page (50), and
    // outside the reports' default window.
    const overstayers = Array.from({ length: 51 }, (_, i) =>
      crossing('north', 100 + i, now - 200 * DAY + i * 60_000, { direction: 'entry', surname: `STAYER${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`, given: 'LONG', birthDate: `19${60 + (i % 30)}-01-0${1 + (i % 9)}`, nationality: 'NGA', documentNumber: `S${1000000 + i}` }),
    );
    // An exit admitted although the composite check digit failed (outside the reports' default window).
    const badMrz = crossing('north', 16, now - 190 * DAY, { direction: 'exit', surname: 'BADMRZ', given: 'ONE', birthDate: '1970-07-07', nationality: 'NER', documentNumber: 'N7777777' }) as PouchDoc & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture surgery
    badMrz.document = { ...badMrz.document, valid: false, checks: { ...badMrz.document.checks, composite: false } };
    const northPouch = localPouch();
    await northPouch.bulkDocs([slow(12, now - 5 * DAY), referred, slow(13, now - 3 * DAY), ...overstayers, badMrz]);
    await northPouch.replicate.to(remotePouch(`${server.url}/post-north`, north));
    await northPouch.destroy();
    // South: its newest crossing checked against watch v1, and a later health report says it still holds v1.
    const southCrossing = crossing('south', 14, now - 4 * DAY, { direction: 'entry', surname: 'KEITA', given: 'AWA', birthDate: '1975-03-04', nationality: 'MLI', documentNumber: 'M1234567', officerId: 'officer-c' }) as PouchDoc & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture surgery
    southCrossing.checks.listVersions = { watch: 1 };
    const [health] = exampleDocuments('device-health', { postId: 'south', count: 1, seed: 15, startTime: now - DAY }) as PouchDoc[];
    const southPouch = localPouch();
    await southPouch.bulkDocs([southCrossing, { ...health!, listVersions: { watch: 1 } }]);
    await southPouch.replicate.to(remotePouch(`${server.url}/post-south`, south));
    await southPouch.destroy();
    await server.projector.catchUp();
    await consoleProjectorOf(server.storage.sql).catchUp();

    browser = await launchConsoleBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await central?.close();
  });

  it('an analyst reads reports with named columns, translated values and totals, the slowest step per officer, in English then French', async () => {
    await signIn(page, server.url, 'analyst1');
    await page.getByTestId('nav-reports').click();
    // The page shown is marked for screen readers too.
    expect(await page.getByTestId('nav-reports').getAttribute('aria-current')).toBe('page');
    const report = page.getByTestId('report');
    await report.locator('tbody tr').nth(3).waitFor();
    expect(await report.locator('thead th').allTextContents()).toEqual(['Day', 'Post', 'Direction', 'Nationality', 'Crossings']);
    expect(await report.locator('tbody tr').first().locator('td').nth(2).textContent()).toBe('Exit');
    expect(await report.getByTestId('report-total').textContent()).toBe('Total4');
    expect(await page.getByTestId('report-summary').textContent()).toBe('4 crossings (Exit 2, Entry 2)');
    // A day the browser would read differently by locale is refused; the report stays as it was.
    await page.getByTestId('report-from').fill('06/01/2026');
    expect(await page.getByTestId('report-from-words').textContent()).toBe('Write the day as YYYY-MM-DD');
    expect(await report.locator('tbody tr').count()).toBe(4);
    // A first day after the last says so instead of an empty report.
    await page.getByTestId('report-to').fill(iso(now - 400 * DAY).slice(0, 10));
    await page.getByTestId('report-backwards').waitFor();
    expect(await report.count()).toBe(0);
    await page.getByTestId('report-to').fill(iso(now).slice(0, 10));
    await report.locator('tbody tr').nth(3).waitFor();
    await page.getByTestId('report-from').fill(iso(now - 30 * DAY).slice(0, 10));
    expect(await page.getByTestId('report-from-words').textContent()).not.toContain('YYYY');
    await shot('01-report-flows');
    // One nationality (the code as on the document): only the Guinean's crossing.
    await page.getByTestId('report-nationality').fill('gin');
    await report.locator('tbody tr').nth(1).waitFor({ state: 'detached' });
    expect(await report.locator('tbody tr td:nth-child(4)').allTextContents()).toEqual(['GIN']);
    await page.getByTestId('report-nationality').fill('');
    await report.locator('tbody tr').nth(3).waitFor();

    await page.getByTestId('report-kind').selectOption('transit');
    await page.getByTestId('report-by').selectOption('officer');
    await report.locator('tbody tr', { hasText: 'officer-b' }).waitFor();
    expect(await report.locator('thead th').allTextContents()).toEqual(['Post', 'Officer', 'Crossings', 'Document read (s)', 'Biometrics (s)', 'Checks (s)', 'Decision (s)', 'Mean total (s)', 'Longest (s)', 'Slowest step']);
    expect(await report.locator('tbody tr', { hasText: 'officer-b' }).locator('td').allTextContents()).toEqual(['north', 'officer-b', '2', '4.0', '6.0', '3.0', '47.0', '60.0', '60.0', 'Decision (s)']);
    expect(await report.locator('tbody tr', { hasText: 'officer-a' }).locator('td.slowest').textContent()).toBe('20.0');
    // Per post (north 3 crossings, south 1): the total row weighs each post by its crossings.
    await page.getByTestId('report-by').selectOption('post');
    await report.locator('tbody tr', { hasText: 'south' }).waitFor();
    expect(await report.getByTestId('report-total').locator('th').allTextContents()).toEqual(['Total', '4', '4.5', '13.0', '3.0', '29.5', '50.0', '60.0', 'Decision (s)']);

    // When queues form: crossings and total time per post and UTC hour, drawn over the whole day.
    await page.getByTestId('report-kind').selectOption('hours');
    await report.locator('thead th', { hasText: 'Hour (UTC)' }).waitFor();
    expect(await report.locator('thead th').allTextContents()).toEqual(['Post', 'Hour (UTC)', 'Crossings', 'Mean total (s)', 'Longest (s)']);
    expect((await report.getByTestId('report-total').locator('th').allTextContents()).slice(0, 3)).toEqual(['Total', '', '4']);
    expect(await page.locator('.recharts-line').count()).toBe(1);
    expect(await page.locator('.recharts-xAxis .recharts-cartesian-axis-tick').count()).toBeGreaterThan(6);
    await shot('07-report-hours');

    // French, kept for the next visit: the same report in French words and French numbers.
    await page.getByTestId('language').selectOption('fr');
    await page.reload();
    await page.getByTestId('nav-reports').filter({ hasText: 'Rapports' }).click();
    await page.getByTestId('report-kind').selectOption('transit');
    await page.getByTestId('report-by').selectOption('officer');
    await report.locator('tbody tr', { hasText: 'officer-b' }).waitFor();
    expect(await report.locator('thead th').allTextContents()).toEqual(['Poste', 'Agent', 'Passages', 'Lecture du document (s)', 'Biométrie (s)', 'Contrôles (s)', 'Décision (s)', 'Total moyen (s)', 'Le plus long (s)', 'Étape la plus lente']);
    expect(await report.locator('tbody tr', { hasText: 'officer-b' }).locator('td').allTextContents()).toEqual(['north', 'officer-b', '2', '4,0', '6,0', '3,0', '47,0', '60,0', '60,0', 'Décision (s)']);
    await page.getByTestId('report-kind').selectOption('decisions');
    await report.locator('tbody tr').first().waitFor();
    expect(await report.locator('thead th').allTextContents()).toEqual(['Jour', 'Poste', 'Décision', 'Passages']);
    expect(await report.locator('tbody tr').first().locator('td').nth(2).textContent()).toBe('Renvoyé');
    await shot('02-report-decisions-fr');

    // Which post holds which version of `watch`, and how central knows: south is behind.
    await page.getByTestId('nav-lists').click();
    const south = page.getByTestId('holding-south');
    await south.waitFor();
    expect(await south.getAttribute('class')).toBe('outdated');
    expect(await south.textContent()).toContain("un rapport d'état d'un poste de travail");
    expect(await south.getByTestId('holding-behind').textContent()).toBe('watch : détient la v1, la v2 est publiée (reçue à sa prochaine synchro)');
    expect(await page.getByTestId('holding-north').getAttribute('class')).toBe('');
    expect(await page.getByTestId('holding-north').textContent()).toContain('le dernier passage');
    await shot('03-list-holdings-fr');
    await page.getByTestId('language').selectOption('en');
  });

  it('a supervisor in French: a wrong password said with its code, posts, overstays paged and decided, the full crossing record, and the sign-in form back when the session ends', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.addInitScript(() => Object.defineProperty(navigator, 'language', { get: () => 'fr-FR' }));
    await page.evaluate(() => localStorage.removeItem('borderpost.console.language'));
    // A wrong password is said in French, with the server's code.
    await page.goto(`${server.url}/console/`);
    await page.getByTestId('user').fill('supervisor1');
    await page.getByTestId('password').fill('not the password');
    await page.getByTestId('sign-in').click();
    await page.locator('form.sign-in .error').waitFor();
    expect(await page.locator('form.sign-in .error').textContent()).toBe("Nom d'utilisateur ou mot de passe incorrect. (SERVER_BAD_CREDENTIALS)");
    await signIn(page, server.url, 'supervisor1');
    // Posts at a glance: south's devices from its health report, in French; times say UTC.
    const southPost = page.getByTestId('posts').locator('tbody tr', { hasText: 'south' });
    await southPost.waitFor();
    expect(await southPost.textContent()).toContain('Lecteur de documents: OK');
    expect(await southPost.textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    await shot('05-posts-fr');
    // The overstay queue comes 50 at a time; the rest is one click away.
    await page.getByTestId('nav-stays').click();
    const overstays = page.getByTestId('overstays').locator('tbody tr');
    await overstays.nth(49).waitFor();
    expect(await overstays.count()).toBe(50);
    await page.getByTestId('overstays-more').click();
    await overstays.nth(50).waitFor();
    expect(await overstays.count()).toBe(51);
    await page.getByTestId('overstays-more').waitFor({ state: 'detached' });
    // The entry behind an overstay opens as its crossing record; a departure nobody recorded is decided as such.
    const first = overstays.first();
    const name = (await first.getByTestId('overstay-entry').textContent())!;
    await first.getByTestId('overstay-entry').click();
    expect(await page.getByTestId('crossing-record').getByTestId('record-name').textContent()).toBe(name.replace(/ \(NGA\)$/, ''));
    await page.keyboard.press('Escape');
    await page.getByTestId('crossing-record').waitFor({ state: 'detached' });
    await first.getByTestId('overstay-decision').selectOption('left-unrecorded');
    await first.getByTestId('confirm-overstay-note').fill('left by the river crossing, seen by the patrol');
    // Enter in the note records it, as the button does.
    await first.getByTestId('confirm-overstay-note').press('Enter');
    await page.getByTestId('overstays').locator('tbody tr', { hasText: name }).waitFor({ state: 'detached' });
    const decisions = await server.storage.sql.query<{ decision: string; note: string }>("SELECT decision, note FROM sv_decisions WHERE queue = 'stays'");
    expect(decisions).toEqual([{ decision: 'left-unrecorded', note: 'left by the river crossing, seen by the patrol' }]);
    // Data quality: the MRZ failure admitted, opened as its record; the clock tab has nothing and says so.
    await page.getByTestId('nav-quality').click();
    await page.getByTestId('quality').locator('tbody tr', { hasText: 'BADMRZ' }).getByTestId('quality-crossing').click();
    expect(await page.getByTestId('crossing-record').getByTestId('record-check-digits').textContent()).toBe('✗ chiffre de contrôle en erreur : composite');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Horloges décalées' }).click();
    await page.getByText('Rien à examiner ici.').waitFor();
    await page.getByTestId('nav-crossings').filter({ hasText: 'Passages' }).click();
    await page.getByTestId('filter-name').fill('diallo');
    // DIALLO only entered: searching his exits says nothing matches.
    await page.getByTestId('filter-direction').selectOption('exit');
    await page.getByTestId('search').click();
    await page.getByText('Aucun passage ne correspond.').waitFor();
    await page.getByTestId('filter-direction').selectOption('entry');
    await page.getByTestId('search').click();
    const row = page.getByTestId('crossings').locator('tbody tr', { hasText: 'DIALLO' });
    await row.waitFor();
    expect(await row.locator('td').nth(6).textContent()).toBe('Renvoyé');
    await row.locator('button.link').click();
    const record = page.getByTestId('crossing-record');
    await record.getByTestId('record-mrz').waitFor();
    expect(await record.getByTestId('record-mrz').textContent()).toMatch(/^P<GINDIALLO<<MAMADOU<+\nG7654321/);
    expect(await record.getByTestId('record-check-digits').textContent()).toBe('✓ les 5 chiffres de contrôle sont valides');
    expect(await record.getByTestId('record-expiry').textContent()).toContain('expiré au moment du passage');
    expect(await record.getByTestId('record-corrections').locator('li').allTextContents()).toEqual([
      "numéro du document, caractère 3 : « O » lu, « 0 » retenu — confirmée par l'agent",
      "date de naissance, caractère 5 : « S » lu, « 5 » retenu — NON confirmée par l'agent",
    ]);
    const final = await record.getByTestId('record-final').textContent();
    expect(final).toContain('Refusé · FORGED_DOCUMENT');
    expect(final).toContain('visa page altered');
    expect(await record.getByTestId('record-flags').textContent()).toContain('young-men');
    expect(await record.getByTestId('record-travel').textContent()).toContain('camion · AB-123-CD');
    expect(await record.getByTestId('record-steps').locator('tr').allTextContents()).toEqual([
      'Lecture du document5,0 s',
      'Biométrie20,0 s',
      'Contrôles3,0 s',
      'Décision12,0 s',
      'Total (début → décision)40,0 s',
      'Contrôle approfondi (décision → finale)600,0 s',
    ]);
    await shot('04-crossing-record-fr');
    await record.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await shot('06-crossing-record-fr-end');
    // The close button has the focus when the record opens: Escape (or Enter) closes it, and the
    // focus goes back to the row that opened it.
    await page.keyboard.press('Escape');
    await record.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('DIALLO, MAMADOU');

    // The session ends (here: the cookie is gone): the next request brings back the sign-in form, saying why.
    await browser.context.clearCookies();
    await page.getByTestId('nav-posts').click();
    await page.getByTestId('session-ended').waitFor();
    expect(await page.getByTestId('session-ended').textContent()).toBe('Votre session a pris fin (expirée ou fermée) : reconnectez-vous.');
  });
});
