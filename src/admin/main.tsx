import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router/dom';
import { queryClient } from './shared/api/queryClient';
import { setAppApi } from './shared/lib/feedback';
import { antdLocale } from './locales';
import { router } from './app/router';
import { theme } from './app/theme';
import './styles.css';

function FeedbackBridge() {
  const app = AntApp.useApp();
  useEffect(() => {
    setAppApi(app);
    return () => setAppApi(null);
  }, [app]);
  return null;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={antdLocale} theme={theme}>
      <AntApp>
        <FeedbackBridge />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
