/**
 * custom-elements.json is generated (`npm run build:manifest`), so it may not exist yet when
 * the project is type-checked; its shape, for that case.
 */
declare module '*/custom-elements.json' {
  const manifest: { schemaVersion: string; modules: unknown[] };
  export default manifest;
}
