import { CheckOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Badge, Button, Segmented, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useLiveReload } from '../../app/useLiveEvents';
import { markAllRead, markRead, type Notification, notificationTitle } from '../../components/NotificationBell';
import { errorText, showProblem } from '../../components/problem';
import { ticketPath, timeAgo, useNow } from '../workbench/tickets';

/** 消息中心: every in-app notification of the user, newest first, with an unread filter. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const now = useNow();
  const actionRef = useRef<ActionType>(undefined);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const reload = () => void actionRef.current?.reload();
  useLiveReload(reload, ['notification']);

  const readOne = async (item: Notification) => {
    try {
      await markRead(item.id);
      reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const columns: ProColumns<Notification>[] = [
    {
      title: t('workbench:notifications.field.title'),
      dataIndex: 'title',
      render: (_, item) => (
        <span data-testid="notification-row">
          <Badge status={item.readAt ? 'default' : 'error'} />{' '}
          <Typography.Text strong={!item.readAt}>{notificationTitle(item, t)}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('workbench:notifications.field.body'),
      dataIndex: 'body',
      ellipsis: true,
      render: (_, item) => item.body ?? <Typography.Text type="secondary">-</Typography.Text>,
    },
    {
      title: t('workbench:notifications.field.ticket'),
      dataIndex: 'ticketId',
      width: 200,
      render: (_, item) =>
        item.ticketId ? (
          <Link
            to={ticketPath(item.ticketId)}
            onClick={() => {
              if (!item.readAt) void markRead(item.id).catch(() => undefined);
            }}
          >
            {item.ticketPublicNo ?? t('workbench:notifications.openTicket')}
          </Link>
        ) : (
          <Typography.Text type="secondary">-</Typography.Text>
        ),
    },
    {
      title: t('workbench:notifications.field.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (_, item) => (
        <Typography.Text title={dayjs(item.createdAt).format('YYYY-MM-DD HH:mm:ss')}>
          {timeAgo(item.createdAt, now, t)}
        </Typography.Text>
      ),
    },
    {
      title: t('common:actions'),
      valueType: 'option',
      width: 110,
      render: (_, item) =>
        item.readAt
          ? [
              <Typography.Text key="read" type="secondary">
                {t('workbench:notifications.read')}
              </Typography.Text>,
            ]
          : [
              <Typography.Link key="mark" onClick={() => void readOne(item)}>
                {t('workbench:notifications.markRead')}
              </Typography.Link>,
            ],
    },
  ];

  return (
    <PageContainer title={t('workbench:notifications.pageTitle')} content={t('workbench:notifications.subtitle')}>
      <ProTable<Notification>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        size="middle"
        params={{ unreadOnly }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ reload: true, density: false, setting: false }}
        locale={{ emptyText: t('workbench:notifications.empty') }}
        headerTitle={
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => setUnreadOnly(v === 'unread')}
            options={[
              { value: 'all', label: t('workbench:notifications.filter.all') },
              { value: 'unread', label: t('workbench:notifications.filter.unread') },
            ]}
            data-testid="notification-filter"
          />
        }
        request={async (params) => {
          try {
            const page = await unwrap(
              api.GET('/api/notifications', {
                params: {
                  query: {
                    current: Number(params.current) || 1,
                    pageSize: Number(params.pageSize) || 20,
                    ...(unreadOnly ? { unread: 'true' as const } : {}),
                  },
                },
              }),
            );
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          <Button
            key="all"
            icon={<CheckOutlined />}
            onClick={async () => {
              try {
                await markAllRead();
                message.success(t('workbench:notifications.allRead'));
                reload();
              } catch (e) {
                message.error(errorText(e));
              }
            }}
          >
            {t('workbench:notifications.readAll')}
          </Button>,
        ]}
      />
    </PageContainer>
  );
}
