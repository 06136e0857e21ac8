import { useMemo, useState } from 'react';
import {
  App,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Row,
  Space,
  Switch,
  Tag,
  Tree,
  Typography,
} from 'antd';
import type { TreeDataNode } from 'antd';
import {
  DeleteOutlined,
  DragOutlined,
  EditOutlined,
  PlusOutlined,
  StopOutlined,
  CheckCircleOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { ALLOWED_PARENTS, ORG_KINDS, ORG_KIND_LABELS } from '../../../common/orgTree';
import { isApiError } from '../../shared/api/client';
import type { OrgKind } from '../../../common/orgTree';
import { orgApi, orgKeys, type UpdateNodeBody } from './api';
import { usePermissions } from '../../app/me';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { pathOf, useOrgTree, type OrgIndex, type TreeNode } from '../../shared/lib/orgTree';
import { t } from '../../locales';
import { MoveNodeModal, NodeFormModal } from './NodeModals';

/** Kinds that may be created under a node of `kind`, in the tree's canonical order. */
export const childKindsOf = (kind: OrgKind): OrgKind[] =>
  ORG_KINDS.filter((k) => ALLOWED_PARENTS[k].includes(kind));

function NodeTitle({ node }: { node: TreeNode }) {
  return (
    <span
      className={node.disabled ? 'org-node org-node-disabled' : 'org-node'}
      data-testid="org-node"
      data-node-id={node.id}
      data-kind={node.kind}
    >
      <span className="org-node-name">{node.name}</span>
      <Tag variant="filled" style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '18px' }}>
        {node.kindLabel || ORG_KIND_LABELS[node.kind]}
      </Tag>
      {node.disabled ? (
        <Tag color="default" style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '18px' }}>
          {t.org.disabledTag}
        </Tag>
      ) : null}
      {node.subtreePeople > 0 ? (
        <span className="org-node-count">{t.org.peopleCount(node.subtreePeople)}</span>
      ) : null}
      {node.subtreeMembers > 0 ? (
        <span className="org-node-count" style={{ color: '#b71c1c' }}>
          {t.org.memberCount(node.subtreeMembers)}
        </span>
      ) : null}
    </span>
  );
}

/** Tree data for antd Tree, keeping only nodes matching `q` (and their ancestors). */
function toTreeData(nodes: TreeNode[], q: string): TreeDataNode[] {
  const out: TreeDataNode[] = [];
  for (const n of nodes) {
    const children = toTreeData(n.children, q);
    const matches = !q || n.name.toLowerCase().includes(q) || (n.code ?? '').toLowerCase().includes(q);
    if (!matches && children.length === 0) continue;
    out.push({ key: n.id, title: <NodeTitle node={n} />, children: children.length ? children : undefined });
  }
  return out;
}

function defaultExpanded(index: OrgIndex): string[] {
  return index.list.filter((n) => (index.byId.get(n.id)?.depth ?? 9) < 2).map((n) => n.id);
}

