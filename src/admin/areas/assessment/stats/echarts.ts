import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

/**
 * The parts of ECharts the statistics page draws with (bars, axes, legend, tooltip), registered
 * once. Only imported dynamically (StatsChart.tsx), so ECharts is a chunk of its own fetched when a
 * chart is first shown, never part of the console's first bundle.
 */
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption, EChartsType } from 'echarts/core';
