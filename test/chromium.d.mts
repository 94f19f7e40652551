/** Flags every test and script starts Chromium with. */
export declare const CHROMIUM_ARGS: readonly string[];
/** The Chrome or Chromium to run (`CHROME_PATH` overrides); throws when there is none. */
export declare function chromiumPath(): string;
