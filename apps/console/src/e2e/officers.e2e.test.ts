/**
 * End to end in Debian's Chromium: an administrator creates an officer in the console, gives them a
 * second post and a role, resets their password, and disables them; a post pulls each state over real PouchDB replication. A supervisor
 * sees the list read-only. Screenshots go to artifacts/console/officers-*.png.
 * (That the pulled account signs in, and is refused once disabled, at a real post runtime is proven in
 * packages/runtime/src/officers.test.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunningServer } from '@borderpost/server';
import type { Page } from 'playwright-core';
import { ARTIFACTS, type ConsoleScenarioServer, startConsoleServer, describeIfChromium, ensureBundle, launchConsoleBrowser, localPouch, remotePouch, signIn } from './harness';

jest.setTimeout(240_000);

describeIfChromium('console officers e2e')('officers managed in the console, in Chromium', () => {
  let server: RunningServer;
  let central: ConsoleScenarioServer;
  let browser: Awaited<ReturnType<typeof launchConsoleBrowser>>;
  let page: Page;
  let north: { token: string };

  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `officers-${name}.png`), fullPage: true });
  /** What the north post holds for the officer after a pull of the reference database. */
  const pullAtNorth = async () => {
    const post = localPouch();
    await post.replicate.from(remotePouch(`${server.url}/reference`, { token: north.token }));
    const doc = await post.get('user:fatou').catch(() => null);
    await post.destroy();
    return doc;
  };

  beforeAll(async () => {
    ensureBundle();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    central = await startConsoleServer('officers-e2e', [{ userId: 'admin1', role: 'admin' }, { userId: 'supervisor1', role: 'supervisor' }]);
    server = central.server;
    north = await central.enrol('north');
    await server.storage.access.ensurePost('south');
    browser = await launchConsoleBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await central?.close();
  });

  it('an administrator creates an officer, adds a post and a role, resets the password and disables them; the post pulls each state', async () => {
    await signIn(page, server.url, 'admin1');
    await page.getByTestId('nav-officers').click();
    await page.getByText('No officer yet.').waitFor();
    await page.getByTestId('new-user-id').fill('fatou');
    await page.getByTestId('new-name').fill('Fatou Sow');
    await page.getByTestId('new-password').fill('a lane password');
    await page.getByTestId('new-posts-north').check();
    await page.getByTestId('create-officer').click();
    const row = page.getByTestId('officers').locator('tbody tr', { hasText: 'fatou' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Active');
    expect(await pullAtNorth()).toMatchObject({ userId: 'fatou', name: 'Fatou Sow', roles: ['officer'], posts: ['north'], disabled: false, passwordHash: expect.stringMatching(/^scrypt\$/) });
    // The password typed in the form is in no answer the page received and in no field left filled.
    expect(await page.getByTestId('new-password').inputValue()).toBe('');
    await shot('01-created');

    await row.getByTestId('edit-fatou').click();
    await page.getByTestId('officer-edit').waitFor();
    await page.getByTestId('edit-posts-south').check();
    await page.getByTestId('edit-roles-technician').check();
    await page.getByTestId('edit-name').fill('Fatou Sow Ndiaye');
    await shot('02-edit');
    await page.getByTestId('save-officer').click();
    await page.getByTestId('officers-notice').waitFor();
    await page.getByTestId('officers').locator('tbody tr', { hasText: 'north, south' }).waitFor();
    expect(await pullAtNorth()).toMatchObject({ name: 'Fatou Sow Ndiaye', posts: ['north', 'south'], roles: ['officer', 'technician'] });

    // A password reset from the edit panel: the post receives a new hash.
    const before = (await pullAtNorth())?.passwordHash;
    expect(before).toMatch(/^scrypt\$/);
    await page.getByTestId('edit-fatou').click();
    await page.getByTestId('reset-password').fill('another lane password');
    await page.getByTestId('reset-submit').click();
    await page.getByText('Password of fatou reset').waitFor();
    expect(await page.getByTestId('officer-edit').count()).toBe(0);
    expect((await pullAtNorth())?.passwordHash).not.toBe(before);

    await page.getByTestId('disable-fatou').click();
    await page.getByTestId('enable-fatou').waitFor();
    expect(await row.textContent()).toContain('Disabled');
    expect(await pullAtNorth()).toMatchObject({ disabled: true });
    await shot('03-disabled');

    const audit = await server.storage.access.listAudit(50);
    expect(audit.filter((entry) => entry.actor === 'user:admin1' && entry.target === 'user:fatou').map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['console.officer.create', 'console.officer.update', 'console.officer.password-reset', 'console.officer.disable']),
    );
    expect(JSON.stringify(audit)).not.toMatch(/lane password|scrypt/);
  });

  it('a supervisor sees the officers but cannot change them', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, server.url, 'supervisor1');
    await page.getByTestId('nav-officers').click();
    await page.getByTestId('officers').locator('tbody tr', { hasText: 'fatou' }).waitFor();
    expect(await page.getByTestId('officer-create').count()).toBe(0);
    expect(await page.getByTestId('enable-fatou').count()).toBe(0);
    await shot('04-supervisor');
  });
});
