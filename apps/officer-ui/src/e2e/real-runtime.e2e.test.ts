/**
 * End to end against the REAL post runtime (issue 7, "Done when"): `startDemoSystem` (the code behind
 * `borderpost demo --system`) starts central seeded with an alert list, an enrolled post runtime with an
 * emulated serial passport reader (socat PTY) and an emulated SBI fingerprint scanner, and serves the built
 * officer UI in browser mode. Debian's Chromium (fake camera) then drives: sign in, the reader presents a
 * misread passport (corrections), the alert hit, refer, fingers, photo, save, secondary decision, sync, and
 * the crossing is read back from central's API. English keyboard only; French and Arabic (right to left)
 * for sign-in, swipe, hit panel and save. axe-core after each screen; screenshots in
 * artifacts/officer-ui-real/. A latency run prints reader's last byte → form + alert result painted.
 */
import { DEMO_POST, DEMO_WANTED, demoCredentials, startDemoSystem, type RunningDemo } from '@borderpost/cli';
import { createClient, httpTransport } from '@borderpost/contract';
import { socatAvailable, syntheticDocuments } from '@borderpost/devices';
import { formatMrz } from '@borderpost/mrz';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { APP_ROOT, chromiumAvailable, ensureBundle, launchChromium, type Browser, axeProblems } from './harness';

const ARTIFACTS = path.resolve(APP_ROOT, '..', '..', 'artifacts', 'officer-ui-real');
const haveChromium = chromiumAvailable();
const haveSocat = socatAvailable();
const available = haveChromium && haveSocat;
if (!available) {
  const missing = [!haveChromium && 'Chromium (/usr/bin/chromium)', !haveSocat && 'socat'].filter(Boolean).join(' and ');
  if (process.env.CI === 'true') throw new Error(`officer-ui real-runtime e2e: ${missing} required under CI=true`);
  console.warn(`\n\n*** officer-ui real-runtime e2e SKIPPED: ${missing} not installed (apt-get install -y chromium socat) ***\n\n`);
}
const describeIfAvailable = available ? describe : describe.skip;



async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The wanted traveller as a reader misreads her: O for 0 in the birth date (the MRZ engine proposes the fix). */
function misreadWanted(): string[] {
  const [first, second] = formatMrz(DEMO_WANTED, 'TD3') as [string, string];
  expect(second.slice(13, 19)).toBe('740812');
  return [first, `${second.slice(0, 15)}O${second.slice(16)}`];
}

async function focusedTestId(page: Page): Promise<string | null | undefined> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
}

