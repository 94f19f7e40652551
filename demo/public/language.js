// The storefront's language switch. The kit takes its language from the provider's
// `locale` attribute; this sets it from the choice, and remembers the choice for the next
// visit. A file of its own, since the page's Content-Security-Policy allows no inline script.
const KEY = 'northwind-locale';
const LOCALES = ['en', 'de-DE'];

const select = document.getElementById('language');
const providers = () => document.querySelectorAll('licenses-provider');

function remembered() {
  try {
    const value = localStorage.getItem(KEY);
    return LOCALES.includes(value) ? value : null;
  } catch {
    return null; // Storage can be blocked; the page then starts in English.
  }
}

function apply(locale) {
  for (const provider of providers()) provider.setAttribute('locale', locale);
  document.documentElement.lang = locale;
  if (select) select.value = locale;
}

const initial = remembered();
if (initial) apply(initial);

select?.addEventListener('change', () => {
  const locale = LOCALES.includes(select.value) ? select.value : 'en';
  apply(locale);
  try {
    localStorage.setItem(KEY, locale);
  } catch {
    // Not remembered, but switched all the same.
  }
});
