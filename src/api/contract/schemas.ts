/**
 * The licenses API contract (v1) in code: every resource, query, body and problem.
 * The TypeScript types are inferred from these schemas, the demo backend validates with
 * them, and the OpenAPI document is generated from them (with the descriptions in
 * `schema-docs.ts`, which the browser never loads). Nothing else restates the contract.
 *
 * Built on `zod/mini` so that the browser carries the validators cheaply. The elements load
 * only what `validators.ts` re-exports, lazily (through the HTTP client), and take plain
 * values from `values.ts`.
 */
import * as z from 'zod/mini';
import { isCountryCode } from './countries.js';
import { isLanguageTag, isTimeZone } from './intl-values.js';
import { isSafeLink } from './links.js';
import { ACTION_REASONS, JOB_KINDS, JOB_STATUSES, LIMITS, ORDER_STATES, PAYMENT_TYPES } from './values.js';

// The kit runs on pages with a strict Content-Security-Policy (no 'unsafe-eval'). zod's
// compiled fast path probes `new Function`, which such a page reports as a violation even
// though zod catches it; the interpreted path is fast enough for the answers we validate.
z.config({ jitless: true });

// Limits and enumeration members: plain values the elements use without loading zod.
export { ACTION_REASONS, JOB_KINDS, JOB_STATUSES, LIMITS, ORDER_STATES, PAYMENT_TYPES } from './values.js';

export const Id = z.string().check(z.minLength(1), z.maxLength(LIMITS.id));
export const Text = z.string().check(z.maxLength(LIMITS.text));
export const Instant = z.iso.datetime();
export const IsoDate = z.iso.date();
export const Count = z.int().check(z.nonnegative());
export const Email = z.email().check(z.maxLength(LIMITS.email));
export const Cursor = z.string().check(z.minLength(1), z.maxLength(LIMITS.cursor));

/** An absolute link that may be put in an `href`: `https:`, or `http:` on a loopback host. */
export const SafeLink = z.string().check(
  z.maxLength(LIMITS.url),
  z.refine(isSafeLink, 'Must be an https URL'),
);

/** A Buy More URL template holding `{productId}`; it must be a safe link once filled. */
export const BuyUrlTemplate = z.string().check(
  z.maxLength(LIMITS.url),
  z.refine((value) => isSafeLink(value.replaceAll('{productId}', 'p')), 'Must be an https URL template'),
);

export const Money = z.object({ value: z.int(), currency: z.string().check(z.regex(/^[A-Z]{3}$/)) });

// ---------------------------------------------------------------------------------------
// Enumerations
// ---------------------------------------------------------------------------------------
export const OrderState = z.enum(ORDER_STATES);
export const PaymentType = z.enum(PAYMENT_TYPES);
/** `expired` (v1.1): past `validTo` without a renewal. */
export const LicenseStatus = z.enum(['available', 'active', 'refunded', 'expired']);
export const HistoryKind = z.enum([
  'purchased',
  'activated',
  'billing_state_changed',
  'email_sent',
  // Added in v1.1:
  'customer_activated',
  'deactivated',
  'transferred',
  'customer_changed',
  'billing_change_scheduled',
  'billing_change_cancelled',
  'renewed',
  'expired',
  'refunded',
]);
export const OrderSort = z.enum([
  'purchasedAt:desc',
  'purchasedAt:asc',
  'amount:desc',
  'amount:asc',
  'orderNumber:asc',
]);
/** The order of `GET /licenses`: by the day a license lapses or renews. */
export const LicenseSort = z.enum(['validTo:asc', 'validTo:desc']);
export const JobKind = z.enum(JOB_KINDS);
export const JobStatus = z.enum(JOB_STATUSES);

/** Every error code a server answers: the contract's table, then what HTTP itself answers. */
export const ERROR_CODES = [
  'validation_failed',
  'unauthorized',
  'not_found',
  'customer_not_found',
  'license_already_active',
  'license_not_active',
  'order_refunded',
  'customer_exists',
  'payload_too_large',
  'idempotency_key_reused',
  'rate_limited',
  // Added in v1.1:
  'order_has_active_licenses',
  'cancellation_window_closed',
  'insufficient_balance',
  'license_expired',
  'no_scheduled_change',
  // Beyond the contract's table, for what HTTP itself answers:
  'method_not_allowed',
  'unsupported_media_type',
  'header_fields_too_large',
  'internal_error',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);

/** Why an action is refused; the same codes the server answers when it is tried anyway. */
export const ActionReason = z.enum(ACTION_REASONS);

// ---------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------
export const Product = z.object({ id: Id, name: Text });

