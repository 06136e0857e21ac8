import { useMemo } from 'react';
import { Alert, Form, Input, InputNumber, Modal, Select, TreeSelect } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ALLOWED_PARENTS, ORG_KIND_LABELS, canPlace } from '../../../common/orgTree';
import type { OrgKind } from '../../../common/orgTree';
import type { OrgNodeView as OrgNode } from '../../../common/contracts/org';
import { orgApi, orgKeys, type CreateNodeBody } from './api';
import { applyFieldErrors } from '../../shared/lib/forms';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { isInSubtree, toTreeSelect, type OrgIndex, type TreeNode } from '../../shared/lib/orgTree';
import { rules } from '../../shared/lib/validators';
import { t } from '../../locales';

interface NodeValues {
  kind?: OrgKind;
  name: string;
  code?: string | null;
  sortOrder?: number | null;
}

type NodeFormProps =
  | { mode: 'create'; parent: TreeNode; kinds: OrgKind[]; onClose: () => void; onSaved: (n: OrgNode) => void }
  | { mode: 'edit'; node: TreeNode; onClose: () => void; onSaved: (n: OrgNode) => void };

/** Add a child under a node (kind limited by ALLOWED_PARENTS) or edit a node's name, code and order. */
export function NodeFormModal(props: NodeFormProps) {
  const [form] = Form.useForm<NodeValues>();
  const qc = useQueryClient();
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: NodeValues) => {
      const body = {
        name: v.name.trim(),
        code: v.code?.trim() ? v.code.trim() : null,
        ...(v.sortOrder === null || v.sortOrder === undefined ? {} : { sortOrder: v.sortOrder }),
      };
      return props.mode === 'create'
        ? orgApi.create({ parentId: props.parent.id, kind: v.kind, ...body } as CreateNodeBody)
        : orgApi.update(props.node.id, body);
    },
    onSuccess: async (n) => {
      showSuccess(props.mode === 'create' ? t.org.created : t.org.updated);
      await qc.invalidateQueries({ queryKey: orgKeys.all });
      props.onSaved(n);
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e);
      if (rest.length || !(e as { fields?: unknown }).fields) showError(e);
    },
  });

  const initial: NodeValues =
    props.mode === 'create'
      ? { kind: props.kinds.length === 1 ? props.kinds[0] : undefined, name: '', code: '', sortOrder: null }
      : { name: props.node.name, code: props.node.code ?? '', sortOrder: props.node.sortOrder };

  return (
    <Modal
      open
      title={props.mode === 'create' ? t.org.addChildTitle(props.parent.name) : t.org.renameTitle}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t.common.save}
      destroyOnHidden
      modalRender={(node) => <div data-testid="org-node-modal">{node}</div>}
    >
      <Form<NodeValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        data-testid="org-node-form"
      >
        {props.mode === 'create' ? (
          <Form.Item name="kind" label={t.org.kind} rules={[rules.select(t.org.kind)]}>
            <Select
              options={props.kinds.map((k) => ({ value: k, label: ORG_KIND_LABELS[k] }))}
              data-testid="org-node-kind"
            />
          </Form.Item>
        ) : null}
        <Form.Item name="name" label={t.org.name} rules={[rules.required(t.org.name), rules.max(100)]}>
          <Input autoFocus data-testid="org-node-name" />
        </Form.Item>
        <Form.Item name="code" label={t.org.code} rules={[rules.max(50)]}>
          <Input placeholder={t.common.optional} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t.org.sortOrder} extra={t.org.sortOrderExtra}>
          <InputNumber
            min={0}
            max={100000}
            precision={0}
            style={{ width: '100%' }}
            placeholder={t.common.optional}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Move a node under a new parent: only parents of an allowed kind, outside its own subtree, enabled. */
export function MoveNodeModal(props: {
  node: TreeNode;
  index: OrgIndex;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { node, index } = props;
  const [form] = Form.useForm<{ parentId: string }>();
  const qc = useQueryClient();
  const treeData = useMemo(
    () =>
      toTreeSelect(
        index.roots,
        () => true,
        (n) =>
          !n.disabled &&
          n.id !== node.parentId &&
          canPlace(node.kind, n.kind) &&
          !isInSubtree(index, n.id, node.id),
        (n) => `${n.name}（${n.kindLabel || ORG_KIND_LABELS[n.kind]}）`,
      ),
    [index, node],
  );
  const move = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { parentId: string }) => orgApi.update(node.id, { parentId: v.parentId }),
    onSuccess: async () => {
      showSuccess(t.org.moved);
      await qc.invalidateQueries({ queryKey: orgKeys.all });
      props.onSaved();
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e);
      if (rest.length || !(e as { fields?: unknown }).fields) showError(e);
    },
  });
  const parents = ALLOWED_PARENTS[node.kind].map((k) => ORG_KIND_LABELS[k]).join('、');
  return (
    <Modal
      open
      title={t.org.moveTitle(node.name)}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ disabled: treeData.length === 0 }}
      confirmLoading={move.isPending}
      destroyOnHidden
      modalRender={(node) => <div data-testid="org-move-modal">{node}</div>}
    >
      <Alert
        type="info"
        showIcon
        title={t.org.moveHint(node.kindLabel || ORG_KIND_LABELS[node.kind], parents)}
        style={{ marginBottom: 16 }}
      />
      {treeData.length === 0 ? (
        <Alert type="warning" title={t.org.moveNoTarget} />
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => move.mutate(v)}>
          <Form.Item name="parentId" label={t.org.moveTo} rules={[rules.select(t.org.moveTo)]}>
            <TreeSelect
              treeData={treeData}
              showSearch={{ treeNodeFilterProp: 'title' }}
              treeDefaultExpandAll
              data-testid="org-move-target"
              styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
