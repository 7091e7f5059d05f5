/** What every screen needs: the typed client and, with the FakeRuntime, its emulated devices. */
import { createContext, useCallback, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractClient, Locale } from '@borderpost/contract';
import type { ErrorData } from '@borderpost/common';
import type { FakeRuntime } from '../runtime/fake-runtime';
import { isLocale } from '../i18n';

export interface Services {
  client: ContractClient;
  /** Present only with the FakeRuntime: the dev panel drives its emulated devices. */
  emulator: FakeRuntime | null;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext.Provider>');
  return services;
}

export function useClient(): ContractClient {
  return useServices().client;
}

export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : 'en';
}

/** An error from the runtime in the officer's language: a known code has its own text, others show the code. */
export function useErrorText(): (error: ErrorData) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: ErrorData) => (i18n.exists(`errors.${error.code}`) ? t(`errors.${error.code}`) : t('errors.unknown', { code: error.code })),
    [t, i18n],
  );
}
