/** Entry point of the bundle: pick the transport, build the typed client, render. */
import { createRoot } from 'react-dom/client';
import { createClient } from '@borderpost/contract';
import { App } from './app/App';
import { createI18n, isLocale } from './i18n';
import { chooseTransport } from './runtime/choose-transport';
import './styles.css';

const chosen = chooseTransport();
const stored = new URLSearchParams(window.location.search).get('lang');
const i18n = createI18n(isLocale(stored) ? stored : 'en');
const root = document.getElementById('root');
if (root) createRoot(root).render(<App client={createClient(chosen.transport)} i18n={i18n} emulator={chosen.fake} />);
