/** What a benchmark started, closed in turn at its end: a failure to close one is reported and the rest still close. */
export async function closeAll(closers: readonly (() => Promise<void> | void)[]): Promise<void> {
  for (const close of closers) {
    try {
      await close();
    } catch (error) {
      console.error(`While closing: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
