/**
 * Checked by `npm run typecheck`: the plugin's own small editor type accepts GrapesJS's real
 * `Editor`, so `grapesjs.init({ plugins: [licenseDesk] })` type-checks in a reseller's app.
 */
import type { EditorConfig, Plugin } from 'grapesjs';
import licenseDesk, { type LicenseDeskGrapesOptions } from '../../src/integrations/grapesjs/index.js';

export const plugin: Plugin<LicenseDeskGrapesOptions> = licenseDesk;
export const config: EditorConfig = { plugins: [licenseDesk], pluginsOpts: { 'license-desk': { scriptUrl: '/kit/license-desk.js' } } };
