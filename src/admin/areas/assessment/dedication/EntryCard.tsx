import type { ReactNode } from 'react';
import { Alert, App, Button, Card, Flex, Image, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, EditOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useUpload } from '../../../shared/hooks/useUpload';
import { showSuccess } from '../../../shared/lib/feedback';
import { t } from '../../../locales';
import { assessmentKeys, pts } from '../api';
import {
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  PHOTO_ACCEPT,
  resultsApi,
  type DedicationEntryView,
  type DedicationKind,
} from '../resultsApi';

const r = t.assessmentResults;
const e = r.entry;

const KIND_COLOR: Record<DedicationKind, string> = {
  homeVisit: 'volcano',
  enterpriseVisit: 'geekblue',
  service: 'green',
};

/**
 * One thing a member did on a dedication day, as a card that fits a 375 px phone: kind, hours,
 * what was done and the photos. A home visit about a student the reader may not see arrives with
 * its details withheld (`restricted`) and says so instead. An activity sign-in has no entry of
 * its own: nothing to edit. Edit and delete go through the page (`onEdit`); photos are uploaded
 * and removed here.
 */
export function EntryCard(props: {
  entry: DedicationEntryView;
  /** Show who (a reviewer's list) and which day (the member's own list). */
  showMember?: boolean;
  showDay?: boolean;
  onEdit?: (entry: DedicationEntryView) => void;
  extra?: ReactNode;
}) {
  const x = props.entry;
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const refresh = () => void qc.invalidateQueries({ queryKey: assessmentKeys.all });
  const editable = x.canEdit && x.id !== null;
  // A withheld home visit cannot be edited from what this reader sees (it would lose its
  // details), and its photos are as private as its notes (the server answers 404 for them).
  const editsDetails = editable && !x.restricted;
  const photos = x.restricted ? [] : x.photos;
  const up = useUpload({
    path: resultsApi.dedicationPhotosPath(x.id ?? ''),
    maxBytes: MAX_PHOTO_BYTES,
    accept: PHOTO_ACCEPT,
    onSuccess: () => {
      showSuccess(e.uploaded);
      refresh();
    },
  });
  const removePhoto = useMutation({
    mutationFn: (key: string) => resultsApi.removeDedicationPhoto(x.id!, key),
    onSuccess: () => {
      showSuccess(e.photoRemoved);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => resultsApi.deleteDedicationEntry(x.id!),
    onSuccess: () => {
      showSuccess(e.deleted);
      refresh();
    },
  });
  const head = [
    props.showMember ? `${x.name} · ${x.branchName}` : null,
    props.showDay ? `${x.dayTitle} · ${x.day}` : null,
  ].filter(Boolean);
  const line = (label: string, value: string | null) =>
    value ? (
      <div style={{ fontSize: 13, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
        <Typography.Text type="secondary">{label}：</Typography.Text>
        {value}
      </div>
    ) : null;
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid="dedication-entry" data-entry-id={x.id ?? ''}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div style={{ minWidth: 0, flex: '1 1 180px' }}>
          <Flex gap={4} wrap align="center">
            <Tag color={KIND_COLOR[x.kind]} data-testid="entry-kind">
              {x.kindLabel || r.kinds[x.kind]}
            </Tag>
            {x.source === 'activity' ? <Tag>{e.fromActivity}</Tag> : null}
            {x.restricted ? null : (
              <Typography.Text strong style={{ overflowWrap: 'anywhere' }} data-testid="entry-subject">
                {x.subject}
              </Typography.Text>
            )}
          </Flex>
          {head.length ? (
            <Typography.Text type="secondary" style={{ fontSize: 13, overflowWrap: 'anywhere' }}>
              {head.join(' · ')}
            </Typography.Text>
          ) : null}
        </div>
        <Tag color="red" data-testid="entry-hours">
          {e.hours(pts(x.hours))}
        </Tag>
      </Flex>
      {x.restricted ? (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 8 }}
          title={e.restricted}
          data-testid="entry-restricted"
        />
      ) : (
        <>
          {line(e.student, x.student?.name ?? null)}
          {line(e.content, x.content)}
          {line(e.outcome, x.outcome)}
        </>
      )}
      {photos.length ? (
        <Flex gap={8} wrap style={{ marginTop: 8 }} data-testid="entry-photos">
          <Image.PreviewGroup>
            {photos.map((p, i) => (
              <div key={p.key} style={{ position: 'relative' }}>
                <Image
                  src={p.url}
                  width={72}
                  height={72}
                  style={{ objectFit: 'cover', borderRadius: 4 }}
                  alt={e.photo(i + 1)}
                  data-testid="entry-photo"
                />
                {editsDetails ? (
                  <Button
                    type="text"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`${e.removePhoto} ${i + 1}`}
                    style={{ position: 'absolute', top: 0, right: 0, background: 'rgba(255,255,255,0.85)' }}
                    onClick={() =>
                      modal.confirm({
                        title: e.removePhotoTitle,
                        okText: e.removePhoto,
                        okButtonProps: { danger: true },
                        cancelText: t.common.cancel,
                        onOk: () => removePhoto.mutateAsync(p.key),
                      })
                    }
                  />
                ) : null}
              </div>
            ))}
          </Image.PreviewGroup>
        </Flex>
      ) : null}
      {editable || props.extra ? (
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          {editsDetails && x.photos.length < MAX_PHOTOS ? (
            <Upload
              accept={PHOTO_ACCEPT.join(',')}
              showUploadList={false}
              beforeUpload={(file) => {
                void up.start(file);
                return false;
              }}
            >
              <Button
                size="small"
                icon={<UploadOutlined />}
                loading={up.uploading}
                data-testid="entry-upload"
              >
                {e.upload}
              </Button>
            </Upload>
          ) : null}
          {editsDetails && props.onEdit ? (
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => props.onEdit!(x)}
              data-testid="entry-edit"
            >
              {e.edit}
            </Button>
          ) : null}
          {editable ? (
            <Button
              size="small"
              danger
              icon={<DeleteOutlined />}
              data-testid="entry-delete"
              onClick={() =>
                modal.confirm({
                  title: e.deleteTitle,
                  content: e.deleteContent,
                  okText: e.delete,
                  okButtonProps: { danger: true },
                  cancelText: t.common.cancel,
                  onOk: () => remove.mutateAsync(),
                })
              }
            >
              {e.delete}
            </Button>
          ) : null}
          {props.extra}
        </Flex>
      ) : null}
    </Card>
  );
}
