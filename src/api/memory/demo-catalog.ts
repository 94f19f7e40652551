/**
 * The fixed facts of the demo world: the vendor's products and prices, the two resellers,
 * their staff, and the names customers and distributors are drawn from.
 */

export interface CatalogProduct {
  id: string;
  name: string;
  /** Price of one license for one year, in euro cents. */
  yearlyPriceCents: number;
}

export const CATALOG: readonly CatalogProduct[] = [
  { id: 'prd_8k2m4q7w', name: 'Sentinel Endpoint Protection', yearlyPriceCents: 4_900 },
  { id: 'prd_3t9x1v6c', name: 'Aegis Next-Gen Firewall', yearlyPriceCents: 29_900 },
  { id: 'prd_5h7n2j8r', name: 'CipherVault Password Manager Business', yearlyPriceCents: 3_600 },
  { id: 'prd_9d4f6s1k', name: 'NetShield VPN for Teams', yearlyPriceCents: 5_400 },
  { id: 'prd_2p8g5y3z', name: 'MailGuard Email Security', yearlyPriceCents: 2_900 },
  { id: 'prd_7b1c9e4m', name: 'Bastion Backup & Recovery', yearlyPriceCents: 8_900 },
  { id: 'prd_4w6r3t8q', name: 'Patchwise Vulnerability Manager', yearlyPriceCents: 6_900 },
  { id: 'prd_6z2a7x5n', name: 'Lumen Identity & MFA', yearlyPriceCents: 4_200 },
];

export interface CatalogReseller {
  id: string;
  name: string;
  user: { name: string; email: string };
  currency: string;
  /** Euro cents to this reseller's minor units. */
  rate: number;
  tokenLabel: 'A' | 'B';
  /** The reseller's staff who place orders; the first is the main user. */
  staff: readonly string[];
}

export const RESELLERS: readonly [CatalogReseller, CatalogReseller] = [
  {
    id: 'rsl_n7w4k2d9',
    name: 'Northwind Software GmbH',
    user: { name: 'Dana Weber', email: 'dana.weber@northwind-software.example' },
    currency: 'EUR',
    rate: 1,
    tokenLabel: 'A',
    staff: ['Dana Weber', 'Jonas Keller', 'Mira Hoffmann'],
  },
  {
    id: 'rsl_b3f8q1t6',
    name: 'Bluefin IT Solutions Ltd',
    user: { name: 'Sam Okafor', email: 'sam.okafor@bluefin-it.example' },
    currency: 'GBP',
    rate: 0.86,
    tokenLabel: 'B',
    staff: ['Sam Okafor', 'Priya Natarajan'],
  },
];

export const DISTRIBUTORS: readonly string[] = [
  'Ingram Micro',
  'TD SYNNEX',
  'Exclusive Networks',
  'Arrow ECS',
  'ALSO Holding',
];

export const ORGANIZATIONS: readonly string[] = [
  'Acme Logistics',
  'Brightwater Dental',
  'Cobalt Engineering',
  'Delta Freight Partners',
  'Elm Street Bakery',
  'Fjord Analytics',
  'Granite Law LLP',
  'Harbor Health Clinic',
  'Ironleaf Architects',
  'Juniper Schools Trust',
  'Kestrel Aviation',
  'Lakeside Hotels',
  'Meridian Insurance',
  'Nordlicht Media',
  'Oakridge Accounting',
  'Pinecone Games',
  'Quarry Hill Farms',
  "Rosa's Restaurants",
  'Silverline Retail',
  'Tidewater Marine',
  'Umbra Studios',
  'Vantage Consulting',
  'Willow & Reed Florists',
  'Zenith Robotics',
];

export const FIRST_NAMES: readonly string[] = [
  'Alex', 'Birgit', 'Carlos', 'Divya', 'Emil', 'Fatima', 'Gustav', 'Hana', 'Ivan', 'Julia',
  'Kenji', 'Lena', 'Mateo', 'Nora', 'Oskar', 'Paula', 'Rafael', 'Sofia', 'Tomas', 'Yara',
];

export const LAST_NAMES: readonly string[] = [
  'Andersen', 'Becker', 'Costa', 'Dubois', 'Eriksson', 'Fischer', 'García', 'Horvat', 'Ito',
  'Jansen', 'Kowalski', 'Lindqvist', 'Moreau', 'Novak', "O'Brien", 'Petrov', 'Rossi', 'Schmidt',
];
