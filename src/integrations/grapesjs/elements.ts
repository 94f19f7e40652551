// Generated from custom-elements.json by scripts/manifest/grapesjs-elements.mjs: do not edit.
import type { KitElement } from './traits.js';

export const KIT_ELEMENTS: readonly KitElement[] = [
  {
    "tagName": "activate-dialog",
    "summary": "Activate a license for an existing or a new customer.",
    "attributes": [
      {
        "name": "light-dismiss",
        "type": "boolean",
        "description": "Clicking the backdrop asks to close the dialog."
      }
    ]
  },
  {
    "tagName": "activation-link-dialog",
    "summary": "The activation link of a license, with Copy and OK.",
    "attributes": [
      {
        "name": "light-dismiss",
        "type": "boolean",
        "description": "Clicking the backdrop asks to close the dialog."
      }
    ]
  },
  {
    "tagName": "billing-state-dialog",
    "summary": "Switch auto-renewal of an activated license on or off, now or on a date.",
    "attributes": [
      {
        "name": "light-dismiss",
        "type": "boolean",
        "description": "Clicking the backdrop asks to close the dialog."
      }
    ]
  },
  {
    "tagName": "bulk-jobs",
    "summary": "Upload a CSV of activations, check it, run it as a server job, get each row's result.",
    "attributes": [
      {
        "name": "poll-interval",
        "type": "number",
        "description": "How often a running job is looked at, in milliseconds."
      }
    ]
  },
  {
    "tagName": "buy-licenses",
    "summary": "Buy licenses of a product from the catalog.",
    "attributes": [
      {
        "name": "product-id",
        "type": "string",
        "description": "The product to preselect (Buy More passes it in the buy page's URL)."
      },
      {
        "name": "order-url",
        "type": "string",
        "description": "Where a new order is seen: a URL template with `{orderNumber}` (and `{orderId}`), relative to the page."
      }
    ]
  },
  {
    "tagName": "cancel-order-dialog",
    "summary": "Confirm and cancel an order within its cancellation window.",
    "attributes": [
      {
        "name": "light-dismiss",
        "type": "boolean",
        "description": "Clicking the backdrop asks to close the dialog."
      }
    ]
  },
  {
    "tagName": "customer-dialog",
    "summary": "Correct the details of the customer who holds a license.",
    "attributes": [
      {
        "name": "light-dismiss",
        "type": "boolean",
        "description": "Clicking the backdrop asks to close the dialog."
      }
    ]
  },
  {
    "tagName": "deactivate-dialog",
    "summary": "Deactivate an active license, after a confirmation.",
    "attributes": [
      {
        "name": "light-dismiss",
        "type": "boolean",
        "description": "Clicking the backdrop asks to close the dialog."
      }
    ]
  },
  {
    "tagName": "license-activation",
    "summary": "The customer activates a license with its activation code.",
    "attributes": [
      {
        "name": "code",
        "type": "string",
        "description": "The activation code, as the activation link carries it."
      }
    ]
  },
  {
    "tagName": "license-history-dialog",
    "summary": "A license's whole history, paged, with Export as CSV.",
    "attributes": [
      {
        "name": "light-dismiss",
        "type": "boolean",
        "description": "Clicking the backdrop asks to close the dialog."
      },
      {
        "name": "page-size",
        "type": "number",
        "description": "Entries per page (1 to 500)."
      }
    ]
  },
  {
    "tagName": "license-keys-table",
    "summary": "The license keys of one order: copy, sort, filter, export, and act on each key.",
    "attributes": [
      {
        "name": "order-id",
        "type": "string | null",
        "description": "The order whose licenses are shown; every page of them is loaded."
      },
      {
        "name": "order-number",
        "type": "string | null",
        "description": "The order number, for the export's file name; asked from the API when not given."
      },
      {
        "name": "purchased-at",
        "type": "string | null",
        "description": "When the order was bought (an instant). With it, a validity that starts with the purchase\nshows the reseller's day of purchase as its From, as the order's tile does."
      },
      {
        "name": "columns",
        "type": "string | null",
        "description": "The columns to show, comma-separated, in any order (the table keeps its own):\n`code`, `from`, `to`, `autoRenew`, `recurrent`, `distributionCompany`, `status`,\n`customer`, `activated`. Every column when not set. The activation code and Actions\nalways show."
      }
    ]
  },
  {
    "tagName": "licenses-provider",
    "summary": "Connects the elements inside it to a licenses API.",
    "attributes": [
      {
        "name": "api-base",
        "type": "string | null",
        "description": "Base URL of the licenses API, e.g. `/api/v1` or `https://licenses.example.com/api/v1`."
      },
      {
        "name": "token",
        "type": "string | null",
        "description": "A bearer token. For demos only: never put a long-lived token in a public page."
      },
      {
        "name": "credentials",
        "type": "RequestCredentials | null",
        "description": "Fetch credentials mode: `include` for a cookie-session proxy on another origin."
      },
      {
        "name": "locale",
        "type": "string | null",
        "description": "BCP 47 locale for text, dates and money; defaults to the page's `lang`, then the browser's."
      },
      {
        "name": "time-zone",
        "type": "string | null",
        "description": "IANA time zone for dates and for 'today' (e.g. `Europe/Berlin`); defaults to the browser's."
      },
      {
        "name": "buy-url",
        "type": "string | null",
        "description": "Buy More URL template with `{productId}`; defaults to the API's `buyUrl`."
      },
      {
        "name": "timeout",
        "type": "number | null",
        "description": "How long one request to `api-base` may take, in milliseconds, before the elements say\nthe server took too long and offer Retry (15,000 when not set)."
      }
    ]
  },
  {
    "tagName": "licenses-renewals",
    "summary": "Licenses expiring in 30/60/90 days: will renew or lapse, totals, bulk changes, CSV.",
    "attributes": [
      {
        "name": "days",
        "type": "number",
        "description": "The window: the next 30, 60 or 90 days, unless `from` and `to` are given."
      },
      {
        "name": "from",
        "type": "string | null",
        "description": "The first day of a window between dates (`YYYY-MM-DD`), with `to`."
      },
      {
        "name": "to",
        "type": "string | null",
        "description": "The last day of a window between dates (`YYYY-MM-DD`), with `from`."
      },
      {
        "name": "poll-interval",
        "type": "number",
        "description": "How often a running job is looked at, in milliseconds."
      }
    ]
  },
  {
    "tagName": "licenses-search",
    "summary": "Searches the reseller's orders and shows them as tiles.",
    "attributes": [
      {
        "name": "sync-url",
        "type": "boolean",
        "description": "Keeps the search in the page URL's query string (bookmarks, sharing, Back)."
      },
      {
        "name": "no-heading",
        "type": "boolean",
        "description": "Hides the 'Licenses Purchased' heading, for pages that have their own."
      },
      {
        "name": "page-size",
        "type": "number",
        "description": "Orders per page of results (1 to 200)."
      }
    ]
  },
  {
    "tagName": "order-tile",
    "summary": "An order of the reseller, collapsed to a card, expandable to its details.",
    "attributes": [
      {
        "name": "order-id",
        "type": "string | null",
        "description": "The id of an order to load and show, when `order` is not set."
      },
      {
        "name": "open",
        "type": "boolean",
        "description": "Whether the tile is expanded."
      }
    ]
  },
  {
    "tagName": "transfer-dialog",
    "summary": "Transfer an active license to an existing or a new customer.",
    "attributes": [
      {
        "name": "light-dismiss",
        "type": "boolean",
        "description": "Clicking the backdrop asks to close the dialog."
      }
    ]
  }
];
