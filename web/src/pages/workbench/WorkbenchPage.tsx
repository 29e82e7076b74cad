import { PageContainer, ProCard, StatisticCard } from '@ant-design/pro-components';
import { Empty, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { allowedRoutes, flattenRoutes, menuOnly, menuRoutes } from '../../app/routes';
import { useSession } from '../../app/session';
import { useLiveEvents } from '../../app/useLiveEvents';
import { useQueryData } from '../../components/useQueryData';
import { LiveIndicator, TodoBoard } from './TodoBoard';

function greetingKey(hour: number): string {
  if (hour < 5) return 'workbench:greeting.evening';
  if (hour < 11) return 'workbench:greeting.morning';
  if (hour < 13) return 'workbench:greeting.noon';
  if (hour < 18) return 'workbench:greeting.afternoon';
  return 'workbench:greeting.evening';
}

export default function WorkbenchPage() {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const { data } = useQueryData(() => unwrap(api.GET('/api/dashboard/summary')), []);
  // The service desk's to-dos for whoever works tickets; the overview below stays for everyone.
  const desk = can(access.ticketTodos);
  const connected = useLiveEvents();
  const shortcuts = flattenRoutes(menuOnly(allowedRoutes(menuRoutes, can))).filter((r) => r.path !== '/workbench');

  const stats = [
    { key: 'projects', value: data?.projects },
    { key: 'orgs', value: data?.orgs },
    { key: 'users', value: data?.users, description: t('workbench:stat.active', { count: data?.activeUsers ?? 0 }) },
    { key: 'lockedUsers', value: data?.lockedUsers },
    { key: 'pendingPasswordChange', value: data?.pendingPasswordChange },
    ...(data?.auditToday !== null && data?.auditToday !== undefined
      ? [{ key: 'auditToday', value: data.auditToday }]
      : []),
  ];

  return (
    <PageContainer
      title={t(greetingKey(new Date().getHours()), { name: me?.name ?? '' })}
      extra={desk ? <LiveIndicator connected={connected} /> : undefined}
      content={
        <Space wrap>
          <Typography.Text type="secondary">{me?.orgName}</Typography.Text>
          {me?.roles.map((r) => (
            <Tag color="blue" key={r.code}>
              {r.name}
            </Tag>
          ))}
          {me?.scope.all ? (
            <Tag color="gold">{t('common:profile.scopeAll')}</Tag>
          ) : (
            [...(me?.scope.orgs ?? []), ...(me?.scope.projects ?? [])].map((s) => <Tag key={s.id}>{s.name}</Tag>)
          )}
        </Space>
      }
    >
      {desk && (
        <>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('workbench:todo.title')}
          </Typography.Title>
          <TodoBoard />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('workbench:overview')}
          </Typography.Title>
        </>
      )}
      <ProCard gutter={[16, 16]} wrap ghost>
        {stats.map((s) => (
          <ProCard key={s.key} colSpan={{ xs: 24, sm: 12, md: 8, xl: 4 }} ghost>
            <StatisticCard
              statistic={{ title: t(`workbench:stat.${s.key}`), value: s.value ?? '-', description: s.description }}
            />
          </ProCard>
        ))}
      </ProCard>
      <ProCard gutter={16} ghost style={{ marginTop: 16 }} wrap>
        <ProCard title={t('workbench:shortcuts')} colSpan={{ xs: 24, md: 10 }} bordered>
          {shortcuts.length === 0 ? (
            <Empty description={t('workbench:noShortcuts')} />
          ) : (
            <Space wrap size={[12, 12]}>
              {shortcuts.map((r) => (
                <Link key={r.path} to={r.path}>
                  <Tag icon={r.icon} style={{ padding: '6px 12px', fontSize: 14 }}>
                    {t(r.name)}
                  </Tag>
                </Link>
              ))}
            </Space>
          )}
        </ProCard>
        {data?.recentAudit && (
          <ProCard title={t('workbench:recent')} colSpan={{ xs: 24, md: 14 }} bordered>
            <List
              size="small"
              dataSource={data.recentAudit}
              locale={{ emptyText: t('workbench:noRecent') }}
              renderItem={(item) => (
                <List.Item>
                  <Space>
                    <Typography.Text type="secondary">{dayjs(item.occurredAt).format('MM-DD HH:mm')}</Typography.Text>
                    <Typography.Text strong>{item.actorName ?? t('common:system')}</Typography.Text>
                    <span>{item.summary ?? item.action}</span>
                  </Space>
                </List.Item>
              )}
            />
          </ProCard>
        )}
      </ProCard>
    </PageContainer>
  );
}
