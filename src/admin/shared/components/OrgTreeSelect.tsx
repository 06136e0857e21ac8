import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import { usePermissions } from '../../app/me';
import { toTreeSelect, useOrgTree, type TreeNode } from '../lib/orgTree';
import { ORG_KIND_LABELS } from '../../../common/orgTree';

export interface OrgTreeSelectProps {
  value?: string | null;
  onChange?: (value: string | null, node: TreeNode | undefined) => void;
  /** Which nodes appear (others are skipped, their children lifted). */
  keep?: (n: TreeNode) => boolean;
  /** Which nodes may be picked. */
  selectable: (n: TreeNode) => boolean;
  /** Show the kind after the name, e.g. 一中（学校）. */
  showKind?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: React.CSSProperties;
  testId?: string;
  id?: string;
}

/** A picker over the organisation tree (GET /org/tree), for filters and forms. */
export function OrgTreeSelect(props: OrgTreeSelectProps) {
  const { can } = usePermissions();
  const tree = useOrgTree({ enabled: can('org.read') });
  const { keep, selectable, showKind } = props;
  const data = useMemo(
    () =>
      tree.data
        ? toTreeSelect(
            tree.data.roots,
            keep ?? (() => true),
            selectable,
            showKind ? (n) => `${n.name}（${n.kindLabel || ORG_KIND_LABELS[n.kind]}）` : (n) => n.name,
          )
        : [],
    [tree.data, keep, selectable, showKind],
  );
  return (
    <TreeSelect
      id={props.id}
      value={props.value ?? undefined}
      onChange={(v) =>
        props.onChange?.((v as string | undefined) ?? null, v ? tree.data?.byId.get(v as string) : undefined)
      }
      treeData={data}
      loading={tree.isLoading}
      disabled={props.disabled}
      allowClear={props.allowClear}
      placeholder={props.placeholder}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll={data.length <= 3}
      style={props.style}
      data-testid={props.testId}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto' } } }}
    />
  );
}
