/** Test helpers: render a component with i18n, the services context and a FakeRuntime client. */
import type { ReactElement } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createClient, type Locale } from '@borderpost/contract';
import { createI18n } from './i18n';
import { ServicesContext } from './app/services';
import { FakeRuntime } from './runtime/fake-runtime';

export function renderWithServices(ui: ReactElement, locale: Locale = 'en', runtime = new FakeRuntime({ fingerDelayMs: 1, syncDelayMs: 1 })): RenderResult & { runtime: FakeRuntime } {
  const i18n = createI18n(locale);
  const client = createClient(runtime.transport);
  const result = render(
    <I18nextProvider i18n={i18n}>
      <ServicesContext.Provider value={{ client, emulator: runtime }}>{ui}</ServicesContext.Provider>
    </I18nextProvider>,
  );
  return { ...result, runtime };
}
