import { DownloadOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Button, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, downloadExport, unwrap } from '../../api/client';
import { errorText, showProblem } from '../../components/problem';
import { type ExportRequest, requestColumns, time } from './shared';

/** 我的导出申请: the requester's own export requests; an approved one downloads here, once. */
export default function MyExportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>(undefined);
  const [downloading, setDownloading] = useState<string | null>(null);

  const download = async (r: ExportRequest) => {
    setDownloading(r.id);
    try {
      await downloadExport(`/api/export-requests/${r.id}/download`);
      message.success(t('exports:mineList.downloaded'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setDownloading(null);
      void actionRef.current?.reload();
    }
  };

  const columns: ProColumns<ExportRequest>[] = [
    {
      title: t('exports:field.createdAt'),
      dataIndex: 'createdAt',
      width: 140,
      render: (_, r) => (
        <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{time(r.createdAt)}</Typography.Text>
      ),
    },
    ...requestColumns(t, 160),
    {
      title: t('common:actions'),
      valueType: 'option',
      width: 110,
      fixed: 'right',
      render: (_, r) =>
        r.canDownload ? (
          <Button
            type="primary"
            size="small"
            icon={<DownloadOutlined />}
            loading={downloading === r.id}
            onClick={() => download(r)}
          >
            {t('exports:mineList.download')}
          </Button>
        ) : null,
    },
  ];

  return (
    <PageContainer title={t('exports:mineList.title')} content={t('exports:mineList.description')}>
      <ProTable<ExportRequest>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        size="middle"
        search={false}
        scroll={{ x: 960 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: true, setting: false, reload: true, fullScreen: false }}
        request={async (params) => {
          try {
            const page = await unwrap(
              api.GET('/api/export-requests', {
                params: { query: { current: params.current ?? 1, pageSize: params.pageSize ?? 20, mine: 'true' } },
              }),
            );
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </PageContainer>
  );
}
