import { ReloadOutlined, TableOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Progress, Result, Row, Space, Spin, Statistic, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorText } from '../../components/problem';
import { DownloadButton, type ImportJob, rejectionsPath } from './shared';

const POLL_MS = 1000;

/** The import as the server has it, asked again every second until it has finished. */
export function useImportJob(id: string, onChange?: (job: ImportJob) => void) {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: onChange is a notification, not an input
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const next = await unwrap(api.GET('/api/imports/{id}', { params: { path: { id } } }));
        if (stopped) return;
        setJob(next);
        setError(null);
        onChange?.(next);
        if (next.status === 'queued' || next.status === 'running') timer = setTimeout(tick, POLL_MS);
      } catch (e) {
        if (!stopped) setError(e);
      }
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id, attempt]);
  return { job, error, retry: () => setAttempt((n) => n + 1) };
}

function ProgressPanel({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  // The total is counted beside the work: rows are processed before it is known.
  const counting = job.status === 'queued' || job.phase === 'counting';
  const uncounted = job.totalRows === 0;
  const percent = counting || uncounted ? 0 : Math.min(100, Math.floor((job.processedRows / job.totalRows) * 100));
  const phase = job.status === 'queued' ? t('import:run.queued') : t(`import:phase.${job.phase ?? 'counting'}`);
  return (
    <div style={{ maxWidth: 720, margin: '48px auto', textAlign: 'center' }} data-testid="import-progress">
      <Typography.Title level={4} style={{ marginBottom: 4 }}>
        {phase}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {job.status === 'queued'
          ? t('import:run.queuedHelp')
          : counting
            ? t('import:run.countingHelp')
            : uncounted
              ? t('import:run.progressUncounted', { processed: job.processedRows })
              : t('import:run.progress', { processed: job.processedRows, total: job.totalRows })}
      </Typography.Paragraph>
      <Progress percent={percent} status="active" strokeWidth={12} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
        {job.mode === 'all-or-nothing' ? t('import:run.allOrNothingHelp') : t('import:run.leaveHelp')}
      </Typography.Paragraph>
    </div>
  );
}

function RejectedRows({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  if (job.rejectedCount === 0) return null;
  const listed = job.rejectedRows.length;
  return (
    <Card
      size="small"
      title={t('import:run.rejectedTitle', { count: job.rejectedCount })}
      extra={
        <DownloadButton path={rejectionsPath(job.id)} size="small" data-testid="download-rejections">
          {t('import:run.downloadRejected')}
        </DownloadButton>
      }
      styles={{ body: { padding: 0 } }}
    >
      {listed < job.rejectedCount && (
        <Alert type="info" banner message={t('import:run.rejectedTruncated', { listed, count: job.rejectedCount })} />
      )}
      <div data-testid="rejected-rows">
        <Table
          rowKey="row"
          size="small"
          dataSource={job.rejectedRows}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            {
              title: t('import:run.row'),
              dataIndex: 'row',
              width: 120,
              render: (row: number) => t('import:run.rowNumber', { row }),
            },
            {
              title: t('import:run.reason'),
              dataIndex: 'reason',
              render: (reason: string) => <Typography.Text type="danger">{reason}</Typography.Text>,
            },
          ]}
        />
      </div>
    </Card>
  );
}

function Outcome({ job, onRestart }: { job: ImportJob; onRestart?: () => void }) {
  const { t } = useTranslation();
  const restart = onRestart && (
    <Button type="primary" icon={<ReloadOutlined />} onClick={onRestart} key="restart" data-testid="import-again">
      {t('import:run.again')}
    </Button>
  );
  if (job.status === 'failed') {
    return (
      <div data-testid="import-result">
        <Result
          status="error"
          title={t('import:run.failed')}
          subTitle={job.error ?? t('import:run.failedUnknown')}
          extra={restart}
          style={{ padding: '32px 32px 24px' }}
        />
      </div>
    );
  }
  const partial = job.rejectedCount > 0;
  return (
    <div data-testid="import-result">
      <Result
        status={partial ? 'warning' : 'success'}
        title={t('import:run.done')}
        subTitle={
          partial
            ? t('import:run.doneSummaryPartial', {
                total: job.totalRows,
                accepted: job.acceptedRows,
                rejected: job.rejectedCount,
              })
            : t('import:run.doneSummary', { total: job.totalRows, accepted: job.acceptedRows })
        }
        style={{ padding: '32px 32px 24px' }}
        extra={[
          <Link to="/property/grid" key="grid">
            <Button icon={<TableOutlined />}>{t('import:run.openGrid')}</Button>
          </Link>,
          <Link to="/customers" key="customers">
            <Button icon={<UserOutlined />}>{t('import:run.openCustomers')}</Button>
          </Link>,
          restart,
        ]}
      >
        <Row gutter={[24, 16]} justify="center" data-testid="import-counts">
          <Col>
            <Statistic title={t('import:run.accepted')} value={job.acceptedRows} valueStyle={{ color: '#389e0d' }} />
          </Col>
          <Col>
            <Statistic
              title={t('import:run.rejected')}
              value={job.rejectedCount}
              valueStyle={partial ? { color: '#cf1322' } : undefined}
            />
          </Col>
          <Col>
            <Statistic
              title={<span title={t('import:run.createdTip')}>{t('import:run.created')}</span>}
              value={job.created}
            />
          </Col>
          <Col>
            <Statistic
              title={<span title={t('import:run.updatedTip')}>{t('import:run.updated')}</span>}
              value={job.updated}
            />
          </Col>
        </Row>
      </Result>
    </div>
  );
}

/** Progress while the import runs, then how it went and the rows it refused. */
export function ImportRun({
  id,
  onRestart,
  onChange,
}: {
  id: string;
  onRestart?: () => void;
  onChange?: (job: ImportJob) => void;
}) {
  const { t } = useTranslation();
  const { job, error, retry } = useImportJob(id, onChange);
  if (!job) {
    return error ? (
      <Result
        status="error"
        subTitle={errorText(error)}
        extra={<Button onClick={retry}>{t('import:run.retry')}</Button>}
      />
    ) : (
      <Spin style={{ display: 'block', margin: '64px auto' }} />
    );
  }
  const finished = job.status === 'done' || job.status === 'failed';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {error ? (
        <Alert
          type="warning"
          showIcon
          message={t('import:run.pollFailed')}
          description={errorText(error)}
          action={
            <Button size="small" onClick={retry}>
              {t('import:run.retry')}
            </Button>
          }
        />
      ) : null}
      {finished ? <Outcome job={job} onRestart={onRestart} /> : <ProgressPanel job={job} />}
      {finished && <RejectedRows job={job} />}
    </Space>
  );
}
