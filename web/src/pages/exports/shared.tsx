import type { ProColumns } from '@ant-design/pro-components';
import { Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { paths } from '../../api/schema';

export type ExportRequest =
  paths['/api/export-requests']['get']['responses'][200]['content']['application/json']['data'][number];
export type ExportStatus = ExportRequest['status'];

export const statuses: ExportStatus[] = ['pending', 'approved', 'rejected', 'used', 'expired'];

const statusColors: Record<ExportStatus, string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
  used: 'default',
  expired: 'default',
};

export const time = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');
/** Within the download window (at most a week): month, day and time suffice. */
const shortTime = (iso: string) => dayjs(iso).format('MM-DD HH:mm');

export function StatusTag({ request }: { request: ExportRequest }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={statusColors[request.status]} bordered={false} data-testid="export-status">
      {t(`exports:status.${request.status}`)}
    </Tag>
  );
  const note =
    request.status === 'approved' && request.expiresAt
      ? t('exports:validUntil', { time: shortTime(request.expiresAt) })
      : request.status === 'used' && request.usedAt
        ? t('exports:usedAt', { time: shortTime(request.usedAt) })
        : null;
  if (!note) return tag;
  return (
    <Space direction="vertical" size={0}>
      {tag}
      <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
        {note}
      </Typography.Text>
    </Space>
  );
}

/** 客户 · 项目：邻里花园 — what the request exports, in words. */
export function ExportContent({ request }: { request: ExportRequest }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={2}>
      <Typography.Text strong>{request.resourceLabel}</Typography.Text>
      {request.filters.length === 0 ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('exports:noFilters')}
        </Typography.Text>
      ) : (
        <Space size={[4, 4]} wrap>
          {request.filters.map((f) => (
            <Tag key={f.label} bordered={false} style={{ marginInlineEnd: 0 }}>
              {f.label}：{f.value}
            </Tag>
          ))}
        </Space>
      )}
    </Space>
  );
}

/** Who decided, when, and what they wrote. */
export function Decision({ request }: { request: ExportRequest }) {
  const { t } = useTranslation();
  if (!request.decidedByName) return <Typography.Text type="secondary">-</Typography.Text>;
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text>
        {request.decidedByName}
        <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
          {time(request.decidedAt)}
        </Typography.Text>
      </Typography.Text>
      {request.decisionNote && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('exports:note', { note: request.decisionNote })}
        </Typography.Text>
      )}
    </Space>
  );
}

/** The columns both lists show of a request: what it exports, how many rows, why, its status and the decision. */
export function requestColumns(t: TFunction, statusWidth: number): ProColumns<ExportRequest>[] {
  return [
    { title: t('exports:field.content'), dataIndex: 'resourceLabel', render: (_, r) => <ExportContent request={r} /> },
    {
      title: t('exports:field.rowCount'),
      dataIndex: 'rowCount',
      width: 80,
      align: 'right',
      render: (_, r) => <Typography.Text strong>{r.rowCount}</Typography.Text>,
    },
    { title: t('exports:field.reason'), dataIndex: 'reason', ellipsis: true },
    {
      title: t('exports:field.status'),
      dataIndex: 'status',
      width: statusWidth,
      render: (_, r) => <StatusTag request={r} />,
    },
    {
      title: t('exports:field.decision'),
      dataIndex: 'decidedByName',
      width: 180,
      render: (_, r) => <Decision request={r} />,
    },
  ];
}
