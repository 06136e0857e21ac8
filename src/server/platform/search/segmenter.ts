import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Segmenter } from './text';

let jieba: Jieba | undefined;

/** jieba's search-mode segmentation; the dictionary (~0.3 s) is loaded on first use. */
export const segment: Segmenter = (text) => {
  jieba ??= Jieba.withDict(dict);
  return jieba.cutForSearch(text, true);
};

/** Loads the dictionary now (at start-up) rather than on the first save or search. */
export function warmSegmenter(): void {
  segment('党建');
}
