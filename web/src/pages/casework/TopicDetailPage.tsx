import { LinkOutlined, NotificationOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Input,
  Modal,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import type { TopicDetail } from './shared';
import { TicketPicker } from './TicketPicker';
import { TopicStateTag } from './TopicsPage';

/** One topic: its linked tickets, linking more, and progress updates sent to all of them. */
export default function TopicDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can(access.manageTopics);
  const [reloads, setReloads] = useState(0);
  const [picked, setPicked] = useState<string[]>([]);
  const [posting, setPosting] = useState(false);
  const [update, setUpdate] = useState('');
  const [busy, setBusy] = useState(false);
  const { data, error, loading } = useQueryData(
    () => unwrap(api.GET('/api/topics/{id}', { params: { path: { id } } })),
    [id, reloads],
  );
  const reload = () => setReloads((n) => n + 1);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      message.success(done);
      reload();
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Alert type="error" showIcon message={error.message} />;
  if (loading && !data) return <Skeleton active />;
  if (!data) return null;
  const topic: TopicDetail = data;
  const open = topic.state === 'open';

  return (
    <PageContainer
      title={
        <Space>
          {topic.title}
          <TopicStateTag state={topic.state} />
        </Space>
      }
      subTitle={topic.publicNo}
      extra={
        canManage && open
          ? [
              <Button
                key="post"
                type="primary"
                icon={<NotificationOutlined />}
                disabled={topic.tickets.length === 0}
                onClick={() => {
                  setUpdate('');
                  setPosting(true);
                }}
              >
                {t('casework:topic.postUpdate')}
              </Button>,
              <Popconfirm
                key="close"
                title={t('casework:topic.confirmClose')}
                onConfirm={() =>
                  run(
                    () => unwrap(api.POST('/api/topics/{id}/close', { params: { path: { id } } })),
                    t('casework:topic.closed'),
                  )
                }
              >
                <Button>{t('casework:topic.close')}</Button>
              </Popconfirm>,
            ]
          : []
      }
    >
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={3} size="small">
          <Descriptions.Item label={t('casework:topic.project')}>{topic.projectName}</Descriptions.Item>
          <Descriptions.Item label={t('casework:topic.masterTicket')}>
            {topic.masterTicket ? (
              <Link to={`/service-desk/tickets/${topic.masterTicket.id}`}>{topic.masterTicket.publicNo}</Link>
            ) : (
              '-'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('casework:topic.createdBy')}>
            {topic.createdByName} {dayjs(topic.createdAt).format('YYYY-MM-DD HH:mm')}
          </Descriptions.Item>
          <Descriptions.Item label={t('casework:topic.description')} span={3}>
            {topic.description || '-'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('casework:topic.linkedTickets', { count: topic.tickets.length })}
        style={{ marginBottom: 16 }}
        extra={
          canManage && open ? (
            <Space>
              <TicketPicker
                projectId={topic.projectId}
                mode="multiple"
                value={picked}
                onChange={(v) => setPicked(v as string[])}
                placeholder={t('casework:topic.linkPlaceholder')}
              />
              <Button
                icon={<LinkOutlined />}
                disabled={picked.length === 0}
                loading={busy}
                onClick={async () => {
                  const done = await run(
                    () =>
                      unwrap(
                        api.POST('/api/topics/{id}/tickets', { params: { path: { id } }, body: { ticketIds: picked } }),
                      ),
                    t('casework:topic.linked'),
                  );
                  if (done) setPicked([]);
                }}
              >
                {t('casework:topic.link')}
              </Button>
            </Space>
          ) : null
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={topic.tickets}
          locale={{ emptyText: t('casework:topic.noTickets') }}
          columns={[
            {
              title: t('casework:topic.ticketNo'),
              dataIndex: 'publicNo',
              width: 250,
              render: (_, r) => (
                <Space>
                  <Link to={`/service-desk/tickets/${r.id}`}>{r.publicNo}</Link>
                  {r.isMaster && <Tag color="gold">{t('casework:topic.master')}</Tag>}
                </Space>
              ),
            },
            { title: t('casework:topic.ticketTitle'), dataIndex: 'title' },
            {
              title: t('casework:topic.ticketType'),
              dataIndex: 'type',
              width: 90,
              render: (v: string) => t(`casework:ticketType.${v}`),
            },
            { title: t('casework:topic.contact'), dataIndex: 'contactName', width: 110 },
            {
              title: t('casework:topic.createdAt'),
              dataIndex: 'createdAt',
              width: 150,
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
            ...(canManage
              ? [
                  {
                    title: t('common:actions'),
                    key: 'actions',
                    width: 90,
                    render: (_: unknown, r: TopicDetail['tickets'][number]) => (
                      <Popconfirm
                        title={t('casework:topic.confirmUnlink', { no: r.publicNo })}
                        onConfirm={() =>
                          run(
                            () =>
                              unwrap(
                                api.DELETE('/api/topics/{id}/tickets/{ticketId}', {
                                  params: { path: { id, ticketId: r.id } },
                                }),
                              ),
                            t('casework:topic.unlinked'),
                          )
                        }
                      >
                        <Typography.Link type="danger">{t('casework:topic.unlink')}</Typography.Link>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card title={t('casework:topic.updates')}>
        {topic.updates.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('casework:topic.noUpdates')} />
        ) : (
          <Timeline
            items={topic.updates.map((u) => ({
              children: (
                <>
                  <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>
                    {u.body}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('casework:topic.updateMeta', {
                      name: u.actorName ?? '',
                      time: dayjs(u.occurredAt).format('YYYY-MM-DD HH:mm'),
                      count: u.ticketCount,
                    })}
                  </Typography.Text>
                </>
              ),
            }))}
          />
        )}
      </Card>
      <Modal
        open={posting}
        title={t('casework:topic.postUpdate')}
        okText={t('casework:topic.send')}
        confirmLoading={busy}
        okButtonProps={{ disabled: update.trim() === '' }}
        onCancel={() => setPosting(false)}
        onOk={async () => {
          const body = update.trim();
          const done = await run(
            () => unwrap(api.POST('/api/topics/{id}/updates', { params: { path: { id } }, body: { body } })),
            t('casework:topic.posted', { count: topic.tickets.length }),
          );
          if (done) setPosting(false);
        }}
      >
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('casework:topic.postHint', { count: topic.tickets.length })}
        />
        <Input.TextArea
          rows={5}
          maxLength={2000}
          showCount
          value={update}
          onChange={(e) => setUpdate(e.target.value)}
          placeholder={t('casework:topic.updatePlaceholder')}
        />
      </Modal>
    </PageContainer>
  );
}