/** A product the reseller may buy, with its price per license and its term. */
export const CatalogProduct = z.object({
  id: Id,
  name: Text,
  unitPrice: Money,
  termMonths: z.int().check(z.gte(1), z.lte(120)),
});

export const Action = z.object({ allowed: z.boolean(), reason: z.nullable(ActionReason) });

/** What may be done with an order now, and why not. */
export const OrderActions = z.object({ cancel: Action });

export const OrderSummary = z
  .object({
    id: Id,
    orderNumber: z.string().check(z.minLength(1), z.maxLength(LIMITS.text)),
    purchasedAt: Instant,
    user: Text,
    product: Product,
    quantity: Count,
    activeCount: Count,
    availableCount: Count,
    amount: Money,
    paymentType: PaymentType,
    state: OrderState,
    distributionCompany: z.nullable(Text),
    actions: OrderActions,
  })
  .check(
    z.refine((o) => o.activeCount + o.availableCount <= o.quantity, {
      message: 'activeCount and availableCount exceed quantity',
      path: ['activeCount'],
    }),
  );


export const LicenseActions = z.object({
  activate: Action,
  changeBillingState: Action,
  deactivate: Action,
  transfer: Action,
  cancelScheduledChange: Action,
});

/** A billing change that takes effect on a later day (`effectiveOn`), not now. */
export const ScheduledBillingChange = z.object({ recurrent: z.boolean(), effectiveOn: IsoDate });

export const LicenseCustomer = z.object({ id: Id, email: Text, organization: Text });

/** A license's fields; {@link License} and {@link FoundLicense} hold them, with {@link autoRenewRule}. */
const licenseFields = {
  id: Id,
  orderId: Id,
  activationCode: z.string().check(z.minLength(1), z.maxLength(LIMITS.text)),
  activationLink: SafeLink,
  validFrom: IsoDate,
  validTo: IsoDate,
  status: LicenseStatus,
  recurrent: z.boolean(),
  autoRenew: z.boolean(),
  distributionCompany: z.nullable(Text),
  customer: z.nullable(LicenseCustomer),
  activatedAt: z.nullable(Instant),
  /** The last day on which a billing change still affects the coming renewal; null when none is coming. */
  renewalDeadline: z.nullable(IsoDate),
  scheduledBillingChange: z.nullable(ScheduledBillingChange),
  actions: LicenseActions,
};

/** `autoRenew` is derived: it must equal `recurrent` and an active status. */
const autoRenewRule = () =>
  z.refine<{ autoRenew: boolean; recurrent: boolean; status: string }>((l) => l.autoRenew === (l.recurrent && l.status === 'active'), {
    message: 'autoRenew must equal recurrent AND status == "active"',
    path: ['autoRenew'],
  });

export const License = z.object(licenseFields).check(autoRenewRule());

/** A license found by `GET /licenses`: a {@link License} with its order's product (v1.1, additive). */
export const FoundLicense = z.object({ ...licenseFields, product: Product }).check(autoRenewRule());

/** Who did something: the reseller's user, the customer on the activation page, or the system itself. */
export const Actor = z.object({ kind: z.enum(['reseller', 'customer', 'system']), name: Text });

export const HistoryEntry = z.object({ id: Id, at: Instant, actor: Actor, kind: HistoryKind, detail: Text });

export const Customer = z
  .object({ id: Id, email: Text, organization: Text, firstName: Text, lastName: Text });

export const Me = z
  .object({
    reseller: z.object({ id: Id, name: Text }),
    user: z.object({ name: Text, email: Text }),
    currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
    buyUrl: BuyUrlTemplate,
    /** The reseller's CSS balance: the funds 'CSS balance' orders are paid from. */
    balance: Money,
  });

export const Catalog = z.object({ items: z.array(CatalogProduct).check(z.maxLength(LIMITS.products)) });

/** What the customer's activation page shows of a code: nothing of the reseller's own records. */
export const ActivationInfo = z.object({
  activationCode: z.string().check(z.minLength(1), z.maxLength(LIMITS.text)),
  product: z.object({ name: Text }),
  reseller: z.object({ name: Text }),
  validFrom: IsoDate,
  validTo: IsoDate,
  status: LicenseStatus,
});

/** What the customer hears after activating. */
export const CustomerActivationResult = z.object({
  status: z.literal('active'),
  product: z.object({ name: Text }),
  validTo: IsoDate,
});

export const ProductList = z.object({ items: z.array(Product).check(z.maxLength(LIMITS.products)) });

export const OrderPage = z
  .object({
    items: z.array(OrderSummary).check(z.maxLength(LIMITS.ordersPage)),
    nextCursor: z.nullable(Cursor),
    total: Count,
  });

