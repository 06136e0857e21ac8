import { Tag } from 'antd';
import { t } from '../../../locales';
import type { EvidenceStatus, PostStatus } from '../api';

const a = t.assessment;
const EVIDENCE_COLOR: Record<EvidenceStatus, string> = {
  submitted: 'gold',
  verified: 'green',
  returned: 'red',
  withdrawn: 'default',
};
const POST_COLOR: Record<PostStatus, string> = { submitted: 'gold', approved: 'green', returned: 'red' };

export function EvidenceStatusTag(props: { status: EvidenceStatus; label?: string }) {
  return (
    <Tag color={EVIDENCE_COLOR[props.status]} data-testid="evidence-status">
      {props.label ?? a.evidenceStatus[props.status]}
    </Tag>
  );
}

export function PostStatusTag(props: { status: PostStatus; label?: string }) {
  return (
    <Tag color={POST_COLOR[props.status]} data-testid="post-status">
      {props.label ?? a.postStatus[props.status]}
    </Tag>
  );
}
