import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { useQueryData } from '../../components/useQueryData';
import { CompensationModal, RequestCompensationModal } from './CompensationModals';
import { type Compensation, CompensationStateTag, yuan } from './shared';

/**
 * 赔付 on the ticket page: the ticket's compensation requests with their state, each opening its
 * approval chain, and 申请赔付 for those who may request.
 */
export function CompensationPanel({ ticketId, projectId }: { ticketId: string; projectId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [reloads, setReloads] = useState(0);
  const [requesting, setRequesting] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const { data, loading } = useQueryData(
    () =>
      unwrap(api.GET('/api/compensations', { params: { query: { ticketId, projectId, current: 1, pageSize: 50 } } })),
    [ticketId, projectId, reloads],
  );
  const reload = () => setReloads((n) => n + 1);
  return (
    <Card
      size="small"
      title={t('casework:compensation.panelTitle')}
      extra={
        can(access.requestCompensation) && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setRequesting(true)}>
            {t('casework:compensation.request')}
          </Button>
        )
      }
    >
      <Table<Compensation>
        rowKey="id"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={data?.data ?? []}
        locale={{ emptyText: t('casework:compensation.noneOnTicket') }}
        columns={[
          {
            title: t('casework:compensation.no'),
            dataIndex: 'publicNo',
            render: (_, r) => <Typography.Link onClick={() => setOpened(r.id)}>{r.publicNo}</Typography.Link>,
          },
          {
            title: t('casework:compensation.amount'),
            dataIndex: 'amountFen',
            align: 'right',
            render: (_, r) => yuan(r.amountFen),
          },
          {
            title: t('casework:compensation.stateLabel'),
            dataIndex: 'state',
            render: (_, r) => <CompensationStateTag state={r.state} />,
          },
          {
            title: t('casework:compensation.requestedAt'),
            dataIndex: 'requestedAt',
            render: (_, r) => dayjs(r.requestedAt).format('YYYY-MM-DD HH:mm'),
          },
        ]}
      />
      <RequestCompensationModal
        ticketId={ticketId}
        open={requesting}
        onClose={() => setRequesting(false)}
        onCreated={() => {
          setRequesting(false);
          reload();
        }}
      />
      <CompensationModal compensationId={opened} onClose={() => setOpened(null)} onChanged={reload} />
    </Card>
  );
}