export const LicensePage = z
  .object({
    items: z.array(License).check(z.maxLength(LIMITS.licensesPage)),
    nextCursor: z.nullable(Cursor),
    total: Count,
  });

/** A page of `GET /licenses`: licenses across orders, by `validTo`, each with its order's product. */
export const LicenseSearchPage = z
  .object({
    items: z.array(FoundLicense).check(z.maxLength(LIMITS.licensesPage)),
    nextCursor: z.nullable(Cursor),
    total: Count,
  });

/** How many licenses of one product match a `GET /licenses/counts`. */
export const ProductCount = z.object({ product: Product, count: Count });

/**
 * `GET /licenses/counts` (added in v1.1): how many licenses match the filters of
 * `GET /licenses` (`total`, as its pages answer it), and how many of each product, each
 * product with a match once, most matches first (then by product id).
 */
export const LicenseCounts = z.object({
  total: Count,
  byProduct: z.array(ProductCount).check(z.maxLength(LIMITS.products)),
});

/** A bulk job: how far it is, and how many of its rows succeeded and failed. */
export const Job = z
  .object({
    id: Id,
    kind: JobKind,
    status: JobStatus,
    total: Count,
    done: Count,
    succeeded: Count,
    failed: Count,
    createdAt: Instant,
    finishedAt: z.nullable(Instant),
  })
  .check(
    z.refine((j) => j.succeeded + j.failed === j.done && j.done <= j.total, {
      message: 'done must be succeeded + failed, and at most total',
      path: ['done'],
    }),
  );

/** What became of one row of a job: `row` counts from 1, `target` names what the row was about. */
export const JobResult = z.object({
  row: z.int().check(z.gte(1), z.lte(LIMITS.jobRows)),
  target: Text,
  ok: z.boolean(),
  code: z.nullable(ErrorCode),
  detail: z.nullable(Text),
  licenseId: z.nullable(Id),
});

/** A page of a job's results, in row order. */
export const JobResultPage = z.object({
  items: z.array(JobResult).check(z.maxLength(LIMITS.jobResultsPage)),
  nextCursor: z.nullable(Cursor),
});

/** A page of a license's history, oldest first; every entry is kept, and the cursors reach them all. */
export const HistoryList = z.object({
  items: z.array(HistoryEntry).check(z.maxLength(LIMITS.historyPage)),
  nextCursor: z.nullable(Cursor),
});

export const CustomerList = z.object({ items: z.array(Customer).check(z.maxLength(LIMITS.customers)) });

export const ConfirmationEmailResult = z
  .object({ to: Text, messageId: Id });

export const FieldError = z.object({ path: z.string(), message: z.string() });
export const FieldErrors = z.array(FieldError);

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int().check(z.gte(400), z.lte(599)),
    detail: z.optional(z.string()),
    code: z.string(),
    errors: z.optional(FieldErrors),
  });

// ---------------------------------------------------------------------------------------
// Queries. They accept the strings of a URL query as well as typed values.
// ---------------------------------------------------------------------------------------
/** A page size: a whole number, or its decimal digits in a URL (never `0x10`, `1e2` or `+5`). */
const limit = (max: number) =>
  z.optional(
    z.pipe(
      z.union([z.int(), z.pipe(z.string().check(z.regex(/^\d{1,9}$/, 'Must be a whole number')), z.transform(Number))]),
      z.int().check(z.gte(1), z.lte(max)),
    ),
  );
const searchText = z.string().check(z.minLength(1), z.maxLength(LIMITS.search));

export const OrdersQuery = z
  .object({
    purchasedFrom: z.optional(Instant),
    purchasedTo: z.optional(Instant),
    orderNumber: z.optional(searchText),
    productId: z.optional(Id),
    productName: z.optional(searchText),
    state: z.optional(OrderState),
    paymentType: z.optional(PaymentType),
    activationCode: z.optional(searchText),
    customerEmail: z.optional(searchText),
    distributionCompany: z.optional(searchText),
    /** v1.1: a fragment (3 characters or more) of the order number, product name, an activation code, a customer's email or the distribution company. */
    q: z.optional(z.string().check(z.trim(), z.minLength(3, 'Type at least 3 characters'), z.maxLength(LIMITS.search))),
    limit: limit(LIMITS.ordersPage),
    cursor: z.optional(Cursor),
    sort: z.optional(OrderSort),
  });

export const LicensesQuery = z
  .object({
    status: z.optional(LicenseStatus),
    q: z.optional(searchText),
    limit: limit(LIMITS.licensesPage),
    cursor: z.optional(Cursor),
  });

