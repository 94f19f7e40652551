/**
 * Watches a browser test's page for script that hostile data might run: `alert`, `confirm`
 * and `prompt` are replaced and recorded, the global the payloads set (`window.__pwned`) is
 * checked, uncaught errors and rejections are collected, and resources loaded from another
 * origin are listed.
 */
export interface ScriptWatchReport {
  dialogs: string[];
  pwned: boolean;
  errors: string[];
  foreignRequests: string[];
}

export interface ScriptWatch {
  report(): ScriptWatchReport;
  restore(): void;
}

type Global = typeof window & { __pwned?: unknown };

export function watchScripts(): ScriptWatch {
  const w = window as Global;
  delete w.__pwned;
  const dialogs: string[] = [];
  const errors: string[] = [];
  const originals = { alert: w.alert, confirm: w.confirm, prompt: w.prompt };
  w.alert = (message?: unknown) => void dialogs.push(`alert(${String(message)})`);
  w.confirm = (message?: string) => (dialogs.push(`confirm(${String(message)})`), false);
  w.prompt = (message?: string) => (dialogs.push(`prompt(${String(message)})`), null);
  const onError = (e: ErrorEvent) => errors.push(`error: ${e.message}`);
  const onRejection = (e: PromiseRejectionEvent) => errors.push(`unhandled rejection: ${String(e.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  const since = performance.now();
  return {
    report: () => ({
      dialogs: [...dialogs],
      pwned: w.__pwned !== undefined,
      errors: [...errors],
      foreignRequests: performance
        .getEntriesByType('resource')
        .filter((entry) => entry.startTime >= since)
        .map((entry) => entry.name)
        .filter((url) => new URL(url).origin !== location.origin),
    }),
    restore: () => {
      Object.assign(w, originals);
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      delete w.__pwned;
    },
  };
}
