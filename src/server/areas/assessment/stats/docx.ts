import type { StatsView } from '../../../../common/contracts/assessmentStats';
import { todayInShanghai } from '../../../../common/dates';
import { lazy } from '../../../platform/lazy';
import { reportParagraph } from './report';

/** docx is loaded on the first Word download, not at start. */
const loadDocx = lazy(() => import('docx'));

/** A Chinese font for both the Latin and the East Asian runs (Word picks by script). */
const font = (name: string) => ({ name, eastAsia: name, hint: 'eastAsia' as const });

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// A4 with the margins of the park's official documents (公文), in twips.
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 2098, bottom: 1984, left: 1588, right: 1474 };

/**
 * The statistics as a Word document for the annual work report: a title, the paragraph of
 * figures (report.ts), and a line saying what was counted and when. 三号 仿宋 body, the size of
 * a work report, so the paragraph can be pasted in as it is.
 */
export async function statsDocument(s: StatsView): Promise<Buffer> {
  const { AlignmentType, Document, Packer, Paragraph, TextRun } = await loadDocx();
  const doc = new Document({
    creator: '校园党建',
    title: `${s.year} 年度党员先锋岗与考核工作统计`,
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 400 },
            children: [
              new TextRun({
                text: `${s.scopeName} ${s.year} 年度党员先锋岗与考核工作统计`,
                font: font('SimHei'),
                size: 36,
              }),
            ],
          }),
          new Paragraph({
            indent: { firstLine: 640 },
            spacing: { line: 560, lineRule: 'exact' },
            alignment: AlignmentType.JUSTIFIED,
            children: [new TextRun({ text: reportParagraph(s), font: font('FangSong'), size: 32 })],
          }),
          new Paragraph({
            spacing: { before: 400 },
            children: [
              new TextRun({
                text:
                  `统计口径：已审核通过的佐证材料、已通过的先锋岗申报、已提交的年度自评和党员奉献日记录，` +
                  `按记录当年所在的学校和党支部统计；同一党员、同一学生只计一次。统计日期：${todayInShanghai()}。`,
                font: font('FangSong'),
                size: 24,
                color: '555555',
              }),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
