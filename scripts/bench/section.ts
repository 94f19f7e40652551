/** What every part of `npm run bench` provides; each registers in the sections map of index.ts. */

/** One part of the benchmark, run by `npm run bench -- <name>` or with all the others. */
export interface BenchSection {
  /** What it measures, in one line. */
  title: string;
  /**
   * Measures and prints its tables through `print`. Resolves to the checks that failed:
   * wrong answers or errors, which make the run fail. Missed timing targets are only
   * reported, since timings on a shared machine are noisy.
   */
  run(print: (text: string) => void): Promise<{ failures: string[] }>;
}
