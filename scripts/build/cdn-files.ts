/** The script-tag files of `dist/cdn`: each is built on its own, whole, from its entry. */
export const CDN_FILES = [
  { file: 'license-desk.js', entry: 'src/pages/reseller.ts', holds: "the reseller's elements" },
  { file: 'license-desk-activation.js', entry: 'src/pages/activation.ts', holds: 'provider + license-activation' },
  { file: 'license-desk-buy.js', entry: 'src/pages/buy.ts', holds: 'provider + buy-licenses' },
  { file: 'license-desk-bulk.js', entry: 'src/pages/bulk.ts', holds: 'provider + licenses-renewals + bulk-jobs' },
] as const;
