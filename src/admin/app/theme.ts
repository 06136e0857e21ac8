import type { ThemeConfig } from 'antd';

/** A restrained Party red on a neutral, light console. */
export const PRIMARY = '#b71c1c';

export const FONT_FAMILY = [
  '-apple-system',
  'BlinkMacSystemFont',
  "'Segoe UI'",
  "'PingFang SC'",
  "'Hiragino Sans GB'",
  "'Microsoft YaHei'",
  "'Noto Sans CJK SC'",
  "'Noto Sans SC'",
  "'Source Han Sans SC'",
  "'WenQuanYi Micro Hei'",
  "'Helvetica Neue'",
  'Arial',
  'sans-serif',
].join(', ');

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY,
    colorLink: PRIMARY,
    colorInfo: '#1f6fb2',
    borderRadius: 6,
    fontFamily: FONT_FAMILY,
    colorBgLayout: '#f4f5f7',
    // antd's grey for secondary and tertiary text (45% black, 3.4:1 on white) is below the 4.5:1
    // WCAG AA asks of body text (GB/T 37668); 60% black is 5.7:1 on white and 5.2:1 on the layout grey.
    colorTextDescription: 'rgba(0,0,0,0.6)',
    colorTextTertiary: 'rgba(0,0,0,0.6)',
    // antd's error red (#ff4d4f, 3.3:1) colours danger buttons and form errors: a deeper red reads.
    colorError: '#cf1322',
  },
  components: {
    Layout: {
      headerBg: '#ffffff',
      headerHeight: 56,
      headerPadding: '0 16px',
      siderBg: '#ffffff',
      triggerBg: '#ffffff',
      triggerColor: 'rgba(0,0,0,0.65)',
    },
    Menu: {
      itemBorderRadius: 6,
      itemSelectedBg: '#fbeaea',
      itemSelectedColor: PRIMARY,
    },
    Table: {
      headerBg: '#fafafa',
    },
  },
};
