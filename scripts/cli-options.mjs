// What the operator scripts share: options read with node:util parseArgs, --help, and a refusal
// that says what is wrong and prints the usage (exit 2), never a stack trace.
import { parseArgs } from 'node:util';

/** A refusal of the named script: the problem, then its usage; exit 2. */
export const failer = (name, usage) => (message) => {
  console.error(`${name}: ${message}\n\n${usage}`);
  process.exit(2);
};

/** The parsed options, or the usage: printed on --help (exit 0), or after what was wrong (exit 2). */
export function readOptions(name, usage, options) {
  let values;
  try {
    ({ values } = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    // An unknown option, a missing value or a stray argument: parseArgs says which.
    failer(name, usage)(error.message);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  return values;
}
