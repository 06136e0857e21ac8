import { useEffect, useRef, useState } from 'react';
import { Button, Divider, Flex, Form, Input, Modal, Tooltip } from 'antd';
import {
  AlignCenterOutlined,
  AlignLeftOutlined,
  AlignRightOutlined,
  BoldOutlined,
  CustomerServiceOutlined,
  FileImageOutlined,
  ItalicOutlined,
  LinkOutlined,
  OrderedListOutlined,
  PictureOutlined,
  RedoOutlined,
  StrikethroughOutlined,
  TableOutlined,
  UnderlineOutlined,
  UndoOutlined,
  UnorderedListOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import { mergeAttributes, Node } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import { TableKit } from '@tiptap/extension-table';
import TextAlign from '@tiptap/extension-text-align';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { showError, showWarning } from '../../shared/lib/feedback';
import { t } from '../../locales';
import { newsroomApi } from './api';

/** <audio>/<video> with one of our own /media/ sources (the server's sanitizer keeps nothing else). */
const mediaNode = (name: 'audio' | 'video') =>
  Node.create({
    name,
    group: 'block',
    atom: true,
    draggable: true,
    addAttributes: () => ({ src: { default: null } }),
    parseHTML: () => [{ tag: `${name}[src]` }],
    renderHTML: ({ HTMLAttributes }) => [name, mergeAttributes(HTMLAttributes, { controls: '' })],
  });

/**
 * The article body editor (TipTap): headings, lists, quotes, alignment, links, tables, images,
 * audio and video uploaded through /api/portal/media. What it produces is sanitized again on the
 * server (src/server/platform/sanitize.ts), which is the real safety net.
 */
const LINK_SCHEMES = ['http', 'https', 'mailto'];

/**
 * How many images of a body have no text alternative (no alt, or only spaces). Every image needs
 * one for screen-reader users (GB/T 37668): the editor asks for it when an image is inserted, and
 * the article form refuses to save a body (a paste, an old article) that still has such an image.
 */
export function imagesWithoutAlt(html: string | undefined): number {
  if (!html || !html.includes('<img')) return 0;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return [...doc.querySelectorAll('img')].filter((img) => !(img.getAttribute('alt') ?? '').trim()).length;
}

/** The text-alternative dialog: for a new image (inserted on OK) or the selected one (updated). */
type AltRequest = { src: string; alt: string; mode: 'insert' | 'edit' };

export function RichTextEditor(props: { value?: string; onChange?: (html: string) => void }) {
  const [uploading, setUploading] = useState<string | null>(null);
  const [altRequest, setAltRequest] = useState<AltRequest | null>(null);
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        link: {
          openOnClick: false,
          autolink: true,
          // The schemes the server keeps (platform/sanitize.ts), checked here rather than registered
          // with linkify as custom protocols: those are built in, and registering them again logged
          // "linkifyjs: already initialized" for every editor opened after the first.
          isAllowedUri: (url, ctx) => {
            const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
            return scheme ? LINK_SCHEMES.includes(scheme) : ctx.defaultValidate(url);
          },
        },
      }),
      Image,
      TableKit.configure({ table: { resizable: false } }),
      TextAlign.configure({ types: ['heading', 'paragraph'] }),
      mediaNode('audio'),
      mediaNode('video'),
    ],
    content: props.value ?? '',
    // A named multi-line text box for screen readers (the form's label is not tied to a contenteditable).
    editorProps: {
      attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': t.newsroom.editor.bodyLabel },
    },
    onUpdate: ({ editor: e }) => props.onChange?.(e.getHTML()),
  });

  // A value set from outside (a restored revision) replaces the content.
  const last = useRef(props.value);
  useEffect(() => {
    if (!editor || props.value === undefined) return;
    if (props.value !== editor.getHTML() && props.value !== last.current) {
      editor.commands.setContent(props.value, { emitUpdate: false });
    }
    last.current = props.value;
  }, [editor, props.value]);

  if (!editor) return null;

  const pick = (purpose: 'image' | 'audio' | 'video', accept: string) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.onchange = async () => {
      const file = input.files?.[0];
      if (!file) return;
      setUploading(file.name);
      try {
        const m = await newsroomApi.upload(purpose, file);
        // An image goes in only with its text alternative: the dialog asks first.
        if (purpose === 'image') setAltRequest({ src: m.urls.large ?? m.url, alt: '', mode: 'insert' });
        else
          editor
            .chain()
            .focus()
            .insertContent({ type: purpose, attrs: { src: m.url } })
            .run();
      } catch (e) {
        showError(e);
      } finally {
        setUploading(null);
      }
    };
    input.click();
  };

  return (
    <div className="rte" data-testid="rich-text-editor">
      <Toolbar
        editor={editor}
        pick={pick}
        uploading={uploading}
        editAlt={() => {
          const attrs = editor.getAttributes('image') as { src?: string; alt?: string | null };
          setAltRequest({ src: attrs.src ?? '', alt: attrs.alt ?? '', mode: 'edit' });
        }}
      />
      <EditorContent editor={editor} className="rte-content" />
      <AltDialog
        request={altRequest}
        onCancel={() => {
          if (altRequest?.mode === 'insert') showWarning(t.newsroom.editor.altDropped);
          setAltRequest(null);
        }}
        onOk={(alt) => {
          if (!altRequest) return;
          if (altRequest.mode === 'insert')
            editor.chain().focus().setImage({ src: altRequest.src, alt }).run();
          else editor.chain().focus().updateAttributes('image', { alt }).run();
          setAltRequest(null);
        }}
      />
      <style>{RTE_CSS}</style>
    </div>
  );
}

