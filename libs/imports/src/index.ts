/** Official lists in the lifecycle: the authority's own list imported in four-eyes batches, partners' lists watched. */
export { inScope, mappingsOf, type ImportMapping, type ImportTerms, type ProgramMapping } from './import-mapping';
export { ImportErrorCode, ImportRuleError } from './import.errors';
export { everyList, LIST_ROLES, LIST_STREAM_PREFIX, listRef, listStream, parseListId, type ListRef, type ListRole } from './list-ids';
export { decideList, evolveList, initialListState, listDecider, type BatchState, type BatchStatus, type CandidateState, type ListCommand, type ListState } from './list.decide';
export type { AlignmentCandidate, ListEvent, ReleaseInfo, SkippedEntry } from './list.events';
export {
  ListImports,
  listHandler,
  type ApplyProgress,
  type BatchPreview,
  type BatchView,
  type ImportsDependencies,
  type ListHandler,
  type ReferenceIndex,
} from './list-imports';
export { designationTermsOf, listingReferences, proposalFromCandidate, targetChanges, targetOf, type CandidateProposalTerms } from './listing-terms';
export { readProgress, writeProgress, type ProgressReport } from './import-progress';
export { batchIdOf, entryCommandId, importedDesignationId, planBatch, type BatchPlan, type PlanAction, type PlanCounts, type PlanEntry } from './plan';
export { ReleaseParser, releaseInputOf, SDN_FILE_ROLES, type ReleaseFile } from './release-files';
export { ReadModelReferenceIndex } from './reference-index';
export { entryCommand, importCommand, previewEntries, type PreviewEntry } from './entry-commands';
export { openListImports } from './open-list-imports';
export { PartnerWatch, type PartnerReleaseSummary } from './partner-watch';
export type { ListContext } from './list-context';