export default function OrgPage() {
  const { can } = usePermissions();
  const canWrite = can('org.write');
  const [showDisabled, setShowDisabled] = useState(false);
  const tree = useOrgTree({ includeDisabled: showDisabled });
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('node');
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [modal, setModal] = useState<null | 'create' | 'edit' | 'move'>(null);
  const qc = useQueryClient();
  const { modal: dialogs } = App.useApp();

  const q = search.trim().toLowerCase();
  const treeData = useMemo(() => (tree.data ? toTreeData(tree.data.roots, q) : []), [tree.data, q]);
  const expandedKeys = useMemo(() => {
    if (!tree.data) return [];
    if (q) return tree.data.list.map((n) => n.id);
    return expanded ?? defaultExpanded(tree.data);
  }, [tree.data, q, expanded]);

  const selected = selectedId ? tree.data?.byId.get(selectedId) : undefined;
  const select = (id: string | null) =>
    setParams(
      (p) => {
        if (id) p.set('node', id);
        else p.delete('node');
        return p;
      },
      { replace: true },
    );

  const refresh = () => qc.invalidateQueries({ queryKey: orgKeys.all });

  const patch = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { id: string; body: UpdateNodeBody }) => orgApi.update(v.id, v.body),
    onSuccess: async (_n, v) => {
      showSuccess(
        v.body.disabled === true
          ? t.org.disabledDone
          : v.body.disabled === false
            ? t.org.enabledDone
            : t.org.updated,
      );
      await refresh();
    },
    onError: showError,
  });

  const remove = useMutation({
    meta: { quiet: true },
    mutationFn: (id: string) => orgApi.remove(id),
    onSuccess: async () => {
      showSuccess(t.org.deletedDone);
      select(null);
      await refresh();
    },
    onError: (e, id) => {
      if (isApiError(e) && e.status === 409) {
        dialogs.confirm({
          title: e.message,
          content: t.org.deleteOnlyDisable,
          okText: t.org.disable,
          cancelText: t.common.close,
          onOk: () => patch.mutateAsync({ id, body: { disabled: true } }),
        });
      } else showError(e);
    },
  });

  if (tree.isPending) return <Loading />;
  if (tree.isError) return <ErrorState error={tree.error} onRetry={() => void tree.refetch()} />;
  const index = tree.data;
  const childKinds = selected ? childKindsOf(selected.kind) : [];

  return (
    <Page title={t.org.title} testId="org-page">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={11} xl={10}>
          <Card
            size="small"
            title={
              <Input.Search
                allowClear
                placeholder={t.org.searchPlaceholder}
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                style={{ maxWidth: 260 }}
                data-testid="org-search"
              />
            }
            extra={
              <Space size={6}>
                <Switch
                  size="small"
                  checked={showDisabled}
                  onChange={setShowDisabled}
                  data-testid="org-show-disabled"
                />
                <Typography.Text style={{ fontSize: 13 }}>{t.org.showDisabled}</Typography.Text>
              </Space>
            }
          >
            <Flex gap={8} style={{ marginBottom: 8 }}>
              <Button size="small" type="link" onClick={() => setExpanded(index.list.map((n) => n.id))}>
                {t.org.expandAll}
              </Button>
              <Button size="small" type="link" onClick={() => setExpanded([])}>
                {t.org.collapseAll}
              </Button>
            </Flex>
            {treeData.length === 0 ? (
              <Empty description={t.org.empty} />
            ) : (
              <Tree
                className="org-tree"
                data-testid="org-tree"
                blockNode
                showLine
                treeData={treeData}
                expandedKeys={expandedKeys}
                onExpand={(keys) => setExpanded(keys as string[])}
                selectedKeys={selected ? [selected.id] : []}
                onSelect={(keys) => {
                  // Clicking the selected node again keeps it selected.
                  if (keys[0]) select(keys[0] as string);
                }}
                style={{ maxHeight: 'calc(100vh - 260px)', overflow: 'auto' }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={13} xl={14}>
          <Card size="small" data-testid="org-detail" title={selected ? selected.name : t.org.title}>
            {!selected ? (
              <Empty description={t.org.selectHint} />
            ) : (
              <>
                <Descriptions
                  bordered
                  column={{ xs: 1, sm: 2 }}
                  size="small"
                  items={[
                    {
                      key: 'kind',
                      label: t.org.kind,
                      children: selected.kindLabel || ORG_KIND_LABELS[selected.kind],
                    },
                    {
                      key: 'status',
                      label: t.org.status,
                      children: selected.disabled ? (
                        <Badge status="default" text={t.common.disabled} />
                      ) : (
                        <Badge status="success" text={t.common.enabled} />
                      ),
                    },
                    { key: 'code', label: t.org.code, children: selected.code || t.common.none },
                    { key: 'sort', label: t.org.sortOrder, children: selected.sortOrder },
                    {
                      key: 'path',
                      label: t.org.path,
                      span: 2,
                      children:
                        pathOf(index, selected.parentId)
                          .map((n) => n.name)
                          .join(' / ') || t.org.root,
                    },
                    { key: 'direct', label: t.org.directPeople, children: selected.peopleCount },
                    { key: 'all', label: t.org.subtreePeople, children: selected.subtreePeople },
                    { key: 'members', label: t.org.subtreeMembers, children: selected.subtreeMembers },
                  ]}
                />
                {canWrite ? (
                  <Flex gap={8} wrap style={{ marginTop: 16 }}>
                    <Button
                      type="primary"
                      icon={<PlusOutlined />}
                      disabled={childKinds.length === 0 || selected.disabled}
                      title={childKinds.length === 0 ? t.org.noChildKinds : undefined}
                      onClick={() => setModal('create')}
                      data-testid="org-add-child"
                    >
                      {t.org.addChild}
                    </Button>
                    <Button icon={<EditOutlined />} onClick={() => setModal('edit')} data-testid="org-rename">
                      {t.org.rename}
                    </Button>
                    {selected.kind !== 'park' ? (
                      <Button icon={<DragOutlined />} onClick={() => setModal('move')} data-testid="org-move">
                        {t.org.move}
                      </Button>
                    ) : null}
                    {selected.kind !== 'park' ? (
                      <Popconfirm
                        title={selected.disabled ? t.org.enableConfirm : t.org.disableConfirm}
                        onConfirm={() =>
                          patch
                            .mutateAsync({ id: selected.id, body: { disabled: !selected.disabled } })
                            .catch(() => undefined)
                        }
                        styles={{ root: { maxWidth: 320 } }}
                      >
                        <Button
                          icon={selected.disabled ? <CheckCircleOutlined /> : <StopOutlined />}
                          data-testid="org-toggle-disabled"
                        >
                          {selected.disabled ? t.org.enable : t.org.disable}
                        </Button>
                      </Popconfirm>
                    ) : null}
                    {selected.kind !== 'park' ? (
                      <Popconfirm
                        title={t.org.deleteConfirm}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => remove.mutateAsync(selected.id).catch(() => undefined)}
                        styles={{ root: { maxWidth: 320 } }}
                      >
                        <Button danger icon={<DeleteOutlined />} data-testid="org-delete">
                          {t.org.delete}
                        </Button>
                      </Popconfirm>
                    ) : null}
                  </Flex>
                ) : null}
              </>
            )}
          </Card>
        </Col>
      </Row>
      {selected && modal === 'create' ? (
        <NodeFormModal
          mode="create"
          parent={selected}
          kinds={childKinds}
          onClose={() => setModal(null)}
          onSaved={(n) => {
            setModal(null);
            setExpanded((e) => Array.from(new Set([...(e ?? defaultExpanded(index)), selected.id])));
            select(n.id);
          }}
        />
      ) : null}
      {selected && modal === 'edit' ? (
        <NodeFormModal
          mode="edit"
          node={selected}
          onClose={() => setModal(null)}
          onSaved={() => setModal(null)}
        />
      ) : null}
      {selected && modal === 'move' ? (
        <MoveNodeModal
          node={selected}
          index={index}
          onClose={() => setModal(null)}
          onSaved={() => setModal(null)}
        />
      ) : null}
    </Page>
  );
}
