/**
 * What an HTML sanitizer must let through for the kit's elements to survive a CMS: their
 * tags and the attributes they read. A test keeps this list equal to the custom-elements
 * manifest. The values are still checked by the sanitizer: an `api-base` holding a
 * `javascript:` URL is removed like any other.
 *
 * ```js
 * import DOMPurify from 'dompurify';
 * import { domPurifyAllowList } from 'license-desk/sanitizer';
 * DOMPurify.sanitize(html, { ...domPurifyAllowList });
 * ```
 */

/** Each element of the kit and the attributes it reads. */
export const elementAttributes = {
  'licenses-provider': ['api-base', 'token', 'credentials', 'locale', 'time-zone', 'buy-url', 'timeout'],
  'licenses-search': ['sync-url', 'no-heading', 'page-size'],
  'order-tile': ['order-id', 'open'],
  'license-keys-table': ['order-id', 'order-number', 'purchased-at', 'columns'],
  'activate-dialog': ['light-dismiss'],
  'billing-state-dialog': ['light-dismiss'],
  'activation-link-dialog': ['light-dismiss'],
  'buy-licenses': ['product-id', 'order-url'],
  'license-activation': ['code'],
  'cancel-order-dialog': ['light-dismiss'],
  'transfer-dialog': ['light-dismiss'],
  'deactivate-dialog': ['light-dismiss'],
  'customer-dialog': ['light-dismiss'],
  'license-history-dialog': ['light-dismiss', 'page-size'],
  'licenses-renewals': ['days', 'from', 'to', 'poll-interval'],
  'bulk-jobs': ['poll-interval'],
} as const satisfies Record<string, readonly string[]>;

export type ElementTag = keyof typeof elementAttributes;

/** The kit's tags. */
export const elementTags = Object.keys(elementAttributes) as ElementTag[];

/** Every attribute any element of the kit reads. */
export const elementAttributeNames: string[] = [...new Set(Object.values(elementAttributes).flat())].sort();

const tagSet = new Set<string>(elementTags);
const attributeSet = new Set(elementAttributeNames);

/** DOMPurify's options for the kit: spread them into the options of `DOMPurify.sanitize`. */
export const domPurifyAllowList = {
  ADD_TAGS: [...elementTags],
  ADD_ATTR: [...elementAttributeNames],
  CUSTOM_ELEMENT_HANDLING: {
    tagNameCheck: (tagName: string) => tagSet.has(tagName),
    attributeNameCheck: (name: string) => attributeSet.has(name),
    allowCustomizedBuiltInElements: false,
  },
};