/** Asks for an image's text alternative; required, with what it is for and an example. */
function AltDialog(props: { request: AltRequest | null; onOk: (alt: string) => void; onCancel: () => void }) {
  const tx = t.newsroom.editor;
  const [form] = Form.useForm<{ alt: string }>();
  const open = props.request !== null;
  return (
    <Modal
      title={tx.altTitle}
      open={open}
      onCancel={props.onCancel}
      onOk={() => form.submit()}
      okText={tx.ok}
      cancelText={tx.cancel}
      destroyOnHidden
      forceRender={false}
    >
      {props.request ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ alt: props.request.alt }}
          onFinish={(v) => props.onOk(v.alt.trim())}
          data-testid="image-alt-form"
        >
          {props.request.src ? <img src={props.request.src} alt="" className="rte-alt-preview" /> : null}
          <Form.Item
            name="alt"
            label={tx.altLabel}
            extra={tx.altHelp}
            rules={[{ required: true, whitespace: true, message: tx.altRequired }]}
          >
            <Input maxLength={120} showCount placeholder={tx.altPlaceholder} autoFocus />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}

function Toolbar(props: {
  editor: Editor;
  pick: (purpose: 'image' | 'audio' | 'video', accept: string) => void;
  uploading: string | null;
  editAlt: () => void;
}) {
  const { editor, pick } = props;
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('');
  const b = (title: string, icon: React.ReactNode, run: () => void, active = false, text?: string) => (
    <Tooltip title={title} key={title}>
      <Button size="small" type={active ? 'primary' : 'text'} icon={icon} onClick={run} aria-label={title}>
        {text}
      </Button>
    </Tooltip>
  );
  const c = () => editor.chain().focus();
  const tx = t.newsroom.editor;
  return (
    <Flex className="rte-toolbar" wrap gap={2} align="center">
      {b(tx.paragraph, null, () => c().setParagraph().run(), editor.isActive('paragraph'), tx.paragraph)}
      {[2, 3, 4].map((level) =>
        b(
          tx.heading(level - 1),
          null,
          () =>
            c()
              .toggleHeading({ level: level as 2 | 3 | 4 })
              .run(),
          editor.isActive('heading', { level }),
          `H${level - 1}`,
        ),
      )}
      <Divider orientation="vertical" />
      {b(tx.bold, <BoldOutlined />, () => c().toggleBold().run(), editor.isActive('bold'))}
      {b(tx.italic, <ItalicOutlined />, () => c().toggleItalic().run(), editor.isActive('italic'))}
      {b(
        tx.underline,
        <UnderlineOutlined />,
        () => c().toggleUnderline().run(),
        editor.isActive('underline'),
      )}
      {b(tx.strike, <StrikethroughOutlined />, () => c().toggleStrike().run(), editor.isActive('strike'))}
      <Divider orientation="vertical" />
      {b(
        tx.bulletList,
        <UnorderedListOutlined />,
        () => c().toggleBulletList().run(),
        editor.isActive('bulletList'),
      )}
      {b(
        tx.orderedList,
        <OrderedListOutlined />,
        () => c().toggleOrderedList().run(),
        editor.isActive('orderedList'),
      )}
      {b(tx.quote, null, () => c().toggleBlockquote().run(), editor.isActive('blockquote'), '“ ”')}
      <Divider orientation="vertical" />
      {b(
        tx.alignLeft,
        <AlignLeftOutlined />,
        () => c().setTextAlign('left').run(),
        editor.isActive({ textAlign: 'left' }),
      )}
      {b(
        tx.alignCenter,
        <AlignCenterOutlined />,
        () => c().setTextAlign('center').run(),
        editor.isActive({ textAlign: 'center' }),
      )}
      {b(
        tx.alignRight,
        <AlignRightOutlined />,
        () => c().setTextAlign('right').run(),
        editor.isActive({ textAlign: 'right' }),
      )}
      <Divider orientation="vertical" />
      {b(
        tx.link,
        <LinkOutlined />,
        () => {
          setHref((editor.getAttributes('link').href as string | undefined) ?? 'https://');
          setLinkOpen(true);
        },
        editor.isActive('link'),
      )}
      {b(tx.image, <PictureOutlined />, () => pick('image', 'image/jpeg,image/png,image/webp,image/gif'))}
      {editor.isActive('image')
        ? b(tx.altEdit, <FileImageOutlined />, props.editAlt, false, tx.altEdit)
        : null}
      {b(tx.audio, <CustomerServiceOutlined />, () => pick('audio', 'audio/mpeg,audio/ogg,audio/mp4,.m4a'))}
      {b(tx.video, <VideoCameraOutlined />, () => pick('video', 'video/mp4,video/webm'))}
      {b(tx.table, <TableOutlined />, () => c().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run())}
      {editor.isActive('table') ? (
        <>
          {b(tx.addRow, null, () => c().addRowAfter().run(), false, tx.addRowText)}
          {b(tx.addColumn, null, () => c().addColumnAfter().run(), false, tx.addColumnText)}
          {b(tx.deleteRow, null, () => c().deleteRow().run(), false, tx.deleteRowText)}
          {b(tx.deleteColumn, null, () => c().deleteColumn().run(), false, tx.deleteColumnText)}
          {b(tx.deleteTable, null, () => c().deleteTable().run(), false, tx.deleteTableText)}
        </>
      ) : null}
      <Divider orientation="vertical" />
      {b(tx.undo, <UndoOutlined />, () => c().undo().run())}
      {b(tx.redo, <RedoOutlined />, () => c().redo().run())}
      {props.uploading ? <span className="rte-uploading">{tx.uploading(props.uploading)}</span> : null}
      <Modal
        title={tx.linkTitle}
        open={linkOpen}
        onCancel={() => setLinkOpen(false)}
        onOk={() => {
          const v = href.trim();
          if (!v || v === 'https://') c().extendMarkRange('link').unsetLink().run();
          else c().extendMarkRange('link').setLink({ href: v }).run();
          setLinkOpen(false);
        }}
        okText={tx.ok}
        cancelText={tx.cancel}
        destroyOnHidden
      >
        <Input
          value={href}
          onChange={(e) => setHref(e.target.value)}
          placeholder={tx.linkPlaceholder}
          aria-label={tx.linkLabel}
          autoFocus
        />
      </Modal>
    </Flex>
  );
}

const RTE_CSS = `
.rte{border:1px solid #d9d9d9;border-radius:8px;background:#fff}
.rte-toolbar{padding:6px 8px;border-bottom:1px solid #f0f0f0;position:sticky;top:0;background:#fafafa;z-index:2;border-radius:8px 8px 0 0}
.rte-uploading{font-size:12px;color:#888;margin-left:8px}
.rte-content .tiptap{min-height:360px;padding:16px 20px;outline:none;line-height:1.8;font-size:15px}
.rte-content .tiptap img{max-width:100%;height:auto}
.rte-content .tiptap img.ProseMirror-selectednode{outline:3px solid #b71c1c;outline-offset:2px}
.rte-alt-preview{display:block;max-width:100%;max-height:180px;margin:0 auto 12px;border-radius:6px}
.rte-content .tiptap video{max-width:100%}
.rte-content .tiptap table{border-collapse:collapse;margin:8px 0;width:100%}
.rte-content .tiptap td,.rte-content .tiptap th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
.rte-content .tiptap th{background:#fafafa}
.rte-content .tiptap blockquote{border-left:3px solid #c00000;margin:8px 0;padding-left:12px;color:#555}
.rte-content .tiptap .selectedCell{background:#fff1f0}
`;