/** A date in a URL query, `YYYY-MM-DD`. */
const dateParam = z.optional(IsoDate);

/** `true` or `false`, typed or as the text of a URL query. */
const booleanParam = z.optional(
  z.pipe(z.union([z.boolean(), z.enum(['true', 'false'])]), z.transform((value) => value === true || value === 'true')),
);

/** Which licenses across orders: the filters of `GET /licenses` and of `GET /licenses/counts`. */
const licenseFilters = {
  status: z.optional(LicenseStatus),
  autoRenew: booleanParam,
  expiringFrom: dateParam,
  expiringTo: dateParam,
  productId: z.optional(Id),
  q: z.optional(z.string().check(z.minLength(3), z.maxLength(LIMITS.search))),
};

/** `GET /licenses`: licenses across orders, for the renewals view. */
export const LicenseSearchQuery = z
  .object({
    ...licenseFilters,
    sort: z.optional(LicenseSort),
    limit: limit(LIMITS.licensesPage),
    cursor: z.optional(Cursor),
  });

/**
 * `GET /orders/{orderId}/licenses.csv` (added in v1.1): the language of the file's headers and
 * words (and so its delimiter and decimal mark), and the time zone of its times (`en`, `UTC`).
 */
export const LicenseKeysCsvQuery = z.object({
  locale: z.optional(z.string().check(z.refine(isLanguageTag, 'Must be a language tag (en, de, de-CH)'))),
  timeZone: z.optional(z.string().check(z.refine(isTimeZone, 'Must be a time zone (Europe/Berlin)'))),
});

/** `GET /licenses/counts` (added in v1.1): the filters of `GET /licenses`, without paging. */
export const LicenseCountsQuery = z.object(licenseFilters);

export const JobResultsQuery = z.object({
  limit: limit(LIMITS.jobResultsPage),
  cursor: z.optional(Cursor),
});

export const HistoryQuery = z.object({
  limit: limit(LIMITS.historyPage),
  cursor: z.optional(Cursor),
});

export const CustomersQuery = z.object({ q: z.optional(z.string().check(z.maxLength(LIMITS.search))) });

// ---------------------------------------------------------------------------------------
// Bodies. Strict: an unknown field is a mistake worth hearing about.
// ---------------------------------------------------------------------------------------
const PersonName = z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.name));
const Phone = z.string().check(z.regex(/^\+?[0-9 ().-]{3,32}$/, 'Enter a phone number'));
const Country = z.string().check(z.refine(isCountryCode, 'Choose a country (ISO 3166-1 alpha-2)'));

export const ExistingCustomerInput = z.strictObject({
  kind: z.literal('existing'),
  email: Email,
});

export const NewCustomerInput = z.strictObject({
  kind: z.literal('new'),
  organization: PersonName,
  firstName: PersonName,
  lastName: PersonName,
  email: Email,
  phone: z.optional(Phone),
  country: Country,
});

export const ActivationRequest = z
  .strictObject({
    customer: z.discriminatedUnion('kind', [ExistingCustomerInput, NewCustomerInput]),
  });

export const CreateOrderRequest = z.strictObject({
  productId: Id,
  quantity: z.int().check(z.gte(1), z.lte(LIMITS.orderQuantity)),
  paymentType: PaymentType,
  distributionCompany: z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.name))),
});

/** Corrections to a customer: any of these fields, at least one. */
export const CustomerPatch = z
  .strictObject({
    email: z.optional(Email),
    organization: z.optional(PersonName),
    firstName: z.optional(PersonName),
    lastName: z.optional(PersonName),
    phone: z.optional(z.nullable(Phone)),
    country: z.optional(Country),
  })
  .check(z.refine((patch) => Object.keys(patch).length > 0, 'Give at least one field to change'));

export const BillingStateRequest = z
  .strictObject({
    recurrent: z.boolean(),
    /** A later day (today + 1 up to `renewalDeadline`): schedules the change instead of making it now. */
    effectiveOn: z.optional(IsoDate),
  });

const CustomerInput = z.discriminatedUnion('kind', [ExistingCustomerInput, NewCustomerInput]);
const jobRows = <T extends z.core.SomeType>(row: T) => z.array(row).check(z.minLength(1), z.maxLength(LIMITS.jobRows));

/** One row of an activation job: an activation code and its customer, as for one activation. */
export const ActivationJobRow = z.strictObject({
  activationCode: z.string().check(z.minLength(1), z.maxLength(LIMITS.search)),
  customer: CustomerInput,
});

