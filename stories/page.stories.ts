import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { LicensesParameters } from '../.storybook/licenses.js';
import { createMemoryClient } from '../src/api/memory/memory-client.js';
import { loaded } from './support/play.js';

/**
 * The 'Licenses Purchased' screen as a reseller's admin page shows it: the page's own
 * header and navigation around `<licenses-search>`, on the full demo world (320 orders,
 * one of them of 5,000 keys).
 */
const meta: Meta = {
  title: 'Screens/Licenses Purchased',
  parameters: {
    layout: 'fullscreen',
    licenses: { memory: () => createMemoryClient() } satisfies LicensesParameters,
  },
  render: () => html`<style>
      .page { font-family: system-ui, sans-serif; min-height: 100vh; }
      .page header { display: flex; gap: 2rem; align-items: center; padding: 0.75rem 1.5rem; background: #14213d; color: #fff; }
      .page header strong { font-size: 1.1rem; }
      .page nav a { color: #e5e5e5; margin-right: 1.25rem; text-decoration: none; }
      .page nav a[aria-current] { color: #fff; text-decoration: underline; }
      .page main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
    </style>
    <div class="page">
      <header>
        <strong>Northwind Software · Partner admin</strong>
        <nav aria-label="Partner admin">
          <a href="#dashboard">Dashboard</a>
          <a href="#licenses" aria-current="page">Licenses</a>
          <a href="#customers">Customers</a>
        </nav>
      </header>
      <main>
        <licenses-search></licenses-search>
      </main>
    </div>`,
};
export default meta;

export const LicensesPurchased: StoryObj = {
  name: 'Licenses Purchased',
  play: async ({ canvasElement }) => loaded(canvasElement),
};
