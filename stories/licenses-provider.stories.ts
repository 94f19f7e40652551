import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { LicensesLoaded, LicensesParameters } from '../.storybook/licenses.js';
import type { MemoryLicensesClient } from '../src/api/memory/memory-client.js';
import { find, loaded } from './support/play.js';

async function latestOrder(memory: MemoryLicensesClient) {
  return { orderId: (await memory.searchOrders({ limit: 1 })).items[0]?.id };
}

/** These stories render their own provider, so that its attributes are the controls. */
const meta: Meta = {
  title: 'Elements/licenses-provider',
  component: 'licenses-provider',
  args: { locale: 'en', 'time-zone': 'Europe/Berlin', 'buy-url': 'https://shop.example.com/buy/{productId}' },
  argTypes: {
    apiBase: { control: false },
    'api-base': { control: false },
    token: { control: false },
    client: { control: false },
    getToken: { control: false },
    locale: { control: 'select', options: ['en', 'en-GB', 'de', 'de-CH'] },
    timeZone: { control: false },
    'time-zone': { control: 'select', options: ['Europe/Berlin', 'UTC', 'America/New_York', 'Asia/Tokyo'] },
    buyUrl: { control: false },
    credentials: { control: false },
  },
  parameters: { licenses: { provider: false, load: latestOrder } satisfies LicensesParameters },
  render: (args, { loaded: data }) => html`<licenses-provider
    .client=${(data as LicensesLoaded).client}
    locale=${ifDefined(args.locale)}
    time-zone=${ifDefined(args['time-zone'])}
    buy-url=${ifDefined(args['buy-url'])}
  >
    <order-tile order-id=${ifDefined(data.orderId as string | undefined)} open></order-tile>
  </licenses-provider>`,
};
export default meta;
type Story = StoryObj;

/** A provider with a client: the order tile inside it loads through it, in its locale and time zone. */
export const WithClient: Story = {
  play: async ({ canvasElement }) => loaded(canvasElement),
};

/** Without a provider around it, an element says so instead of rendering an empty box. */
export const MissingProvider: Story = {
  render: (_args, { loaded: data }) => html`<order-tile order-id=${ifDefined(data.orderId as string | undefined)}></order-tile>`,
  play: async ({ canvasElement }) => {
    await find(canvasElement, '[part="setup-error"]');
  },
};

/** A provider with neither `api-base` nor `client`: the elements say that no API is set up. */
export const NoApiConfigured: Story = {
  render: (_args, { loaded: data }) => html`<licenses-provider>
    <order-tile order-id=${ifDefined(data.orderId as string | undefined)}></order-tile>
  </licenses-provider>`,
  play: async ({ canvasElement }) => {
    await find(canvasElement, '[part="setup-error"]');
  },
};
