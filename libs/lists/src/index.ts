/** Official sanctions lists: one parser per format into one neutral listing shape, and reconcile(previous, next). */
export type { ListBytes } from './bytes';
export { canonicalListing, CONTENT_FIELDS, type ContentField } from './canonical';
export { isListFormatError, ListErrorCode, ListFormatError, type ListErrorPlace } from './list-format.error';
export * from './listing';
export { parseEuFsfXml } from './eu-fsf-xml.parser';
export { parseOfacEnhancedXml } from './ofac-enhanced-xml.parser';
export { parseOfacSdnCsv, type SdnCsvFiles } from './ofac-sdn-csv.parser';
export { parseOfacXml } from './ofac-xml.parser';
export { parseRelease, type ReleaseInput } from './parse-release';
export { reconcile, type Amendment, type FieldChange, type Reconciliation } from './reconcile';
export type { ParseOptions } from './release';
export { sniffFormat } from './sniff-format';
export type { EncodingOption } from './text-decoding';
export { parseUkOfsiCsv } from './uk-ofsi-csv.parser';
export { parseUnXml } from './un-xml.parser';
