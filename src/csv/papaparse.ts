/**
 * papaparse as an ES module. `loadPapaparse` imports this module lazily, so that the
 * CommonJS interop papaparse needs travels in the lazy chunk with it, not in the bundle.
 */
import Papa from 'papaparse';

export default Papa;
