import {
  CheckCircleFilled,
  CloseCircleFilled,
  FileExcelOutlined,
  FileTextOutlined,
  InboxOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Col, Form, Radio, Row, Space, Tag, Typography, Upload } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { ProjectSelect } from '../../components/ProjectSelect';
import { fileSize } from './mapping';
import { DownloadButton, type ImportMode, templatePath } from './shared';

export interface UploadStepProps {
  file: File | null;
  onFile: (file: File | null) => void;
  mode: ImportMode;
  onMode: (mode: ImportMode) => void;
  /** Shown once the preview says the sheet names no project. */
  needsProject: boolean;
  projectId: string | undefined;
  onProject: (projectId: string | undefined) => void;
  error: string | null;
  loading: boolean;
  onNext: () => void;
}

const acceptedKeys = ['xlsx', 'csv', 'titles', 'dates', 'rows', 'again'] as const;
/** The explanation under a mode, lined up with the mode's name (past the radio circle). */
const modeHelp: CSSProperties = { paddingInlineStart: 24, marginTop: 2 };

export function UploadStep(props: UploadStepProps) {
  const { t } = useTranslation();
  const { file, mode, needsProject, projectId } = props;

  return (
    <Row gutter={24}>
      <Col xs={24} xl={14}>
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          maxCount={1}
          showUploadList={false}
          beforeUpload={(chosen) => {
            props.onFile(chosen);
            return false;
          }}
          height={200}
        >
          {file ? (
            <div data-testid="import-file">
              <p className="ant-upload-drag-icon">
                {/\.csv$/i.test(file.name) ? (
                  <FileTextOutlined style={{ color: '#1d6f42' }} />
                ) : (
                  <FileExcelOutlined style={{ color: '#1d6f42' }} />
                )}
              </p>
              <p className="ant-upload-text">
                {props.error ? (
                  <CloseCircleFilled style={{ color: '#ff4d4f', marginRight: 8 }} />
                ) : (
                  <CheckCircleFilled style={{ color: '#52c41a', marginRight: 8 }} />
                )}
                {file.name}
              </p>
              <p className="ant-upload-hint">
                {fileSize(file.size)} · {t('import:upload.replace')}
              </p>
            </div>
          ) : (
            <>
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('import:upload.drag')}</p>
              <p className="ant-upload-hint">{t('import:upload.dragHint')}</p>
            </>
          )}
        </Upload.Dragger>
        {props.error && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 16 }}
            message={props.error}
            data-testid="import-upload-error"
          />
        )}

        <Form layout="vertical" style={{ marginTop: 24 }}>
          {needsProject && (
            <Form.Item
              label={<Typography.Text strong>{t('import:upload.project')}</Typography.Text>}
              required
              extra={t('import:upload.projectNeeded')}
              validateStatus={projectId ? undefined : 'warning'}
            >
              <ProjectSelect
                value={projectId}
                onChange={(value: string | undefined) => props.onProject(value)}
                style={{ maxWidth: 360 }}
                data-testid="import-project"
              />
            </Form.Item>
          )}

          <Form.Item label={<Typography.Text strong>{t('import:upload.mode')}</Typography.Text>}>
            <Radio.Group
              value={mode}
              onChange={(e) => props.onMode(e.target.value as ImportMode)}
              style={{ width: '100%' }}
            >
              <Space direction="vertical" size={12} style={{ width: '100%' }}>
                <div>
                  <Radio value="skip-bad-rows">
                    {t('import:mode.skipBadRows')}
                    <Tag color="blue" bordered={false} style={{ marginInlineStart: 8 }}>
                      {t('import:upload.recommended')}
                    </Tag>
                  </Radio>
                  <div style={modeHelp}>
                    <Typography.Text type="secondary">{t('import:upload.skipBadRowsHelp')}</Typography.Text>
                  </div>
                </div>
                <div>
                  <Radio value="all-or-nothing">{t('import:mode.allOrNothing')}</Radio>
                  <div style={modeHelp}>
                    <Typography.Text type="secondary">{t('import:upload.allOrNothingHelp')}</Typography.Text>
                  </div>
                </div>
              </Space>
            </Radio.Group>
          </Form.Item>
        </Form>
        <Button
          type="primary"
          size="large"
          disabled={!file || (needsProject && !projectId)}
          loading={props.loading}
          onClick={props.onNext}
          data-testid="import-next"
        >
          {t('import:upload.next')}
        </Button>
        {!file && (
          <Typography.Text type="secondary" style={{ marginLeft: 16 }}>
            {t('import:upload.fileRequired')}
          </Typography.Text>
        )}
      </Col>
      <Col xs={24} xl={10}>
        <Card
          size="small"
          title={t('import:upload.acceptedTitle')}
          style={{ background: '#fafafa' }}
          styles={{ body: { paddingTop: 8 } }}
        >
          <ul style={{ paddingInlineStart: 20, margin: '0 0 12px' }}>
            {acceptedKeys.map((key) => (
              <li key={key} style={{ marginTop: 6, lineHeight: '22px' }}>
                {t(`import:upload.accepted.${key}`)}
              </li>
            ))}
          </ul>
          <Space direction="vertical" size={4}>
            <DownloadButton path={templatePath} type="link" style={{ paddingInline: 0 }} data-testid="import-template">
              {t('import:upload.template')}
            </DownloadButton>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('import:upload.templateHint')}
            </Typography.Text>
          </Space>
        </Card>
      </Col>
    </Row>
  );
}
