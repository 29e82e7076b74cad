import { DeleteOutlined, EditOutlined, EyeOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import { Alert, App, Button, Drawer, Empty, Popconfirm, Result, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { HolidayImportModal, HolidayYearForm } from './HolidayYearForm';
import { type HolidayYears, isoWeekday, runsOf } from './shared';

type YearRow = Omit<HolidayYears['years'][number], 'source'> & {
  source: HolidayYears['years'][number]['source'] | 'missing';
};

/** One year's schedule as the notice reads: 春节 2月15日–2月23日 放假 9 天; 2月14日 调休上班. */
function YearDetail({ year }: { year: number }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const { data, loading } = useQueryData(
    () => unwrap(api.GET('/api/holiday-years/{year}', { params: { path: { year } } })),
    [year],
  );
  if (loading && !data) return null;
  if (!data?.days.length) return <Empty description={t('calendar:holidays.noDays')} />;
  const runs = runsOf(
    data.days.map((d) => ({ date: d.date, kind: d.kind, name: english ? (d.nameEn ?? d.name) : d.name })),
  );
  // Holidays in the order of their first day off (a make-up Saturday may come before it).
  const firstOff = (name: string) =>
    runs.find((r) => r.name === name && r.kind === 'holiday')?.from ?? runs.find((r) => r.name === name)?.from ?? '';
  const names = [...new Set(runs.map((r) => r.name))].sort((a, b) => firstOff(a).localeCompare(firstOff(b)));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12} data-testid="holiday-detail">
      {data.note && <Typography.Text type="secondary">{data.note}</Typography.Text>}
      {names.map((name) => (
        <div key={name}>
          <Typography.Text strong>{name}</Typography.Text>
          {runs
            .filter((r) => r.name === name)
            .map((r) => (
              <div key={r.from} style={{ paddingInlineStart: 12, lineHeight: '24px' }}>
                <Tag color={r.kind === 'holiday' ? 'red' : 'orange'} bordered={false}>
                  {t(`calendar:holidayKind.${r.kind}`)}
                </Tag>
                {r.count > 1
                  ? t('calendar:holidays.range', { from: r.from, to: r.to, count: r.count })
                  : t('calendar:holidays.single', {
                      date: r.from,
                      weekday: t(`calendar:weekday.${isoWeekday(r.from)}`),
                    })}
              </div>
            ))}
        </div>
      ))}
    </Space>
  );
}

