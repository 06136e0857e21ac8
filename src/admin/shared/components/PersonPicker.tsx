import { useState } from 'react';
import { Select, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { peopleApi, type PersonListItem } from '../../areas/people/api';
import { useDebounced } from '../hooks/useDebounced';
import { t } from '../../locales';

/** Search people by name, 工号/学号 or pinyin initials (GET /people?q=) and pick one. */
export function PersonPicker(props: {
  value?: string | null;
  onChange?: (id: string | null, person: PersonListItem | undefined) => void;
  placeholder?: string;
  testId?: string;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const found = useQuery({
    queryKey: ['people', 'picker', q],
    queryFn: ({ signal }) => peopleApi.list({ q, pageSize: 20, status: 'active' }, signal),
    enabled: q.length > 0,
  });
  const items = found.data?.items ?? [];
  return (
    <Select
      id={props.id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={props.value ?? undefined}
      allowClear
      placeholder={props.placeholder}
      notFoundContent={found.isFetching ? <Spin size="small" /> : q ? t.common.empty : null}
      onChange={(v: string | undefined) =>
        props.onChange?.(
          v ?? null,
          items.find((p) => p.id === v),
        )
      }
      options={items.map((p) => ({
        value: p.id,
        label: `${p.name}（${p.number}）${[t.people.kindLabel[p.kind], p.schoolName, p.unitName].filter(Boolean).join(' · ')}`,
      }))}
      data-testid={props.testId}
    />
  );
}
