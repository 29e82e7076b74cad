import { EditOutlined, HomeOutlined, PlusOutlined, StarOutlined } from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Empty,
  Popconfirm,
  Result,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { CalendarForm } from './CalendarForm';
import { ProjectsForm } from './ProjectsForm';
import { type Calendar, durationParts, roundTheClock, shiftsText, weekdays } from './shared';
import { TryItBox } from './TryItBox';
import { YearView } from './YearView';

export function WorkWeekTags({ workWeek }: { workWeek: number[] }) {
  const { t } = useTranslation();
  return (
    <Space size={2} wrap>
      {weekdays.map((d) => (
        <Tag
          key={d}
          bordered={false}
          color={workWeek.includes(d) ? 'blue' : undefined}
          style={{ marginInlineEnd: 0, opacity: workWeek.includes(d) ? 1 : 0.45 }}
        >
          {t(`calendar:weekdayShort.${d}`)}
        </Tag>
      ))}
    </Space>
  );
}

export function CalendarTags({ calendar }: { calendar: Calendar }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      {calendar.isDefault && (
        <Tag color="gold" bordered={false} icon={<StarOutlined />} style={{ marginInlineEnd: 0 }}>
          {t('calendar:tag.default')}
        </Tag>
      )}
      {roundTheClock(calendar) && (
        <Tag color="magenta" bordered={false} style={{ marginInlineEnd: 0 }}>
          {t('calendar:tag.roundTheClock')}
        </Tag>
      )}
      {!calendar.statutory && !roundTheClock(calendar) && (
        <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
          {t('calendar:tag.noStatutory')}
        </Tag>
      )}
      {!calendar.active && (
        <Tag color="default" style={{ marginInlineEnd: 0 }}>
          {t('calendar:tag.inactive')}
        </Tag>
      )}
    </Space>
  );
}

function Duration({ minutes }: { minutes: number }) {
  const { t } = useTranslation();
  const d = durationParts(minutes);
  return <>{d.minutes ? t('calendar:duration.hm', d) : t('calendar:duration.h', d)}</>;
}

