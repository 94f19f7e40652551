/**
 * The localisation layer. Every visible string of the kit comes from a catalog defined
 * with `defineMessages`, looked up by the provider's locale.
 *
 * English, the source language, is in the catalogs themselves. Other languages come in one
 * pack per language (`de.ts`), which loads the first time an element renders for that
 * language: a page in English never fetches it, and a page in German fetches it once, while
 * its first request is on the way. Elements wait for the pack before they render (see
 * `LocaleController.afterLoading`), so nobody sees English first.
 */
export const SUPPORTED_LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

import type { Catalog } from './types.js';

export type { Catalog, CatalogKey, Messages } from './types.js';

/** A language's strings for every catalog, by catalog name. */
type Pack = Record<string, Record<string, string> | undefined>;

const catalogs = new Map<string, Catalog<string>>();

/**
 * Declares a catalog with its English strings. Its other languages come from their packs;
 * a module that must not wait for a pack (the CSV headers, used synchronously) gives them
 * inline instead, covering exactly the English keys.
 */
export function defineMessages<const E extends Record<string, string>>(
  name: string,
  en: E,
  de?: { [K in keyof E]: string },
): Catalog<Extract<keyof E, string>> {
  const catalog: Catalog<Extract<keyof E, string>> = de === undefined ? { name, en } : { name, en, de };
  if (de === undefined) {
    catalogs.set(name, catalog);
    // A catalog of an element that loads lazily may come after its language's pack.
    for (const [language, pack] of packs) {
      const strings = pack[name];
      if (strings !== undefined) catalog[language] = strings as typeof en;
    }
  }
  return catalog;
}

/** The catalog language for a BCP 47 locale (`de-AT` → `de`); English otherwise. */
export function languageOf(locale: string): Language {
  const base = locale.toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Language) : 'en';
}

const PACKS: Record<Exclude<Language, 'en'>, () => Promise<{ default: Pack }>> = {
  de: () => import('./de.js'),
};

const loading = new Map<Language, Promise<void>>();
const packs = new Map<Exclude<Language, 'en'>, Pack>();
const loaded = new Set<Language>(['en']);

/**
 * Loads the language pack of `locale`, once. Resolves when its strings are in the catalogs;
 * `null` when they already are (English always is). When the pack cannot be loaded, the
 * elements stay in English rather than wait for it again on every update.
 */
export function loadLanguage(locale: string): Promise<void> | null {
  const language = languageOf(locale);
  if (language === 'en' || loaded.has(language)) return null;
  let pending = loading.get(language);
  if (pending === undefined) {
    pending = PACKS[language]()
      .then(({ default: pack }) => {
        packs.set(language, pack);
        for (const [name, catalog] of catalogs) {
          const strings = pack[name];
          if (strings !== undefined) catalog[language] = strings;
        }
      })
      .catch(() => undefined)
      .then(() => {
        loaded.add(language);
        loading.delete(language);
      });
    loading.set(language, pending);
  }
  return pending;
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * The key of the plural form of `base` for `count` in `locale`: `base.one` or `base.other`,
 * chosen by `Intl.PluralRules` (the kit's languages have these two forms for counts).
 */
export function pluralKey<B extends string>(base: B, count: number, locale: string): `${B}.one` | `${B}.other` {
  let rules = pluralRules.get(locale);
  if (rules === undefined) {
    try {
      rules = new Intl.PluralRules(locale);
    } catch {
      rules = new Intl.PluralRules('en');
    }
    pluralRules.set(locale, rules);
  }
  return rules.select(count) === 'one' ? `${base}.one` : `${base}.other`;
}

export type Params = Record<string, string | number>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

/** A lookup function for one catalog and locale; `{name}` placeholders are filled from params. */
export function translator<K extends string>(catalog: Catalog<K>, locale: string): Translate<K> {
  const table = catalog[languageOf(locale)] ?? catalog.en;
  return (key, params) => {
    const text = table[key] ?? catalog.en[key] ?? key;
    if (params === undefined) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.hasOwn(params, name) ? String(params[name]) : whole,
    );
  };
}