describeIfAvailable('officer UI in Chromium against the real post runtime (emulated devices)', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let client: ReturnType<typeof createClient>;
  let transport: ReturnType<typeof httpTransport>;
  let current: Page | null = null;
  let currentName = '';

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    ensureBundle();
    demo = await startDemoSystem({ buildUi: false, say: () => undefined, readerIntervalMs: null });
    // The officers reach the post with the first pull from central: wait for it before signing in.
    const secret = new URLSearchParams(new URL(demo.launchUrl).hash.slice(1)).get('secret')!;
    transport = httpTransport({ baseUrl: demo.url, secret });
    client = createClient(transport);
    for (let i = 0; i < 400; i += 1) {
      const state = await client['sync.state']({});
      if (state.ok && state.value.lastSuccessAt) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    browser = await launchChromium();
  }, 240_000);

  afterEach(async () => {
    // The post has one session whatever the page: sign out so the next test starts at the sign-in screen,
    // and keep the page's last state for a person to look at.
    if (current && !current.isClosed()) {
      await shot(current, `${currentName}-last`).catch(() => undefined);
      await current.close();
    }
    current = null;
    await client['session.signOut']({});
  });

  afterAll(async () => {
    transport?.close?.();
    await browser?.close();
    await demo?.stop();
  });

  /** Opens the launch URL, picks the language, signs in by keyboard and starts the shift; focus on the swipe area. */
  async function signIn(locale: 'en' | 'fr' | 'ar', a11y: Record<string, string[]>): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.context.newPage();
    current = page;
    currentName = locale;
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(demo.launchUrl);
    await page.getByTestId('language-picker').selectOption(locale);
    await page.waitForFunction((want) => document.documentElement.lang === want, locale);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe(locale === 'ar' ? 'rtl' : 'ltr');
    await page.getByTestId('username').focus();
    await page.keyboard.type(demoCredentials.officer.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(demoCredentials.officer.password);
    await shot(page, `${locale}-01-sign-in`);
    a11y['sign-in'] = await axeProblems(page);
    await page.keyboard.press('Enter');
    // The first sign-in picks the lane; the runtime keeps the shift open, so later sign-ins go straight to work.
    await page.locator('[data-testid="start-shift"], #swipe-zone').first().waitFor();
    if (await page.getByTestId('start-shift').isVisible()) {
      await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.type === 'radio');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
    }
    await page.getByTestId('swipe-zone').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'swipe-zone');
    await shot(page, `${locale}-02-ready`);
    a11y['ready'] = await axeProblems(page);
    return { page, errors };
  }

  /** The hit panel: refer to secondary inspection, in two explicit keyboard steps. */
  async function referHit(page: Page): Promise<void> {
    const panel = page.getByTestId('hit-panel');
    await page.keyboard.press('Escape');
    expect(await panel.isVisible()).toBe(true);
    await page.keyboard.press('Tab'); // → "Refer to secondary inspection"
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-outcome'))).toBe('referred');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab'); // note
    await page.keyboard.press('Tab'); // confirm
    expect(await focusedTestId(page)).toBe('hit-confirm');
    await page.keyboard.press('Enter');
    await panel.waitFor({ state: 'detached' });
  }

  /** Alt+F until every configured finger is captured on the emulated scanner, then Alt+P on the fake camera. */
  async function fingersAndPhoto(page: Page): Promise<void> {
    for (let press = 0; press < 12; press += 1) {
      if ((await page.locator('.finger[data-status="pending"]').count()) === 0) break;
      await page.keyboard.press('Alt+F');
      await page.waitForFunction(() => document.querySelector('.finger--scanning') === null && !document.querySelector('.finger button[disabled]'), undefined, { timeout: 20_000 });
    }
    expect(await page.locator('.finger[data-status="pending"]').count()).toBe(0);
    expect(await page.locator('.finger[data-status="captured"]').count()).toBeGreaterThan(0);
    await page.waitForFunction(() => {
      const video = document.querySelector('video');
      return video !== null && !video.hidden && video.readyState >= 2;
    });
    await page.keyboard.press('Alt+P');
    await page.getByTestId('face-preview').waitFor();
  }

  async function save(page: Page): Promise<void> {
    expect(await page.getByTestId('outcome-referred').isChecked()).toBe(true);
    await page.waitForFunction(() => !(document.querySelector('[data-testid="save-button"]') as HTMLButtonElement | null)?.disabled);
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('saved-banner').waitFor();
    await page.getByTestId('swipe-zone').waitFor();
  }

  it('runs the whole flow keyboard only in English: reader swipe, corrections, hit, refer, fingers, photo, save, secondary, sync, at central', async () => {
    const a11y: Record<string, string[]> = {};
    const { page, errors } = await signIn('en', a11y);

    // The emulated serial reader presents the wanted traveller, misread; the officer's cursor is in the
    // destination field, which must stay empty.
    const destination = page.locator('.decision input:not([type=radio])').first();
    await destination.focus();
    await demo.present!(misreadWanted());
    await page.getByTestId('corrections').waitFor();
    expect(await destination.inputValue()).toBe('');
    expect(await page.getByTestId('doc-surname').textContent()).toBe('ERIKSSON');
    await shot(page, 'en-03-corrections');
    a11y['corrections'] = await axeProblems(page);
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'corrections-accept');
    await page.keyboard.press('Enter');

    // The hit on the seeded list (central's "Demo wanted persons"), with its reason.
    const panel = page.getByTestId('hit-panel');
    await panel.waitFor();
    await page.waitForFunction(() => document.activeElement?.closest('[role="alertdialog"]') !== null);
    expect(await panel.textContent()).toContain('Demo wanted persons');
    await shot(page, 'en-04-hit');
    a11y['hit'] = await axeProblems(page);
    await referHit(page);

    await fingersAndPhoto(page);
    await shot(page, 'en-05-biometrics');
    a11y['before-save'] = await axeProblems(page);
    await save(page);
    await shot(page, 'en-06-saved');

    // Secondary inspection: F4, the referred traveller, a note and the final decision.
    await page.keyboard.press('F4');
    await page.getByTestId('secondary-list').waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('secondary-form').waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    await page.keyboard.type('Questioned; documents in order.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('[data-testid="final-admitted"]')?.checked || document.querySelector<HTMLInputElement>('[data-testid="final-refused"]')?.checked);
    if (await page.getByTestId('final-refused').isChecked()) await page.keyboard.press('ArrowLeft');
    expect(await page.getByTestId('final-admitted').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('secondary-save');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="secondary-form"]') === null);
    await shot(page, 'en-07-secondary-done');
    a11y['record'] = await axeProblems(page);

    // Sync now (Alt+S) → up to date; then the crossing is at central.
    await page.keyboard.press('Alt+S');
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-indicator"]')?.getAttribute('data-tone') === 'ok', undefined, { timeout: 20_000 });
    await page.keyboard.press('F3');
    await page.getByTestId('today-list').waitFor();
    await shot(page, 'en-08-today');
    a11y['today'] = await axeProblems(page);

    let atCentral: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 100 && atCentral.length === 0; i += 1) {
      const response = await fetch(`${demo.central.url}/api/crossings?postId=${DEMO_POST}&limit=10`, { headers: { authorization: `Bearer ${demo.central.adminToken}` } });
      expect(response.status).toBe(200);
      atCentral = ((await response.json()) as { crossings: Array<Record<string, unknown>> }).crossings.filter((row) => row.document_number === DEMO_WANTED.documentNumber);
      if (atCentral.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(atCentral).toHaveLength(1);
    expect(atCentral[0]).toMatchObject({ issuing_state: 'SWE', document_number: 'L898902C3' });

    expect(errors).toEqual([]);
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((key) => [key, []])));
    await page.close();
  }, 90_000);

  for (const locale of ['fr', 'ar'] as const) {
    it(`signs in, takes a reader swipe, shows the hit and saves in ${locale === 'fr' ? 'French' : 'Arabic (right to left)'}`, async () => {
      const a11y: Record<string, string[]> = {};
      const { page, errors } = await signIn(locale, a11y);
      await demo.present!(formatMrz(DEMO_WANTED, 'TD3'));
      const panel = page.getByTestId('hit-panel');
      await panel.waitFor();
      expect(await page.getByTestId('doc-surname').textContent()).toBe('ERIKSSON');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(locale === 'ar' ? 'rtl' : 'ltr');
      await shot(page, `${locale}-03-hit`);
      a11y['hit'] = await axeProblems(page);
      await referHit(page);
      await fingersAndPhoto(page);
      a11y['before-save'] = await axeProblems(page);
      await save(page);
      await shot(page, `${locale}-04-saved`);
      expect(errors).toEqual([]);
      expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((key) => [key, []])));
      await page.close();
    }, 60_000);
  }

  it("measures the reader's last byte → filled form with the alert result painted (real runtime)", async () => {
    const { page } = await signIn('en', {});
    const nextDocument = syntheticDocuments(11, ['TD3']);
    const endToEnd: number[] = [];
    const runs = 8;
    for (let run = 0; run < runs; run += 1) {
      await page.waitForFunction(() => document.activeElement?.id === 'swipe-zone');
      // Page side: the wall-clock time of the first frame painted after the alert result shows.
      const painted = page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const check = () => {
              if (document.querySelector('[data-testid="checks-summary"]')) requestAnimationFrame(() => resolve(Date.now()));
              else requestAnimationFrame(check);
            };
            check();
          }),
      );
      await demo.present!(nextDocument());
      const lastByte = Date.now();
      endToEnd.push((await painted) - lastByte);
      await page.keyboard.press('Alt+N');
      await page.getByTestId('checks-summary').waitFor({ state: 'detached' });
    }
    const inUi = await page.evaluate(() => (window.__borderpostTimings ?? []).filter((sample) => sample.name === 'reader-to-alert-result').map((sample) => sample.ms));
    const summary = (samples: number[]) => {
      const sorted = [...samples].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
      return `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${at(1).toFixed(1)} ms`;
    };
    expect(endToEnd).toHaveLength(runs);
    // Figures for the issue note, not assertions (the machine is shared).
    console.log(`officer-ui real-runtime e2e, ${runs} serial swipes: reader's last byte → form + alert result painted: ${summary(endToEnd)}; of which in the page (device.mrz received → painted): ${inUi.length ? summary(inUi) : 'none recorded'}`);
    await page.close();
  }, 60_000);
});