export default function HolidaysPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useSession();
  const { message } = App.useApp();
  const canManage = can(access.manageCalendars) && !!me?.scope.all;
  const { data, error, loading, reload } = useQueryData(() => unwrap(api.GET('/api/holiday-years')), []);
  const [viewing, setViewing] = useState<number | null>(null);
  const [editing, setEditing] = useState<{ year?: number } | null>(null);
  const [importing, setImporting] = useState<{ year?: number } | null>(null);
  const separator = i18n.language === 'en-US' ? ', ' : '、';

  const remove = async (year: number) => {
    try {
      await unwrap(api.DELETE('/api/holiday-years/{year}', { params: { path: { year } } }));
      message.success(t('calendar:holidays.deleted', { year }));
      await reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const firstMissing = data?.missing[data.missing.length - 1] ?? data?.nextYear;
  // The years nobody has yet come first, so the table says what is missing too.
  const rows: YearRow[] = [
    ...(data?.missing ?? [])
      .slice()
      .reverse()
      .map((year) => ({
        year,
        source: 'missing' as const,
        origin: null,
        holidays: 0,
        workdays: 0,
        note: null,
        updatedBy: null,
        updatedAt: null,
      })),
    ...(data?.years ?? []),
  ];

  return (
    <PageContainer
      title={t('calendar:holidays.title')}
      content={t('calendar:holidays.subtitle')}
      extra={
        canManage && [
          <Button key="import" icon={<ImportOutlined />} onClick={() => setImporting({ year: firstMissing })}>
            {t('calendar:holidays.import')}
          </Button>,
          <Button key="enter" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ year: firstMissing })}>
            {t('calendar:holidays.enter')}
          </Button>,
        ]
      }
    >
      {data?.warning && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="holiday-warning"
          message={t('calendar:holidays.missingTitle', { years: data.missing.join(separator) })}
          description={
            <>
              <div>{t('calendar:holidays.missingHint')}</div>
              <div>{t('calendar:holidays.missingEffect')}</div>
            </>
          }
          action={
            canManage && (
              <Space direction="vertical">
                <Button size="small" type="primary" onClick={() => setEditing({ year: firstMissing })}>
                  {t('calendar:holidays.enter')}
                </Button>
                <Button size="small" onClick={() => setImporting({ year: firstMissing })}>
                  {t('calendar:holidays.import')}
                </Button>
              </Space>
            )
          }
        />
      )}
      {!canManage && can(access.manageCalendars) && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('calendar:holidays.groupOnly')} />
      )}
      <ProCard bordered>
        {error && !data ? (
          <Result
            status="error"
            title={t('calendar:loadFailed')}
            subTitle={error.message}
            extra={<Button onClick={() => void reload()}>{t('calendar:retry')}</Button>}
          />
        ) : (
          <Table<YearRow>
            rowKey="year"
            size="middle"
            loading={loading}
            dataSource={rows}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            onRow={(r) => ({ 'data-testid': `holiday-year-${r.year}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('calendar:holidays.year'),
                dataIndex: 'year',
                width: 100,
                render: (y: number) => <Typography.Text strong>{y}</Typography.Text>,
              },
              {
                title: t('calendar:holidays.source'),
                dataIndex: 'source',
                width: 160,
                render: (_, r) =>
                  r.source === 'missing' ? (
                    <Tag color="red" bordered={false}>
                      {t('calendar:holidays.missing')}
                    </Tag>
                  ) : r.source === 'bundled' ? (
                    <Tooltip title={t('calendar:holidays.bundledHint')}>
                      <Tag color="blue" bordered={false}>
                        {t('calendar:holidays.bundled')}
                      </Tag>
                    </Tooltip>
                  ) : (
                    <Tag color="green" bordered={false}>
                      {t('calendar:holidays.published')} · {t(`calendar:holidays.origin.${r.origin ?? 'form'}`)}
                    </Tag>
                  ),
              },
              {
                title: t('calendar:holidays.holidays'),
                dataIndex: 'holidays',
                width: 110,
                align: 'right',
                render: (n: number, r) => (r.source === 'missing' ? '—' : n),
              },
              {
                title: t('calendar:holidays.workdays'),
                dataIndex: 'workdays',
                width: 120,
                align: 'right',
                render: (n: number, r) => (r.source === 'missing' ? '—' : n),
              },
              {
                title: t('calendar:holidays.note'),
                dataIndex: 'note',
                ellipsis: true,
                render: (_, r) =>
                  r.source === 'missing' ? (
                    <Typography.Text type="danger">{t('calendar:holidays.missingNote')}</Typography.Text>
                  ) : r.updatedBy ? (
                    <Typography.Text type="secondary">
                      {[r.note, `${r.updatedBy} ${dayjs(r.updatedAt).format('YYYY-MM-DD HH:mm')}`]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="secondary">{t('calendar:holidays.bundledNote')}</Typography.Text>
                  ),
              },
              {
                title: t('common:actions'),
                key: 'actions',
                width: 130,
                render: (_, r) =>
                  r.source === 'missing' ? (
                    canManage && (
                      <Button size="small" type="link" onClick={() => setEditing({ year: r.year })}>
                        {t('calendar:holidays.enterShort')}
                      </Button>
                    )
                  ) : (
                    <Space size={0}>
                      <Tooltip title={t('calendar:holidays.view')}>
                        <Button
                          type="text"
                          size="small"
                          icon={<EyeOutlined />}
                          aria-label={t('calendar:holidays.view')}
                          onClick={() => setViewing(r.year)}
                        />
                      </Tooltip>
                      {canManage && r.source === 'published' && (
                        <>
                          <Tooltip title={t('common:edit')}>
                            <Button
                              type="text"
                              size="small"
                              icon={<EditOutlined />}
                              aria-label={t('common:edit')}
                              onClick={() => setEditing({ year: r.year })}
                            />
                          </Tooltip>
                          <Popconfirm
                            title={t('calendar:holidays.deleteConfirm', { year: r.year })}
                            description={t('calendar:holidays.deleteHint')}
                            okText={t('common:delete')}
                            cancelText={t('common:cancel')}
                            okButtonProps={{ danger: true }}
                            onConfirm={() => remove(r.year)}
                          >
                            <Button
                              type="text"
                              size="small"
                              danger
                              icon={<DeleteOutlined />}
                              aria-label={t('common:delete')}
                            />
                          </Popconfirm>
                        </>
                      )}
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </ProCard>
      <Drawer
        title={viewing ? t('calendar:holidays.detailTitle', { year: viewing }) : ''}
        open={viewing !== null}
        onClose={() => setViewing(null)}
        width={480}
        destroyOnHidden
      >
        {viewing !== null && <YearDetail year={viewing} />}
      </Drawer>
      <HolidayYearForm
        open={!!editing}
        initialYear={editing?.year}
        years={data?.years ?? []}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void reload();
        }}
      />
      <HolidayImportModal
        open={!!importing}
        initialYear={importing?.year}
        years={data?.years ?? []}
        onClose={() => setImporting(null)}
        onSaved={() => {
          setImporting(null);
          void reload();
        }}
      />
    </PageContainer>
  );
}
