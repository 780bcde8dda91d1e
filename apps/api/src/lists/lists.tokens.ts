/** The list imports use cases (libs/imports), bound where the store and the archive are opened. */
export const LIST_IMPORTS = Symbol('LIST_IMPORTS');
