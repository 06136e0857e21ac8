import { useState } from 'react';
import { Button, Empty, Flex, Form, Image, Input, Table, Typography, Upload } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { CrudModal, useEditing } from '../../shared/components/CrudModal';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { PersonPicker } from '../../shared/components/PersonPicker';
import { useUpload } from '../../shared/hooks/useUpload';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { ofKinds } from '../../shared/lib/orgTree';
import { t } from '../../locales';
import { activitiesApi, type ActivityAward, type ActivityDetail } from './api';

/** The activity page's outcome tabs: results and awards, and photos. */

const awardKeep = ofKinds(
  'park',
  'generalBranch',
  'school',
  'grade',
  'class',
  'branch',
  'leagueCommittee',
  'leagueBranch',
);
const awardSelectable = ofKinds('class', 'branch', 'leagueBranch', 'grade');

interface AwardValues {
  award: string;
  personId?: string;
  orgNodeId?: string;
  note?: string;
}

export function ResultsTab(props: { activity: ActivityDetail; onChange: () => void }) {
  const tx = t.activities.results;
  const a = props.activity;
  const [results, setResults] = useState(a.results ?? '');
  const awardModal = useEditing<ActivityAward>();
  const saveResults = useMutation({
    mutationFn: () => activitiesApi.update(a.id, { results: results || null }),
    onSuccess: () => {
      showSuccess(tx.saved);
      props.onChange();
    },
  });
  const removeAward = useMutation({
    mutationFn: (awardId: string) => activitiesApi.removeAward(a.id, awardId),
    onSuccess: props.onChange,
  });
  return (
    <Flex vertical gap={12}>
      <Input.TextArea
        rows={4}
        value={results}
        disabled={!a.canManage}
        onChange={(e) => setResults(e.target.value)}
        placeholder={tx.placeholder}
      />
      {a.canManage ? (
        <div>
          <Button loading={saveResults.isPending} onClick={() => saveResults.mutate()}>
            {tx.save}
          </Button>
        </div>
      ) : null}
      <Table<ActivityAward>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={a.awards}
        locale={{ emptyText: <Empty description={tx.noAwards} /> }}
        columns={[
          { title: tx.award, dataIndex: 'award', width: 140 },
          { title: tx.recipient, dataIndex: 'recipient' },
          { title: tx.note, dataIndex: 'note' },
          ...(a.canManage
            ? [
                {
                  title: tx.actions,
                  key: 'x',
                  width: 70,
                  render: (_: unknown, r: ActivityAward) => (
                    <Button size="small" type="link" danger onClick={() => removeAward.mutate(r.id)}>
                      {tx.remove}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {a.canManage ? (
        <div>
          <Button onClick={awardModal.create}>{tx.addAward}</Button>
        </div>
      ) : null}
      <CrudModal<AwardValues>
        open={awardModal.open}
        title={tx.addAward}
        submit={(v) =>
          activitiesApi.addAward(a.id, {
            award: v.award,
            personId: v.personId || undefined,
            orgNodeId: v.orgNodeId || undefined,
            note: v.note || null,
          })
        }
        successText={false}
        onClose={awardModal.close}
        onSaved={props.onChange}
      >
        <Form.Item name="award" label={tx.award} rules={[{ required: true, message: tx.awardRequired }]}>
          <Input placeholder={tx.awardPlaceholder} />
        </Form.Item>
        <Form.Item name="personId" label={tx.person}>
          <PersonPicker />
        </Form.Item>
        <Form.Item name="orgNodeId" label={tx.group}>
          <OrgTreeSelect keep={awardKeep} selectable={awardSelectable} showKind />
        </Form.Item>
        <Form.Item name="note" label={tx.note}>
          <Input />
        </Form.Item>
      </CrudModal>
    </Flex>
  );
}

export function PhotosTab(props: { activity: ActivityDetail; onChange: () => void }) {
  const tx = t.activities.photos;
  const a = props.activity;
  const addPhoto = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { mediaId: string; caption: string }) => activitiesApi.addPhoto(a.id, v),
    onSuccess: props.onChange,
    onError: showError,
  });
  const up = useUpload<{ id: string }>({
    path: activitiesApi.mediaUploadPath,
    // Photos live in the newsroom's media library; the activity keeps their ids.
    onSuccess: (media, file) =>
      addPhoto.mutate({ mediaId: media.id, caption: file.name.replace(/\.[^.]+$/, '') }),
  });
  const remove = useMutation({
    mutationFn: (photoId: string) => activitiesApi.removePhoto(a.id, photoId),
    onSuccess: props.onChange,
  });
  return (
    <Flex vertical gap={12}>
      {a.canManage ? (
        <Upload
          accept="image/jpeg,image/png,image/webp"
          showUploadList={false}
          beforeUpload={(file) => {
            void up.start(file);
            return false;
          }}
        >
          <Button loading={up.uploading || addPhoto.isPending}>{tx.upload}</Button>
        </Upload>
      ) : null}
      {a.photos.length ? (
        <Image.PreviewGroup>
          <Flex gap={12} wrap>
            {a.photos.map((p) => (
              <Flex key={p.id} vertical align="center" gap={4}>
                <Image
                  src={p.url.replace(/\/large$/, '/thumb')}
                  preview={{ src: p.url }}
                  width={160}
                  alt={p.caption ?? ''}
                />
                <Typography.Text type="secondary" style={{ maxWidth: 160 }} ellipsis>
                  {p.caption}
                </Typography.Text>
                {a.canManage ? (
                  <Button size="small" type="link" danger onClick={() => remove.mutate(p.id)}>
                    {tx.remove}
                  </Button>
                ) : null}
              </Flex>
            ))}
          </Flex>
        </Image.PreviewGroup>
      ) : (
        <Empty description={tx.empty} />
      )}
    </Flex>
  );
}
