import type * as JiebaModule from '@node-rs/jieba';
import type * as JiebaDict from '@node-rs/jieba/dict.js';
import { lazyRequire } from '../lazy';
import type { Segmenter } from './text';

// Required on first use too: dict.js reads the dictionary files as soon as it is imported.
const jiebaModule = lazyRequire<typeof JiebaModule>('@node-rs/jieba');
const jiebaDict = lazyRequire<typeof JiebaDict>('@node-rs/jieba/dict.js');

let jieba: JiebaModule.Jieba | undefined;

/** jieba's search-mode segmentation; the dictionary (~0.3 s) is loaded on first use. */
export const segment: Segmenter = (text) => {
  jieba ??= jiebaModule().Jieba.withDict(jiebaDict().dict);
  return jieba.cutForSearch(text, true);
};

/** Loads the dictionary now (just after start-up, platform/jobs/index.ts) rather than on the first save or search. */
export function warmSegmenter(): void {
  segment('党建');
}
