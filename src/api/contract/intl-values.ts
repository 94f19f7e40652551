/**
 * Values that name something of `Intl`: a language tag and a time zone. The contract takes
 * them where the server writes for a person (a CSV file in their language and zone), and
 * holds them to what `Intl` itself accepts.
 */

/** A language tag (`en`, `de`, `de-CH`) as `Intl` takes it. */
export function isLanguageTag(value: string): boolean {
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$/.test(value)) return false;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** A time zone of the IANA database (`Europe/Berlin`, `UTC`) that `Intl` knows. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(value) || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
