/**
 * The schemas a client checks the server's answers with, and the activation request the
 * activate dialog checks its form with: what the browser loads of the contract. Loaded
 * lazily, with the first request; the query schemas and the rest stay with the server.
 */
export {
  ActivationInfo,
  ActivationRequest,
  Catalog,
  Customer,
  CustomerActivationResult,
  ConfirmationEmailResult,
  CustomerList,
  FieldErrors,
  HistoryList,
  Job,
  JobResultPage,
  License,
  LicenseCounts,
  LicensePage,
  LicenseSearchPage,
  Me,
  OrderPage,
  OrderSummary,
  ProductList,
} from './schemas.js';
