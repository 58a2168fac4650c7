// Exception syndromes and run stops are part of the ISA's contract (src/a64/exceptions.ts).
export * from '../a64/exceptions.js';
