import { Button, Empty } from 'antd';
import { Link } from 'react-router';
import { isApiError } from '../../../shared/api/client';
import { t } from '../../../locales';

const a = t.assessment;

/** The year has no scheme yet (409 SCHEME_MISSING): scores and evidence wait for it. */
export const isSchemeMissing = (e: unknown) => isApiError(e) && e.code === 'SCHEME_MISSING';

/** Says so in the server's words, with the way to the scheme page for those who may see it. */
export function SchemeMissing(props: { error: unknown; year: number; linkToScheme?: boolean }) {
  const text = isApiError(props.error) ? props.error.message : a.scheme.none(props.year);
  const sentence = /[。！？]$/.test(text) ? text : `${text}。`;
  return (
    <Empty description={`${sentence}${a.schemeMissingHint}`} data-testid="scheme-missing">
      {props.linkToScheme ? (
        <Link to={`/assessment/scheme?year=${props.year}`}>
          <Button>{a.toScheme}</Button>
        </Link>
      ) : null}
    </Empty>
  );
}
