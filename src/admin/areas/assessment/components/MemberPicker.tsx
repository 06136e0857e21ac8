import { useState } from 'react';
import { Select, Spin } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDebounced } from '../../../shared/hooks/useDebounced';
import { membersApi } from '../../members/api';
import { t } from '../../../locales';

/**
 * Picks a Party member the reviewer reaches (GET /members, scoped by the server: a secretary sees
 * their branch, a school admin the school's branches), searched by name, 工号 or initials. The
 * first members show on opening, so a small branch needs no typing.
 */
export function MemberPicker(props: {
  value?: string | null;
  onChange?: (id: string | null) => void;
  branchId?: string | null;
  placeholder?: string;
  testId?: string;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const found = useQuery({
    queryKey: ['members', 'list', 'assessment-picker', q, props.branchId ?? null],
    queryFn: ({ signal }) =>
      membersApi.list(
        { pageSize: 20, ...(q ? { q } : {}), ...(props.branchId ? { branchId: props.branchId } : {}) },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const items = (found.data?.items ?? []).filter((p) => p.membership);
  return (
    <Select
      id={props.id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={props.value ?? undefined}
      allowClear
      placeholder={props.placeholder}
      notFoundContent={found.isFetching ? <Spin size="small" /> : t.common.empty}
      onChange={(v: string | undefined) => props.onChange?.(v ?? null)}
      options={items.map((p) => ({
        value: p.id,
        label: `${p.name}（${p.number}）${p.membership?.branchName ?? ''}`,
      }))}
      data-testid={props.testId}
    />
  );
}
