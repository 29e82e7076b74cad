import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export const languages = ['zh-CN', 'en-US'] as const;
export type Language = (typeof languages)[number];

// Every JSON file under locales/<language>/ is a namespace named after the file.
const files = import.meta.glob<{ default: Record<string, unknown> }>('../locales/*/*.json', { eager: true });
const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, module] of Object.entries(files)) {
  const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (!match) continue;
  const [, lang, ns] = match as unknown as [string, string, string];
  resources[lang] ??= {};
  resources[lang][ns] = module.default;
}

const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem('linli.language');
const initial: Language = stored === 'en-US' ? 'en-US' : 'zh-CN';

void i18n.use(initReactI18next).init({
  resources,
  lng: initial,
  fallbackLng: 'zh-CN',
  ns: Object.keys(resources['zh-CN'] ?? {}),
  defaultNS: 'common',
  nsSeparator: ':',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(language: Language): void {
  localStorage.setItem('linli.language', language);
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

export default i18n;
