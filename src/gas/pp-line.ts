// One logical source line with its original position, as the C preprocessor produces it.
export type { PpLine } from '../cpp/index.js';
