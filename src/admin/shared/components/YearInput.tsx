import { InputNumber } from 'antd';
import { t } from '../../locales';

/** The year a page shows (dues, birthdays, meetings): a number box with 年, named for screen readers. */
export function YearInput(props: { value: number; onChange: (year: number) => void; testId?: string }) {
  return (
    <InputNumber
      value={props.value}
      min={1990}
      max={2100}
      onChange={(v) => v && props.onChange(v)}
      suffix={t.common.yearSuffix}
      aria-label={t.common.yearLabel}
      data-testid={props.testId}
    />
  );
}
