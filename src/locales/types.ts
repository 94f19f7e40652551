/** The shapes of the localisation layer, shared by the catalogs and the language packs. */

export interface Catalog<K extends string> {
  /** The catalog's name in the language packs. */
  readonly name: string;
  readonly en: Readonly<Record<K, string>>;
  /** Another language's strings: given inline, or filled in when its pack loads. */
  de?: Readonly<Record<K, string>>;
}

/** The keys of a catalog: `CatalogKey<typeof common>`. */
export type CatalogKey<C> = C extends Catalog<infer K> ? K : never;

/** The strings of one catalog in one language, as a pack holds them. */
export type Messages<C> = C extends Catalog<infer K> ? Record<K, string> : never;
