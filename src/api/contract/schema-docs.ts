/**
 * The descriptions of the contract's schemas, for the OpenAPI document and other JSON
 * Schema output. They live beside the schemas rather than in them, so that the browser,
 * which only validates, does not carry them. Importing this module registers them in zod's
 * global registry, where `z.toJSONSchema` finds them.
 */
import * as z from 'zod/mini';
import type { GlobalMeta } from 'zod/v4/core';
import * as S from './schemas.js';

const DOCS: [z.ZodMiniType, GlobalMeta][] = [
  [S.Instant, { description: 'ISO 8601 UTC instant, e.g. 2026-11-27T09:14:03Z' }],
  [S.IsoDate, { description: 'ISO 8601 date, e.g. 2026-11-27' }],
  [S.SafeLink, { format: 'uri' }],
  [S.Money.shape.value, { description: 'Integer amount in minor units (cents)' }],
  [S.Money.shape.currency, { description: 'ISO 4217 currency code' }],
  [S.Money, { id: 'Money', description: 'An amount of money in minor units.' }],
  [S.Product, { id: 'Product', description: 'A product the reseller has bought.' }],
  [S.OrderSummary, { id: 'OrderSummary', description: 'One order, as a tile shows it.' }],
  [S.LicenseActions, { id: 'LicenseActions', description: 'What the caller may do with the license now, and why not.' }],
  [S.License, { id: 'License', description: 'One license of an order: one activation code.' }],
  [
    S.FoundLicense,
    {
      id: 'FoundLicense',
      description: "A license found across orders: a License with its order's product (`product`, since v1.1), so that a list of them needs no order each.",
    },
  ],
  [S.HistoryEntry, { id: 'HistoryEntry', description: 'One event of a license, oldest first.' }],
  [S.Customer, { id: 'Customer', description: 'A customer of the reseller.' }],
  [S.Me, { id: 'Me', description: 'Who is calling.' }],
  [S.OrderPage, { id: 'OrderPage', description: 'One page of matching orders.' }],
  [S.LicensePage, { id: 'LicensePage', description: "One page of an order's licenses." }],
  [
    S.LicenseSearchPage,
    { id: 'LicenseSearchPage', description: "One page of licenses across orders (GET /licenses), by validTo; each item carries its order's product." },
  ],
  [
    S.LicenseCounts,
    {
      id: 'LicenseCounts',
      description:
        'How many licenses GET /licenses finds with the same filters (`total`, as its pages answer it) and how many of each product ' +
        '(`byProduct`: each product with a match once, most matches first, then by product id); added in v1.1.',
    },
  ],
  [S.ProductCount, { id: 'ProductCount', description: 'How many of the licenses counted are of this product.' }],
  [S.ConfirmationEmailResult, { id: 'ConfirmationEmailResult', description: 'Where the duplicate confirmation went.' }],
  [S.Problem.shape.code, { description: 'One of the contract error codes; clients treat unknown codes as generic errors' }],
  [S.Problem, { id: 'Problem', description: 'RFC 9457 problem details.' }],
  [S.OrdersQuery, { id: 'OrdersQuery', description: 'Search filters for GET /orders; every field optional and combinable.' }],
  [S.LicensesQuery, { id: 'LicensesQuery', description: "Filters for an order's licenses." }],
  [S.LicenseKeysCsvQuery.shape.locale, { description: "The file's language: its headers and words, its delimiter (`;` where numbers take a decimal comma) and decimal mark; `en` when not given" }],
  [S.LicenseKeysCsvQuery.shape.timeZone, { description: 'The IANA time zone of the times and validity dates in the file; `UTC` when not given' }],
  [S.ActivationRequest, { id: 'ActivationRequest', description: 'Activate for an existing customer (by email) or a new one.' }],
  [S.BillingStateRequest, { id: 'BillingStateRequest', description: 'Switch the automatic renewal of an activated license.' }],
];

for (const [schema, meta] of DOCS) z.globalRegistry.add(schema, meta);
