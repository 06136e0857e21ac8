import { z } from 'zod';
import { ok, pageQuery } from '../schemas';

/** The signed-in user's own console notifications (/api/notifications). */
export const notification = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type NotificationView = z.infer<typeof notification>;

export const notificationContracts = {
  list: {
    querystring: pageQuery.extend({ unreadOnly: z.enum(['true', 'false']).default('false') }),
    response: z.object({
      items: z.array(notification),
      total: z.number().int(),
      unread: z.number().int(),
      page: z.number().int(),
      pageSize: z.number().int(),
    }),
  },
  markRead: {
    body: z.object({ id: z.string().uuid('通知编号格式不正确').optional() }).default({}),
    response: ok,
  },
};
