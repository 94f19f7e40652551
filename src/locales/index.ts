/**
 * The localisation layer. Every visible string of the kit comes from a catalog defined
 * with `defineMessages` (English and German to start), looked up by the provider's locale.
 */
export const SUPPORTED_LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export interface Catalog<K extends string> {
  en: Record<K, string>;
  de: Record<K, string>;
}

/** Declares a catalog; the German entries must cover exactly the English keys. */
export function defineMessages<const E extends Record<string, string>>(
  en: E,
  de: { [K in keyof E]: string },
): Catalog<Extract<keyof E, string>> {
  return { en, de } as Catalog<Extract<keyof E, string>>;
}

/** The catalog language for a BCP 47 locale (`de-AT` → `de`); English otherwise. */
export function languageOf(locale: string): Language {
  const base = locale.toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Language) : 'en';
}

export type Params = Record<string, string | number>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

/** A lookup function for one catalog and locale; `{name}` placeholders are filled from params. */
export function translator<K extends string>(catalog: Catalog<K>, locale: string): Translate<K> {
  const table = catalog[languageOf(locale)];
  return (key, params) => {
    const text = table[key] ?? catalog.en[key] ?? key;
    if (params === undefined) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.hasOwn(params, name) ? String(params[name]) : whole,
    );
  };
}
