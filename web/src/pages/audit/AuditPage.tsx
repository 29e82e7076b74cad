import { PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, AutoComplete, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton } from '../../components/ExportButton';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { AuditDetail } from './AuditDetail';
import { type AuditEntry, actionLabel, entityTypeLabel, entityTypes, knownActions } from './labels';
import { VerifyChainButton } from './VerifyChainButton';

interface Filters {
  actorId?: string;
  entityType?: string;
  action?: string;
  keyword?: string;
  from?: string;
  to?: string;
}

type SearchValues = Filters & { dateRange?: [string | Dayjs, string | Dayjs] };

function actionColor(code: string): string | undefined {
  if (code === 'auth.login_failed' || code === 'auth.locked' || code.endsWith('delete')) return 'red';
  if (code.startsWith('auth.')) return 'blue';
  if (code.endsWith('create')) return 'green';
  if (code.endsWith('export')) return 'purple';
  if (code.endsWith('update') || code.includes('.')) return 'gold';
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const day = (v: string | Dayjs | undefined) => (v ? dayjs(v).format('YYYY-MM-DD') : undefined);

/** The staff list for the 操作人 filter; roles without user.read simply do not get the filter. */
function useActorOptions(allowed: boolean) {
  const { data, error } = useQueryData(
    async () =>
      allowed ? unwrap(api.GET('/api/users', { params: { query: { current: 1, pageSize: 200 } } })) : undefined,
    [allowed],
  );
  const options = useMemo(
    () => (data?.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.username}）` })),
    [data],
  );
  return allowed && !error && data ? options : null;
}

export default function AuditPage() {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const { message } = App.useApp();
  const filters = useRef<Filters>({});
  const actorOptions = useActorOptions(can(access.users));

  const actionOptions = useMemo(
    () =>
      knownActions.map((code) => ({
        value: code,
        label: (
          <span>
            {actionLabel(t, code)}
            <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
              {code}
            </Typography.Text>
          </span>
        ),
        search: `${code} ${actionLabel(t, code)}`.toLowerCase(),
      })),
    [t],
  );

  const columns: ProColumns<AuditEntry>[] = [
    // Search-only fields, in the order the form shows them.
    {
      title: t('audit:field.actor'),
      dataIndex: 'actorId',
      hideInTable: true,
      hideInSearch: !actorOptions,
      valueType: 'select',
      fieldProps: {
        options: actorOptions ?? [],
        showSearch: true,
        optionFilterProp: 'label',
        placeholder: t('audit:filter.actorPlaceholder'),
      },
    },
    {
      title: t('audit:filter.entityType'),
      dataIndex: 'entityType',
      hideInTable: true,
      valueType: 'select',
      fieldProps: {
        options: entityTypes.map((e) => ({ value: e, label: entityTypeLabel(t, e) })),
        placeholder: t('audit:filter.entityTypePlaceholder'),
      },
    },
    {
      title: t('audit:field.action'),
      dataIndex: 'action',
      hideInTable: true,
      renderFormItem: () => (
        <AutoComplete
          allowClear
          options={actionOptions}
          placeholder={t('audit:filter.actionPlaceholder')}
          filterOption={(input, option) => !!option?.search.includes(input.trim().toLowerCase())}
        />
      ),
    },
    {
      title: t('audit:filter.keyword'),
      dataIndex: 'keyword',
      hideInTable: true,
      fieldProps: { placeholder: t('audit:filter.keywordPlaceholder') },
    },
    {
      title: t('audit:filter.dateRange'),
      dataIndex: 'dateRange',
      hideInTable: true,
      valueType: 'dateRange',
      fieldProps: { placeholder: [t('audit:filter.from'), t('audit:filter.to')] },
      search: {
        transform: (value: [string | Dayjs, string | Dayjs]) => ({ from: day(value?.[0]), to: day(value?.[1]) }),
      },
    },
    // Table columns.
    {
      title: t('audit:field.time'),
      dataIndex: 'occurredAt',
      search: false,
      width: 170,
      render: (_, r) => (
        <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>
          {dayjs(r.occurredAt).format('YYYY-MM-DD HH:mm:ss')}
        </Typography.Text>
      ),
    },
    {
      title: t('audit:field.actor'),
      dataIndex: 'actorName',
      search: false,
      width: 120,
      render: (_, r) => r.actorName ?? <Tag bordered={false}>{t('audit:system')}</Tag>,
    },
    {
      title: t('audit:field.action'),
      dataIndex: 'actionLabel',
      search: false,
      width: 150,
      render: (_, r) => (
        <Tooltip title={r.action}>
          <Tag color={actionColor(r.action)} bordered={false}>
            {actionLabel(t, r.action)}
          </Tag>
        </Tooltip>
      ),
    },
    {
      title: t('audit:field.entity'),
      dataIndex: 'entityId',
      search: false,
      width: 200,
      ellipsis: true,
      render: (_, r) => (
        <span>
          {entityTypeLabel(t, r.entityType)}
          {r.entityId && (
            <Tooltip title={r.entityId}>
              <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12, fontFamily: 'monospace' }}>
                {UUID.test(r.entityId) ? `${r.entityId.slice(0, 8)}…` : r.entityId}
              </Typography.Text>
            </Tooltip>
          )}
        </span>
      ),
    },
    { title: t('audit:field.summary'), dataIndex: 'summary', search: false, ellipsis: true },
    {
      title: t('audit:field.ip'),
      dataIndex: 'ip',
      search: false,
      width: 130,
      render: (_, r) => r.ip ?? '-',
    },
  ];

  return (
    <PageContainer title={t('audit:title')} content={t('audit:subtitle')}>
      <ProTable<AuditEntry, SearchValues>
        rowKey="seq"
        columns={columns}
        headerTitle={t('audit:listTitle')}
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200] }}
        options={{ density: true, reload: true, setting: true, fullScreen: false }}
        locale={{ emptyText: t('audit:empty') }}
        scroll={{ x: 1000 }}
        expandable={{
          expandedRowRender: (r) => <AuditDetail entry={r} />,
          columnWidth: 40,
        }}
        request={async (params) => {
          const { current = 1, pageSize = 20, actorId, entityType, action, keyword, from, to } = params;
          filters.current = {
            actorId: actorId || undefined,
            entityType: entityType || undefined,
            action: action?.trim() || undefined,
            keyword: keyword?.trim() || undefined,
            from: from || undefined,
            to: to || undefined,
          };
          try {
            const page = await unwrap(
              api.GET('/api/audit', { params: { query: { current, pageSize, ...filters.current } } }),
            );
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            message.error(errorText(e));
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          me?.scope.all && <VerifyChainButton key="verify" />,
          can(access.exportAudit) && (
            <ExportButton key="export" path="/api/audit/export" params={() => ({ ...filters.current })} />
          ),
        ]}
      />
    </PageContainer>
  );
}
