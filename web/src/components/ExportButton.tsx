import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, downloadExport, filterParams } from '../api/client';
import { type ApprovalNeeded, ExportApprovalModal } from './ExportApprovalModal';
import { errorText } from './problem';

/**
 * Exports the list with the filters currently applied (the server writes the .xlsx). When the
 * export holds more personal data than may leave without approval, the server refuses it with
 * EXPORT_APPROVAL_REQUIRED and the button offers to file an export request instead.
 */
export function ExportButton({ path, params }: { path: string; params: () => Record<string, unknown> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [loading, setLoading] = useState(false);
  const [needed, setNeeded] = useState<ApprovalNeeded | null>(null);
  return (
    <>
      <Button
        icon={<DownloadOutlined />}
        loading={loading}
        onClick={async () => {
          setLoading(true);
          const query = filterParams(params());
          try {
            await downloadExport(path, query);
            message.success(t('common:export.done'));
          } catch (e) {
            const problem = e instanceof ApiError ? e.problem : undefined;
            if (problem?.code === 'EXPORT_APPROVAL_REQUIRED') {
              setNeeded({
                resource: problem.resource as ApprovalNeeded['resource'],
                rowCount: Number(problem.rowCount),
                threshold: Number(problem.threshold),
                query,
              });
            } else {
              message.error(errorText(e));
            }
          } finally {
            setLoading(false);
          }
        }}
      >
        {t('common:export.button')}
      </Button>
      <ExportApprovalModal needed={needed} onClose={() => setNeeded(null)} />
    </>
  );
}

/** ProTable passes its form values; drop the paging keys before exporting. */
export function filtersOf(values: Record<string, unknown> | undefined): Record<string, unknown> {
  const { current: _c, pageSize: _p, ...rest } = values ?? {};
  return rest;
}
