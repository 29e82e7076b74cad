import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadExport } from '../api/client';

/** Exports the list with the filters currently applied (the server writes the .xlsx). */
export function ExportButton({ path, params }: { path: string; params: () => Record<string, unknown> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [loading, setLoading] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={loading}
      onClick={async () => {
        setLoading(true);
        try {
          await downloadExport(path, params());
          message.success(t('common:export.done'));
        } catch (e) {
          message.error(e instanceof Error ? e.message : String(e));
        } finally {
          setLoading(false);
        }
      }}
    >
      {t('common:export.button')}
    </Button>
  );
}

/** ProTable passes its form values; drop the paging keys before exporting. */
export function filtersOf(values: Record<string, unknown> | undefined): Record<string, unknown> {
  const { current: _c, pageSize: _p, ...rest } = values ?? {};
  return rest;
}
