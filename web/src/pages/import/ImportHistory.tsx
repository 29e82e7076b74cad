import { type ActionType, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Button, Descriptions, Drawer, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showProblem } from '../../components/problem';
import { ImportRun } from './ImportRun';
import { fileSize } from './mapping';
import { DownloadButton, type ImportJob, ModeText, rejectionsPath, StatusTag } from './shared';

const time = (value: string | null, seconds = true) =>
  value ? dayjs(value).format(seconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm') : '-';

function ImportDetail({ job, onClose }: { job: ImportJob | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={!!job}
      width={760}
      title={job ? t('import:history.detailTitle', { file: job.fileName }) : ''}
      onClose={onClose}
      destroyOnHidden
    >
      {job && (
        <>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('import:history.file')} span={2}>
              {job.fileName}
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {fileSize(job.fileSize)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('import:history.by')}>{job.createdByName}</Descriptions.Item>
            <Descriptions.Item label={t('import:history.mode')}>
              <ModeText mode={job.mode} />
            </Descriptions.Item>
            <Descriptions.Item label={t('import:history.createdAt')}>{time(job.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('import:history.finishedAt')}>{time(job.finishedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('import:history.headerRow')}>
              {job.headerRow ? t('import:history.headerRowValue', { row: job.headerRow }) : '-'}
            </Descriptions.Item>
            <Descriptions.Item label={t('import:history.total')}>{job.totalRows}</Descriptions.Item>
            <Descriptions.Item label={t('import:history.createdUpdated')} span={2}>
              {t('import:history.createdUpdatedValue', { created: job.created, updated: job.updated })}
            </Descriptions.Item>
          </Descriptions>
          <ImportRun id={job.id} />
        </>
      )}
    </Drawer>
  );
}

/** Past imports, newest first, with their outcome and the rejected rows to download. */
export function ImportHistory() {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>(undefined);
  const [open, setOpen] = useState<ImportJob | null>(null);

  const columns: ProColumns<ImportJob>[] = [
    {
      title: t('import:history.createdAt'),
      dataIndex: 'createdAt',
      width: 144,
      render: (_, r) => time(r.createdAt, false),
    },
    {
      title: t('import:history.file'),
      dataIndex: 'fileName',
      ellipsis: { showTitle: true },
      render: (_, r) => (
        <Typography.Link onClick={() => setOpen(r)} data-testid="history-file">
          {r.fileName}
        </Typography.Link>
      ),
    },
    { title: t('import:history.by'), dataIndex: 'createdByName', width: 88, ellipsis: true },
    {
      title: t('import:history.mode'),
      dataIndex: 'mode',
      width: 120,
      render: (_, r) => <ModeText mode={r.mode} />,
    },
    {
      title: t('import:history.status'),
      dataIndex: 'status',
      width: english ? 150 : 128,
      render: (_, r) => <StatusTag job={r} />,
    },
    { title: t('import:history.total'), dataIndex: 'totalRows', width: english ? 64 : 68, align: 'right' },
    { title: t('import:history.accepted'), dataIndex: 'acceptedRows', width: english ? 92 : 68, align: 'right' },
    {
      title: t('import:history.rejected'),
      dataIndex: 'rejectedCount',
      width: english ? 84 : 56,
      align: 'right',
      render: (_, r) => (r.rejectedCount > 0 ? <Typography.Text type="danger">{r.rejectedCount}</Typography.Text> : 0),
    },
    {
      title: t('common:actions'),
      key: 'actions',
      width: english ? 176 : 150,
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setOpen(r)}>
            {t('import:history.view')}
          </Button>
          {r.rejectedCount > 0 && (
            <DownloadButton path={rejectionsPath(r.id)} type="link" size="small" icon={null}>
              {t('import:history.downloadRejected')}
            </DownloadButton>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <div data-testid="import-history">
        <ProTable<ImportJob>
          rowKey="id"
          actionRef={actionRef}
          columns={columns}
          search={false}
          headerTitle={t('import:history.title')}
          options={{ reload: true, density: false, setting: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true }}
          cardBordered
          // While an import shown here is still going, the list follows it.
          polling={(rows: ImportJob[]) =>
            rows.some((r) => r.status === 'queued' || r.status === 'running') ? 2000 : 0
          }
          request={async ({ current = 1, pageSize = 20 }) => {
            try {
              const page = await unwrap(api.GET('/api/imports', { params: { query: { current, pageSize } } }));
              return { data: page.data, total: page.total, success: true };
            } catch (e) {
              showProblem(message, e);
              return { data: [], total: 0, success: false };
            }
          }}
          locale={{ emptyText: t('import:history.empty') }}
        />
      </div>
      <ImportDetail
        job={open}
        onClose={() => {
          // The import may have moved on while it was open.
          setOpen(null);
          void actionRef.current?.reload();
        }}
      />
    </>
  );
}
