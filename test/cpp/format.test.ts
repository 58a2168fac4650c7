// formatLikeGcc: text with `# N "file"` linemarkers, as `gcc -E` prints and GNU as reads.
import { describe, expect, test } from 'vitest';
import { formatLikeGcc } from '../../src/cpp/index.js';
import { run } from './helpers.js';

describe('formatLikeGcc', () => {
  test('linemarkers on file changes and long gaps; blank lines for short gaps', () => {
    const files = {
      'main.S': 'a\n\nb\n#include "h.h"\nc\n\n\n\n\n\n\n\n\n\n\nd',
      'h.h': 'in "header"',
    };
    expect(formatLikeGcc(run(files))).toBe(
      ['# 1 "main.S"', 'a', '', 'b', '# 1 "h.h"', 'in "header"', '# 5 "main.S"', 'c', '# 16 "main.S"', 'd', ''].join('\n'),
    );
  });

  test('file names are quoted like C strings', () => {
    expect(formatLikeGcc({ lines: [{ text: 'x', file: 'a"b\\c.S', line: 3 }], files: [], warnings: [] })).toBe('# 3 "a\\"b\\\\c.S"\nx\n');
  });
});
