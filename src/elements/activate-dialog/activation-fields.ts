/**
 * The activate dialog's fields and how they meet the contract: the request built from
 * what was typed, and the schema's and the server's errors put on the fields they name.
 */
import { isApiError, type ApiError } from '../../api/contract/errors.js';
import type { ActivationRequest } from '../../api/contract/schemas.js';
import type { dialogs } from '../../locales/dialogs.js';
import type { Translate, CatalogKey } from '../../locales/index.js';
import { COUNTRY_CODES } from '../../api/contract/countries.js';

export type CustomerMode = 'existing' | 'new';
export const FIELDS = ['organization', 'firstName', 'lastName', 'email', 'phone', 'country'] as const;
export type Field = (typeof FIELDS)[number];
export type FieldValues = Record<Field, string>;
export type FieldErrors = ReadonlyMap<Field, string>;

type T = Translate<CatalogKey<typeof dialogs>>;

export function emptyValues(): FieldValues {
  return { organization: '', firstName: '', lastName: '', email: '', phone: '', country: '' };
}

function isField(name: string): name is Field {
  return (FIELDS as readonly string[]).includes(name);
}

type ActivationSchema = (typeof import('../../api/contract/validators.js'))['ActivationRequest'];

let activationSchema: ActivationSchema | undefined;

/**
 * The contract's schema for an activation. The contract's schemas are not in the bundle but
 * load lazily; the dialog asks for this one when it connects, so that by the time anyone
 * submits, `loadedActivationSchema()` has it and checking what was typed is synchronous.
 */
export async function loadActivationSchema(): Promise<ActivationSchema> {
  activationSchema ??= (await import('../../api/contract/validators.js')).ActivationRequest;
  return activationSchema;
}

/** The activation schema, once `loadActivationSchema()` has loaded it. */
export function loadedActivationSchema(): ActivationSchema | undefined {
  return activationSchema;
}

/**
 * Checks what was typed with the contract's schema. Answers the request to send, or the
 * problems keyed by field, in the person's language.
 */
export function parseActivation(
  schema: ActivationSchema,
  mode: CustomerMode,
  v: FieldValues,
  t: T,
): { request: ActivationRequest; errors?: never } | { request?: never; errors: Map<Field, string> } {
  const email = v.email.trim();
  const phone = v.phone.trim();
  const input =
    mode === 'existing'
      ? { customer: { kind: 'existing', email } }
      : {
          customer: {
            kind: 'new',
            organization: v.organization,
            firstName: v.firstName,
            lastName: v.lastName,
            email,
            ...(phone === '' ? {} : { phone }),
            country: v.country,
          },
        };
  const result = schema.safeParse(input);
  if (result.success) return { request: result.data };
  const errors = new Map<Field, string>();
  for (const issue of result.error.issues) {
    const name = String(issue.path[1] ?? '');
    if (!isField(name) || errors.has(name)) continue;
    const max = issue.code === 'too_big' ? Number(issue.maximum) : null;
    errors.set(name, max !== null ? t('tooLong', { max }) : t(`invalid.${name}`));
  }
  return { errors };
}

/**
 * A problem the server answered. The `errors` of an answer the client could not read
 * (`invalid_response`) name fields of that answer, not of the form.
 */
function isServerProblem(error: unknown): error is ApiError {
  return isApiError(error) && error.code !== 'invalid_response';
}

/** The server's objections, on the fields they name; the rest stay with the problem. */
export function serverFieldErrors(error: unknown, t: T): Map<Field, string> {
  const errors = new Map<Field, string>();
  if (!isServerProblem(error)) return errors;
  if (error.code === 'customer_not_found' || error.code === 'customer_exists') {
    errors.set('email', t(`problem.${error.code}`));
  }
  for (const [name, message] of error.fieldErrors('customer.')) {
    if (isField(name) && !errors.has(name)) errors.set(name, message);
  }
  return errors;
}

/** Field errors of the server that name no field on the form (`path: message`). */
export function strayFieldErrors(error: unknown): string[] {
  if (!isServerProblem(error)) return [];
  return error.errors
    .filter((e) => !(e.path.startsWith('customer.') && isField(e.path.slice('customer.'.length))))
    .map((e) => `${e.path}: ${e.message}`);
}

const countryCache = new Map<string, readonly { code: string; name: string }[]>();

/** Every country a customer may be registered in, by name in `locale`, sorted for it. */
export function countryOptions(locale: string): readonly { code: string; name: string }[] {
  let list = countryCache.get(locale);
  if (list === undefined) {
    let names: Intl.DisplayNames;
    let collator: Intl.Collator;
    try {
      names = new Intl.DisplayNames(locale, { type: 'region' });
      collator = new Intl.Collator(locale);
    } catch {
      names = new Intl.DisplayNames('en', { type: 'region' });
      collator = new Intl.Collator('en');
    }
    list = COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) =>
      collator.compare(a.name, b.name),
    );
    countryCache.set(locale, list);
  }
  return list;
}