/** `POST /jobs`: bulk work of one kind, at most 10,000 rows. */
export const JobRequest = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('activation'), rows: jobRows(ActivationJobRow) }),
  z.strictObject({
    kind: z.literal('billing_change'),
    licenseIds: jobRows(Id),
    recurrent: z.boolean(),
    effectiveOn: z.optional(IsoDate),
  }),
  z.strictObject({ kind: z.literal('confirmation_email'), orderIds: jobRows(Id) }),
]);

/** The body of a change that takes none: nothing, or `{}`. */
export const NoBody = z.optional(z.strictObject({}));

export const IdempotencyKey = z.string().check(z.regex(/^[\x21-\x7E]{1,255}$/));

// ---------------------------------------------------------------------------------------
// Types: inferred, never written twice.
// ---------------------------------------------------------------------------------------
export type Money = z.infer<typeof Money>;
export type OrderState = z.infer<typeof OrderState>;
export type PaymentType = z.infer<typeof PaymentType>;
export type LicenseStatus = z.infer<typeof LicenseStatus>;
export type HistoryKind = z.infer<typeof HistoryKind>;
export type OrderSort = z.infer<typeof OrderSort>;
export type LicenseSort = z.infer<typeof LicenseSort>;
export type JobKind = z.infer<typeof JobKind>;
export type JobStatus = z.infer<typeof JobStatus>;
export type ScheduledBillingChange = z.infer<typeof ScheduledBillingChange>;
export type LicenseSearchPage = z.infer<typeof LicenseSearchPage>;
export type LicenseSearchQuery = z.input<typeof LicenseSearchQuery>;
export type ParsedLicenseSearchQuery = z.output<typeof LicenseSearchQuery>;
export type LicenseCounts = z.infer<typeof LicenseCounts>;
export type ProductCount = z.infer<typeof ProductCount>;
export type LicenseCountsQuery = z.input<typeof LicenseCountsQuery>;
export type LicenseKeysCsvQuery = z.input<typeof LicenseKeysCsvQuery>;
export type ParsedLicenseCountsQuery = z.output<typeof LicenseCountsQuery>;
export type Job = z.infer<typeof Job>;
export type JobResult = z.infer<typeof JobResult>;
export type JobResultPage = z.infer<typeof JobResultPage>;
export type JobResultsQuery = z.input<typeof JobResultsQuery>;
export type JobRequest = z.infer<typeof JobRequest>;
export type ActivationJobRow = z.infer<typeof ActivationJobRow>;
export type ErrorCode = z.infer<typeof ErrorCode>;
export type ActionReason = z.infer<typeof ActionReason>;
export type Product = z.infer<typeof Product>;
export type CatalogProduct = z.infer<typeof CatalogProduct>;
export type Catalog = z.infer<typeof Catalog>;
export type OrderActions = z.infer<typeof OrderActions>;
export type ActivationInfo = z.infer<typeof ActivationInfo>;
export type CustomerActivationResult = z.infer<typeof CustomerActivationResult>;
export type CreateOrderRequest = z.infer<typeof CreateOrderRequest>;
export type OrderSummary = z.infer<typeof OrderSummary>;
export type Action = z.infer<typeof Action>;
export type LicenseActions = z.infer<typeof LicenseActions>;
export type License = z.infer<typeof License>;
export type FoundLicense = z.infer<typeof FoundLicense>;
export type HistoryEntry = z.infer<typeof HistoryEntry>;
export type Actor = z.infer<typeof Actor>;
export type CustomerPatch = z.infer<typeof CustomerPatch>;
export type HistoryQuery = z.input<typeof HistoryQuery>;
export type Customer = z.infer<typeof Customer>;
export type Me = z.infer<typeof Me>;
export type ProductList = z.infer<typeof ProductList>;
export type OrderPage = z.infer<typeof OrderPage>;
export type LicensePage = z.infer<typeof LicensePage>;
export type HistoryList = z.infer<typeof HistoryList>;
export type CustomerList = z.infer<typeof CustomerList>;
export type ConfirmationEmailResult = z.infer<typeof ConfirmationEmailResult>;
export type FieldError = z.infer<typeof FieldError>;
export type Problem = z.infer<typeof Problem>;
export type OrdersQuery = z.input<typeof OrdersQuery>;
export type ParsedOrdersQuery = z.output<typeof OrdersQuery>;
export type LicensesQuery = z.input<typeof LicensesQuery>;
export type ParsedLicensesQuery = z.output<typeof LicensesQuery>;
export type ActivationRequest = z.infer<typeof ActivationRequest>;
export type NewCustomerInput = z.infer<typeof NewCustomerInput>;
export type ExistingCustomerInput = z.infer<typeof ExistingCustomerInput>;
export type BillingStateRequest = z.infer<typeof BillingStateRequest>;
