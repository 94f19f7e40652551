/** The columns of a license history's CSV: what the dialog shows, with the instant in ISO form. */
import type { HistoryEntry } from '../../api/contract/schemas.js';
import type { CsvColumn } from '../../csv/csv.js';
import { translator } from '../../locales/index.js';
import { licenseDialogs } from '../../locales/license-dialogs.js';

export function historyColumns(locale: string): readonly CsvColumn<HistoryEntry>[] {
  const t = translator(licenseDialogs, locale);
  return [
    { header: t('history.when'), value: (e) => e.at },
    { header: t('history.who'), value: (e) => `${e.actor.name} (${t(`actor.${e.actor.kind}`)})` },
    { header: t('history.what'), value: (e) => t(`kind.${e.kind}`) },
    { header: t('history.detail'), value: (e) => e.detail },
  ];
}
