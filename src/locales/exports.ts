import { defineMessages } from './index.js';

/** Strings of every CSV export, by what it exports (`orders`, `activation-codes`, `license-keys`). */
export const exportMessages = defineMessages('exports', {
  starting: 'Preparing the export…',
  canceled: 'The export was canceled; no file was saved.',
  'orders.progress': 'Exporting orders… {done} of {total}',
  'orders.finished.one': 'Saved {rows} order as {fileName}.',
  'orders.finished.other': 'Saved {rows} orders as {fileName}.',
  'orders.failed': 'The orders could not be exported.',
  'activation-codes.progress': 'Exporting activation codes… {done} of {total}',
  'activation-codes.finished.one': 'Saved {rows} activation code as {fileName}.',
  'activation-codes.finished.other': 'Saved {rows} activation codes as {fileName}.',
  'activation-codes.failed': 'The activation codes could not be exported.',
  'license-keys.progress': 'Exporting license keys… {done} of {total}',
  'license-keys.finished.one': 'Saved {rows} license key as {fileName}.',
  'license-keys.finished.other': 'Saved {rows} license keys as {fileName}.',
  'license-keys.failed': 'The license keys could not be exported.',
  'license-history.progress': 'Exporting the history… {done} of {total}',
  'license-history.finished.one': 'Saved {rows} history entry as {fileName}.',
  'license-history.finished.other': 'Saved {rows} history entries as {fileName}.',
  'license-history.failed': 'The history could not be exported.',
});
