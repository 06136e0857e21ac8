import type { MediaPurpose } from '../../../common/contracts/newsroom';

/**
 * What may be uploaded. Uploads (commands/uploadMedia.ts): the type is read from the CONTENT (file-type), checked against the purpose's allow-list
 * and against the file name's extension (a forged extension is refused), size-limited per type.
 * Images are decoded and re-encoded with sharp (EXIF/GPS and every other metadata dropped,
 * orientation applied) into web sizes. Files are stored under generated keys; the user's file name
 * is kept only as data. A failed upload leaves no file and no row.
 */

const MB = 1024 * 1024;

export interface KnownType {
  /** Canonical extension we store with. */
  ext: string;
  mime: string;
  /** Extensions a file of this content may carry. */
  exts: readonly string[];
  label: string;
  maxBytes: number;
  kind: 'image' | 'document' | 'audio' | 'video';
}

/** Keyed by file-type's detected `ext`. */
export const TYPES: Record<string, KnownType | ((declaredExt: string) => KnownType | null)> = {
  jpg: {
    ext: 'jpg',
    mime: 'image/jpeg',
    exts: ['jpg', 'jpeg', 'jpe', 'jfif'],
    label: 'JPG 图片',
    maxBytes: 10 * MB,
    kind: 'image',
  },
  png: { ext: 'png', mime: 'image/png', exts: ['png'], label: 'PNG 图片', maxBytes: 10 * MB, kind: 'image' },
  webp: {
    ext: 'webp',
    mime: 'image/webp',
    exts: ['webp'],
    label: 'WebP 图片',
    maxBytes: 10 * MB,
    kind: 'image',
  },
  gif: { ext: 'gif', mime: 'image/gif', exts: ['gif'], label: 'GIF 图片', maxBytes: 10 * MB, kind: 'image' },
  pdf: {
    ext: 'pdf',
    mime: 'application/pdf',
    exts: ['pdf'],
    label: 'PDF 文档',
    maxBytes: 30 * MB,
    kind: 'document',
  },
  docx: {
    ext: 'docx',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    exts: ['docx'],
    label: 'Word 文档',
    maxBytes: 30 * MB,
    kind: 'document',
  },
  xlsx: {
    ext: 'xlsx',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    exts: ['xlsx'],
    label: 'Excel 表格',
    maxBytes: 30 * MB,
    kind: 'document',
  },
  pptx: {
    ext: 'pptx',
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    exts: ['pptx'],
    label: 'PowerPoint 演示文稿',
    maxBytes: 30 * MB,
    kind: 'document',
  },
  // Old Office files share one container format (CFB); the extension says which one it is.
  cfb: (declared) => {
    const legacy: Record<string, [string, string]> = {
      doc: ['application/msword', 'Word 文档'],
      xls: ['application/vnd.ms-excel', 'Excel 表格'],
      ppt: ['application/vnd.ms-powerpoint', 'PowerPoint 演示文稿'],
    };
    const hit = legacy[declared];
    return hit
      ? { ext: declared, mime: hit[0], exts: [declared], label: hit[1], maxBytes: 30 * MB, kind: 'document' }
      : null;
  },
  mp3: { ext: 'mp3', mime: 'audio/mpeg', exts: ['mp3'], label: 'MP3 音频', maxBytes: 30 * MB, kind: 'audio' },
  ogg: {
    ext: 'ogg',
    mime: 'audio/ogg',
    exts: ['ogg', 'oga'],
    label: 'OGG 音频',
    maxBytes: 30 * MB,
    kind: 'audio',
  },
  oga: {
    ext: 'ogg',
    mime: 'audio/ogg',
    exts: ['ogg', 'oga'],
    label: 'OGG 音频',
    maxBytes: 30 * MB,
    kind: 'audio',
  },
  opus: {
    ext: 'ogg',
    mime: 'audio/ogg',
    exts: ['ogg', 'oga', 'opus'],
    label: 'OGG 音频',
    maxBytes: 30 * MB,
    kind: 'audio',
  },
  m4a: { ext: 'm4a', mime: 'audio/mp4', exts: ['m4a'], label: 'M4A 音频', maxBytes: 30 * MB, kind: 'audio' },
  mp4: {
    ext: 'mp4',
    mime: 'video/mp4',
    exts: ['mp4', 'm4v'],
    label: 'MP4 视频',
    maxBytes: 200 * MB,
    kind: 'video',
  },
  webm: {
    ext: 'webm',
    mime: 'video/webm',
    exts: ['webm'],
    label: 'WebM 视频',
    maxBytes: 200 * MB,
    kind: 'video',
  },
};

interface PurposeRule {
  label: string;
  kinds: readonly KnownType['kind'][];
  /** Stream limit for the purpose (the largest of its types). */
  maxBytes: number;
  allowedText: string;
}

export const PURPOSE_RULES: Record<MediaPurpose, PurposeRule> = {
  image: {
    label: '图片',
    kinds: ['image'],
    maxBytes: 10 * MB,
    allowedText: 'JPG、PNG、WebP、GIF 图片（不超过 10 MB）',
  },
  attachment: {
    label: '附件',
    kinds: ['document', 'image'],
    maxBytes: 30 * MB,
    allowedText:
      'PDF、Word（doc/docx）、Excel（xls/xlsx）、PowerPoint（ppt/pptx）文档（不超过 30 MB）或 JPG、PNG、WebP、GIF 图片（不超过 10 MB）',
  },
  audio: {
    label: '音频',
    kinds: ['audio'],
    maxBytes: 30 * MB,
    allowedText: 'MP3、OGG、M4A 音频（不超过 30 MB）',
  },
  video: {
    label: '视频',
    kinds: ['video'],
    maxBytes: 200 * MB,
    allowedText: 'MP4、WebM 视频（不超过 200 MB）',
  },
};

/** Web sizes of an image: the longest side at most this many pixels. */
export const IMAGE_VARIANTS = { original: 2560, large: 1600, medium: 800, thumb: 320 } as const;
export type ImageVariant = keyof typeof IMAGE_VARIANTS;

export const fmtMB = (n: number) => `${Math.round(n / MB)} MB`;

/** A user's file name made safe to show and to put in Content-Disposition (never used as a path). */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim();
  return (clean || '未命名文件').slice(0, 200);
}

export const declaredExtOf = (name: string) => {
  const m = /\.([a-z0-9]{1,10})$/i.exec(name);
  return m ? m[1]!.toLowerCase() : '';
};
