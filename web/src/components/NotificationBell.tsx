import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, List, Popover, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import i18n from '../app/i18n';
import { useLiveReload } from '../app/useLiveEvents';
import { ticketPath, timeAgo, useNow } from '../pages/workbench/tickets';
import { errorText } from './problem';

export type Notification = Awaited<ReturnType<typeof latestNotifications>>[number];

async function latestNotifications() {
  const page = await unwrap(api.GET('/api/notifications', { params: { query: { current: 1, pageSize: 8 } } }));
  return page.data;
}

async function unreadCount(): Promise<number> {
  const result = await unwrap(api.GET('/api/notifications/unread-count'));
  return result.count;
}

/** Marks one notification read; the caller reloads what it shows. */
export async function markRead(id: string): Promise<void> {
  await unwrap(api.POST('/api/notifications/{id}/read', { params: { path: { id } } }));
}

export async function markAllRead(): Promise<void> {
  await unwrap(api.POST('/api/notifications/read-all'));
}

const when = (iso: string | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

/**
 * The title in the reader's language, from the kind and the values the server kept (`params`);
 * old notifications and kinds this version does not know show the stored Chinese title.
 */
export function notificationTitle(item: Pick<Notification, 'kind' | 'title' | 'params'>, t: TFunction): string {
  const p = item.params;
  if (!p) return item.title;
  let key: string = item.kind;
  if (item.kind === 'resolved' && p.visitDue) key = 'resolvedVisit';
  if (item.kind === 'compensation') key = `compensation_${p.action ?? ''}`;
  if (item.kind === 'callback_due' && p.customerName) key = 'callback_dueNamed';
  const full = `workbench:notifications.kind.${key}`;
  if (!i18n.exists(full)) return item.title;
  const values: Record<string, string> = {
    ...p,
    due: when(p.due),
    visitDue: when(p.visitDue),
    calledAt: when(p.calledAt),
    clock: p.clock ? t(`workbench:notifications.clock.${p.clock}`) : '',
  };
  const dueKey = `${full}Due`;
  values.dueText = p.due && i18n.exists(dueKey) ? t(dueKey, values) : '';
  return t(full, values);
}

/** One notification: its title (bold while unread), body and how long ago. */
export function NotificationLine({ item, now }: { item: Notification; now: number }) {
  const { t } = useTranslation();
  const unread = !item.readAt;
  return (
    <div style={{ minWidth: 0, width: '100%' }}>
      <Space size={6} style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space size={6}>
          {unread && <Badge status="error" />}
          <Typography.Text strong={unread}>{notificationTitle(item, t)}</Typography.Text>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          {timeAgo(item.createdAt, now, t)}
        </Typography.Text>
      </Space>
      {item.body && (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 12 }}>
          {item.body}
        </Typography.Paragraph>
      )}
    </div>
  );
}

/**
 * 消息 bell in the header: the unread count (kept live by the server's events), the latest
 * notifications in a popover; a click marks one read and opens its ticket.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const now = useNow();
  const [open, setOpen] = useState(false);
  const [count, setCount] = useState(0);
  const [items, setItems] = useState<Notification[] | null>(null);

  const refresh = useCallback(async (withList: boolean) => {
    try {
      setCount(await unreadCount());
      if (withList) setItems(await latestNotifications());
    } catch {
      // The bell stays quiet; the pages show errors.
    }
  }, []);

  useEffect(() => {
    void refresh(false);
  }, [refresh]);
  useEffect(() => {
    if (open) void refresh(true);
  }, [open, refresh]);
  useLiveReload(() => void refresh(open), ['notification', 'workbench'], 250);

  const openOne = async (item: Notification) => {
    setOpen(false);
    try {
      if (!item.readAt) await markRead(item.id);
    } catch (e) {
      message.error(errorText(e));
    }
    void refresh(false);
    navigate(item.ticketId ? ticketPath(item.ticketId) : '/notifications');
  };

  const readAll = async () => {
    try {
      await markAllRead();
      message.success(t('workbench:notifications.allRead'));
      await refresh(true);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const content = (
    <div style={{ width: 380 }} data-testid="notification-popover">
      {items === null ? (
        <Spin style={{ display: 'block', margin: '24px auto' }} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench:notifications.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          style={{ maxHeight: 420, overflowY: 'auto' }}
          renderItem={(item) => (
            <List.Item
              style={{ cursor: 'pointer', paddingInline: 4 }}
              onClick={() => void openOne(item)}
              data-testid="notification-item"
            >
              <NotificationLine item={item} now={now} />
            </List.Item>
          )}
        />
      )}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }}>
        <Button size="small" type="link" onClick={() => void readAll()} disabled={count === 0}>
          {t('workbench:notifications.readAll')}
        </Button>
        <Button
          size="small"
          type="link"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
        >
          {t('workbench:notifications.viewAll')}
        </Button>
      </Space>
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={t('workbench:notifications.title')}
      content={content}
      destroyOnHidden
    >
      <span
        style={{ cursor: 'pointer', padding: '0 8px', display: 'inline-flex', alignItems: 'center' }}
        title={t('workbench:notifications.title')}
        data-testid="notification-bell"
      >
        <Badge count={count} size="small" overflowCount={99} data-testid="notification-count">
          <BellOutlined style={{ fontSize: 16 }} />
        </Badge>
      </span>
    </Popover>
  );
}