export default function CalendarsPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const canManage = can(access.manageCalendars);
  const list = useQueryData(() => unwrap(api.GET('/api/calendars')), []);
  const schedule = useQueryData(() => unwrap(api.GET('/api/holiday-years')), []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ calendar?: Calendar } | null>(null);
  const [assigning, setAssigning] = useState<Calendar | null>(null);
  const separator = i18n.language === 'en-US' ? ', ' : '、';

  useEffect(() => {
    const data = list.data;
    if (!data) return;
    setSelectedId((prev) => (prev && data.some((c) => c.id === prev) ? prev : (data[0]?.id ?? null)));
  }, [list.data]);
  const selected = list.data?.find((c) => c.id === selectedId);

  const makeDefault = async (c: Calendar) => {
    try {
      await unwrap(api.POST('/api/calendars/{calendarId}/default', { params: { path: { calendarId: c.id } } }));
      message.success(t('calendar:message.defaultSet', { name: c.name }));
      await list.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const missing = schedule.data?.warning ? schedule.data.missing : [];

  return (
    <PageContainer title={t('calendar:title')} content={t('calendar:subtitle')}>
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('calendar:holidays.missingTitle', { years: missing.join(separator) })}
          description={t('calendar:holidays.missingShort')}
          action={
            <Link to="/service/holidays">
              <Button size="small">{t('calendar:holidays.goEnter')}</Button>
            </Link>
          }
          data-testid="holiday-warning"
        />
      )}
      <ProCard split="vertical" bordered style={{ minHeight: 600 }}>
        <ProCard
          colSpan="380px"
          title={t('calendar:listTitle')}
          headerBordered
          extra={
            canManage && (
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
                {t('calendar:create')}
              </Button>
            )
          }
        >
          {list.error && !list.data ? (
            <Result
              status="error"
              title={t('calendar:loadFailed')}
              subTitle={list.error.message}
              extra={<Button onClick={() => void list.reload()}>{t('calendar:retry')}</Button>}
            />
          ) : (
            <Table<Calendar>
              rowKey="id"
              size="small"
              loading={list.loading}
              pagination={false}
              dataSource={list.data ?? []}
              locale={{ emptyText: t('calendar:empty') }}
              onRow={(record) => ({
                onClick: () => setSelectedId(record.id),
                style: { cursor: 'pointer', background: record.id === selectedId ? '#e6f4ff' : undefined },
                'data-testid': `calendar-row-${record.code}`,
              })}
              columns={[
                {
                  title: t('calendar:field.name'),
                  dataIndex: 'name',
                  render: (_, c) => (
                    <div style={{ lineHeight: 1.5 }}>
                      <Space size={6} wrap>
                        <Typography.Text strong={c.id === selectedId}>{c.name}</Typography.Text>
                        <CalendarTags calendar={c} />
                      </Space>
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {c.companyName ?? t('calendar:groupWide')} · {shiftsText(c.shifts, separator)}
                        </Typography.Text>
                      </div>
                    </div>
                  ),
                },
              ]}
            />
          )}
        </ProCard>
        <ProCard bodyStyle={{ padding: '12px 20px 20px' }}>
          {selected ? (
            <Space direction="vertical" size={16} style={{ width: '100%' }}>
              <Descriptions
                title={
                  <Space size={8} wrap>
                    <span data-testid="calendar-title">{selected.name}</span>
                    <CalendarTags calendar={selected} />
                  </Space>
                }
                extra={
                  selected.canManage && (
                    <Space wrap>
                      {!selected.isDefault && selected.active && (
                        <Popconfirm
                          title={t('calendar:defaultConfirm', { name: selected.name })}
                          description={
                            selected.companyName
                              ? t('calendar:defaultHintCompany', { company: selected.companyName })
                              : t('calendar:defaultHintGroup')
                          }
                          okText={t('calendar:makeDefault')}
                          cancelText={t('common:cancel')}
                          onConfirm={() => makeDefault(selected)}
                        >
                          <Button icon={<StarOutlined />}>{t('calendar:makeDefault')}</Button>
                        </Popconfirm>
                      )}
                      <Button icon={<HomeOutlined />} onClick={() => setAssigning(selected)}>
                        {t('calendar:assignProjects')}
                      </Button>
                      <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing({ calendar: selected })}>
                        {t('common:edit')}
                      </Button>
                    </Space>
                  )
                }
                size="small"
                column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
                items={[
                  {
                    key: 'owner',
                    label: t('calendar:field.owner'),
                    children: selected.companyName ?? t('calendar:groupWide'),
                  },
                  { key: 'code', label: t('calendar:field.code'), children: selected.code },
                  { key: 'timeZone', label: t('calendar:field.timeZone'), children: selected.timeZone },
                  {
                    key: 'workWeek',
                    label: t('calendar:field.workWeek'),
                    children: <WorkWeekTags workWeek={selected.workWeek} />,
                  },
                  {
                    key: 'shifts',
                    label: t('calendar:field.shifts'),
                    children: (
                      <span>
                        {shiftsText(selected.shifts, separator)}
                        <Typography.Text type="secondary">
                          {' '}
                          （{t('calendar:perDay')} <Duration minutes={selected.minutesPerDay} />）
                        </Typography.Text>
                      </span>
                    ),
                  },
                  {
                    key: 'statutory',
                    label: t('calendar:field.statutory'),
                    children: selected.statutory ? t('calendar:statutoryYes') : t('calendar:statutoryNo'),
                  },
                  {
                    key: 'projects',
                    label: t('calendar:field.projects'),
                    span: 'filled',
                    children: (
                      <Space size={4} wrap>
                        {selected.projects.map((p) => (
                          <Tag key={p.id} style={{ marginInlineEnd: 0 }}>
                            {p.name}
                          </Tag>
                        ))}
                        {selected.isDefault && (
                          <Tooltip title={t('calendar:defaultUsersHint')}>
                            <Typography.Text type="secondary">
                              {selected.projects.length > 0
                                ? selected.companyName
                                  ? t('calendar:defaultUsersCompany', { company: selected.companyName })
                                  : t('calendar:defaultUsersGroup')
                                : selected.companyName
                                  ? t('calendar:defaultUsersCompanyOnly', { company: selected.companyName })
                                  : t('calendar:defaultUsersGroupOnly')}
                            </Typography.Text>
                          </Tooltip>
                        )}
                        {!selected.isDefault && selected.projects.length === 0 && (
                          <Typography.Text type="secondary">{t('calendar:noProjects')}</Typography.Text>
                        )}
                      </Space>
                    ),
                  },
                ]}
              />
              <TryItBox key={`try-${selected.id}`} calendar={selected} />
              <YearView key={`year-${selected.id}`} calendar={selected} onOwnDaysChanged={() => void list.reload()} />
            </Space>
          ) : (
            !list.loading && <Empty style={{ marginTop: 120 }} description={t('calendar:pick')} />
          )}
        </ProCard>
      </ProCard>
      <CalendarForm
        open={!!editing}
        calendar={editing?.calendar}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          setEditing(null);
          setSelectedId(saved.id);
          void list.reload();
        }}
      />
      <ProjectsForm
        calendar={assigning}
        onClose={() => setAssigning(null)}
        onSaved={() => {
          setAssigning(null);
          void list.reload();
        }}
      />
    </PageContainer>
  );
}
