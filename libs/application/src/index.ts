export { accessLogStream, PurposeRequiredError, recordAccess, type AccessedResource, type AccessRecord } from './access-log';
export { designationHandler, type DesignationHandler } from './designation-handler';
export { Designations, type CommandReceipt, type CommandRequest } from './designations';
