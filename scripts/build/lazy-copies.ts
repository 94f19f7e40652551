/**
 * A Vite plugin that makes a lazily imported module's chunk load on its own. Rollup-style
 * code splitting would let that chunk import the modules it shares with the bundle back
 * from `license-desk.js` (Rolldown moves them into a common chunk instead, which splits the
 * bundle); either breaks the single file, and the first breaks as soon as a page serves the
 * bundle under another name or URL. Instead, the lazy module and the kit's own modules it
 * imports are compiled a second time into its chunk; they are small and free of state that
 * would need to be shared (the context key, the registration mark and the context root are
 * global symbols, so copies meet).
 *
 * Packages are not copied for `lazy` modules (zod, which the bundle does not use). A lazy
 * element (`standalone`) uses Lit as the bundle does: its chunk takes a copy of the packages
 * too, so that the bundle stays whole; it loads only when the element is first needed.
 */
import type { Plugin } from 'vite';

/** Marks the ids of the copies, so that their own imports are copied too. */
const COPY = '?lazy-copy';
/** Marks the ids of the copies whose packages are copied too. */
const ALONE = '?lazy-alone';

/**
 * Copies the modules matching `lazy` or `standalone`, when imported with `import()`, into
 * their own chunks; those matching `standalone` with the packages they import.
 */
export function lazyCopies(lazy: RegExp, standalone?: RegExp): Plugin {
  return {
    name: 'license-desk:lazy-copies',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const copyOf = importer?.endsWith(ALONE) ? ALONE : importer?.endsWith(COPY) ? COPY : null;
      if (copyOf === null && options.kind !== 'dynamic-import') return null;
      const from = copyOf === null ? importer : importer!.slice(0, -copyOf.length);
      // What a copy imports lazily (a language pack) is the chunk the bundle loads, not a copy of it.
      const mark = options.kind === 'dynamic-import' ? null : copyOf;
      const resolved = await this.resolve(source, from, { ...options, skipSelf: true });
      // The bundler's own virtual modules (Vite's preload helper) are never copied.
      if (resolved === null || resolved.external || resolved.id.startsWith('\0')) return resolved;
      const isPackage = /[\\/]node_modules[\\/]/.test(resolved.id);
      if (mark === ALONE) return { ...resolved, id: `${resolved.id}${ALONE}` };
      if (isPackage) return resolved;
      if (mark === COPY) return { ...resolved, id: `${resolved.id}${COPY}` };
      if (standalone?.test(resolved.id)) return { ...resolved, id: `${resolved.id}${ALONE}` };
      if (lazy.test(resolved.id)) return { ...resolved, id: `${resolved.id}${COPY}` };
      return resolved;
    },
  };
}
