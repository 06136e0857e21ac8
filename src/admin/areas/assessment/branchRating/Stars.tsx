import { t } from '../../../locales';

const r = t.branchRating;

/** Stars as ★★★☆☆, named for screen readers (「3 星」). */
export const Stars = (props: { n: number | null }) =>
  props.n === null ? null : (
    <span
      aria-label={r.starsLabel(props.n)}
      title={r.starsLabel(props.n)}
      style={{ color: '#c41d1d', letterSpacing: 1, whiteSpace: 'nowrap' }}
      data-testid="rating-stars"
      data-stars={props.n}
    >
      {r.stars(props.n)}
    </span>
  );

export const statusColor = { draft: 'default', selfRated: 'gold', rated: 'green' } as const;
