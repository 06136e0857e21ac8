import { useEffect, useRef, useState } from 'react';
import { Typography } from 'antd';
import type { EChartsCoreOption, EChartsType } from './echarts';
import { t } from '../../../locales';

const s = t.assessmentStats;
type Chart = EChartsType;

/**
 * One ECharts chart, loaded on first show (./echarts is a chunk of its own), as wide as its box
 * and redrawn when the box changes size (a phone turned, the menu folded). `summary` is what the
 * chart shows in words, for screen readers; the page's tables hold the same figures.
 */
export function StatsChart(props: {
  option: EChartsCoreOption;
  height: number;
  summary: string;
  testId: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<Chart | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    let made: Chart | null = null;
    let observer: ResizeObserver | null = null;
    import('./echarts')
      .then(({ echarts }) => {
        if (!live || !box.current) return;
        made = echarts.init(box.current, undefined, { renderer: 'canvas' });
        observer = new ResizeObserver(() => made?.resize());
        observer.observe(box.current);
        setChart(made);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      observer?.disconnect();
      made?.dispose();
    };
  }, []);

  useEffect(() => {
    chart?.setOption(props.option, { notMerge: true });
  }, [chart, props.option]);

  return (
    <div style={{ position: 'relative', width: '100%', minWidth: 0 }}>
      <div
        ref={box}
        role="img"
        aria-label={s.charts.summary(props.summary)}
        data-testid={props.testId}
        data-ready={chart ? 'true' : 'false'}
        style={{ width: '100%', height: props.height }}
      />
      {chart || failed ? null : (
        <Typography.Text type="secondary" style={{ position: 'absolute', top: 8, left: 8 }}>
          {s.charts.loading}
        </Typography.Text>
      )}
      {failed ? (
        <Typography.Text type="secondary" style={{ position: 'absolute', top: 8, left: 8 }}>
          {s.charts.failed}
        </Typography.Text>
      ) : null}
    </div>
  );
}
