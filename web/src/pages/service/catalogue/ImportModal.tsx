import { FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Result, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadExport, postForm } from '../../../api/client';
import type { paths } from '../../../api/schema';
import { errorText } from '../../../components/problem';

type ImportResult = paths['/api/catalogue/import']['post']['responses'][200]['content']['application/json'];

/** 导入标准库: choose a file, send it, and show what was done or, row by row, what stopped it. */
export function ImportModal({ open, onClose }: { open: boolean; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  const close = () => {
    const changed = !!result?.applied;
    setFile(null);
    setError(null);
    setResult(null);
    onClose(changed);
  };

  const start = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      setResult(await postForm<ImportResult>('/api/catalogue/import', form));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setFile(null);
    setResult(null);
    setError(null);
  };

  let body: React.ReactNode;
  if (result?.applied) {
    body = (
      <Result
        status="success"
        title={t('catalogue:import.doneTitle')}
        subTitle={t('catalogue:import.doneSummary', {
          rows: result.rowCount,
          categories: result.createdCategories,
          created: result.createdItems,
          updated: result.updatedItems,
          unchanged: result.unchangedItems,
        })}
      />
    );
  } else if (result && result.rejected.length === 0) {
    body = <Result status="info" title={t('catalogue:import.emptyTitle')} subTitle={t('catalogue:import.emptyHint')} />;
  } else if (result) {
    body = (
      <div data-testid="catalogue-import-rejected">
        <Alert
          type="error"
          showIcon
          message={t('catalogue:import.rejectedTitle', { count: result.rejected.length, rows: result.rowCount })}
          description={t('catalogue:import.rejectedHint')}
          style={{ marginBottom: 12 }}
        />
        <Table
          size="small"
          rowKey={(r) => `${r.row}-${r.reason}`}
          dataSource={result.rejected}
          pagination={result.rejected.length > 8 ? { pageSize: 8, size: 'small' } : false}
          columns={[
            { title: t('catalogue:import.row'), dataIndex: 'row', width: 72 },
            {
              title: t('catalogue:import.name'),
              dataIndex: 'name',
              width: 140,
              render: (v: string | null) => v ?? '—',
            },
            { title: t('catalogue:import.reason'), dataIndex: 'reason' },
          ]}
        />
      </div>
    );
  } else {
    body = (
      <>
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          maxCount={1}
          showUploadList={false}
          beforeUpload={(chosen) => {
            setFile(chosen);
            setError(null);
            return false;
          }}
          height={150}
        >
          <p className="ant-upload-drag-icon">
            {file ? <FileExcelOutlined style={{ color: '#1d6f42' }} /> : <InboxOutlined />}
          </p>
          <p className="ant-upload-text" data-testid="catalogue-import-file">
            {file ? file.name : t('catalogue:import.drag')}
          </p>
          <p className="ant-upload-hint">{file ? t('catalogue:import.replace') : t('catalogue:import.dragHint')}</p>
        </Upload.Dragger>
        {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 4, fontSize: 13 }}>
          {t('catalogue:import.columns')}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 4 }}>
          {t('catalogue:import.rules')}
        </Typography.Paragraph>
        <Button
          type="link"
          style={{ padding: 0 }}
          onClick={async () => {
            try {
              await downloadExport('/api/catalogue/export');
            } catch (e) {
              message.error(errorText(e));
            }
          }}
        >
          {t('catalogue:import.template')}
        </Button>
      </>
    );
  }

  return (
    <Modal
      open={open}
      title={t('catalogue:import.title')}
      width={720}
      maskClosable={false}
      destroyOnHidden
      onCancel={close}
      footer={
        result
          ? [
              !result.applied && (
                <Button key="again" onClick={again}>
                  {t('catalogue:import.again')}
                </Button>
              ),
              <Button key="close" type="primary" onClick={close}>
                {t('catalogue:import.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={close}>
                {t('common:cancel')}
              </Button>,
              <Button key="start" type="primary" disabled={!file} loading={busy} onClick={() => void start()}>
                {t('catalogue:import.start')}
              </Button>,
            ]
      }
    >
      {body}
    </Modal>
  );
}
