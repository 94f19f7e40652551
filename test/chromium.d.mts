/** Flags every test and script starts Chromium with. */
export declare const CHROMIUM_ARGS: readonly string[];

/** Where to look, and how: injectable, so that the order can be tested on any machine. */
export interface ChromiumLookup {
  env?: Record<string, string | undefined>;
  exists?: (path: string) => boolean;
  /** The Chromium shipped in an npm package, used when the machine has none. */
  packaged?: () => Promise<string>;
}

/** The browser installed on the machine (`CHROME_PATH`, a usual path, or PATH), if any. */
export declare function systemChromium(lookup?: Omit<ChromiumLookup, 'packaged'>): string | undefined;

/** The Chrome or Chromium to run: the machine's own, else the one shipped in @sparticuz/chromium. */
export declare function chromiumPath(lookup?: ChromiumLookup): Promise<string>;
