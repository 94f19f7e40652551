import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { common } from '../../locales/common.js';
import { loadLanguage, translator, type Catalog, type CatalogKey, type Translate } from '../../locales/index.js';
import { formatCount } from '../../format/index.js';

/**
 * The language of an element: lookups in its catalogs for the provider's locale, numbers in
 * that locale, its time zone, and the wait for the language pack. An element renders only once the
 * strings of its locale are there, so it never shows English first:
 *
 * ```ts
 * protected override scheduleUpdate() {
 *   return this.i18n.afterLoading(() => super.scheduleUpdate());
 * }
 * ```
 *
 * (A controller cannot delay its host's update by itself; that one line in the element
 * does, and `updateComplete` includes the wait.)
 */
export class LocaleController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly settings: () => { locale: string; timeZone: string | undefined },
  ) {
    host.addController(this);
  }

  /** The pack of the locale starts loading as soon as the host is on the page. */
  hostConnected(): void {
    void loadLanguage(this.locale);
  }

  get locale(): string {
    return this.settings().locale;
  }

  /** The time zone dates are shown in; undefined means the browser's. */
  get timeZone(): string | undefined {
    return this.settings().timeZone;
  }

  /** Common strings in the current locale. */
  get common(): Translate<CatalogKey<typeof common>> {
    return translator(common, this.locale);
  }

  /** The lookup function of `catalog` in the current locale. */
  of<K extends string>(catalog: Catalog<K>): Translate<K> {
    return translator(catalog, this.locale);
  }

  /** A count in the current locale (`1,234` or `1.234`). */
  count(value: number): string {
    return formatCount(value, this.locale);
  }

  /** Runs `update` once the strings of the locale are loaded (at once when they are). */
  afterLoading<T>(update: () => T): T | Promise<T> {
    const pending = loadLanguage(this.locale);
    return pending === null ? update() : pending.then(update);
  }
}
