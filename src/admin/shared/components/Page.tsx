import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** The frame of every console page: a title row with actions, then the content. */
export function Page(props: {
  title: ReactNode;
  subTitle?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="page" data-testid={props.testId}>
      <Flex className="page-head" justify="space-between" align="center" wrap gap={12}>
        <div style={{ minWidth: 0 }}>
          {/* The page's one level-one heading (screen readers jump by headings), sized as before. */}
          <Typography.Title
            level={1}
            className="page-title"
            style={{ margin: 0, fontSize: 20, lineHeight: 1.4 }}
          >
            {props.title}
          </Typography.Title>
          {props.subTitle ? (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {props.subTitle}
            </Typography.Text>
          ) : null}
        </div>
        {props.extra ? (
          <Flex gap={8} wrap>
            {props.extra}
          </Flex>
        ) : null}
      </Flex>
      {props.children}
    </div>
  );
}
