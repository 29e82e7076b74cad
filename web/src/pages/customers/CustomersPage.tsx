import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, ProCard, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Button, Input, Select, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { ExportButton } from '../../components/ExportButton';
import { ProjectSelect } from '../../components/ProjectSelect';
import { showProblem } from '../../components/problem';
import { useCappedPagination } from '../../components/useCappedPagination';
import { CustomerForm } from './CustomerForm';
import {
  type Customer,
  type CustomerKind,
  CustomerStatus,
  FilterField,
  RoomTags,
  useAddressFilters,
  useDictionary,
  uuidPattern,
} from './shared';

type Query = NonNullable<paths['/api/customers']['get']['parameters']['query']>;
type Filters = Pick<Query, 'q' | 'kind' | 'projectId' | 'active' | 'tag'>;

const dash = <Typography.Text type="secondary">-</Typography.Text>;

/** The filters as the address holds them, so going back from a customer finds the same list. */
function filtersFrom(params: URLSearchParams): Filters {
  const kind = params.get('kind');
  const active = params.get('active');
  const projectId = params.get('projectId');
  return {
    q: params.get('q')?.trim() || undefined,
    kind: kind === 'person' || kind === 'organisation' ? kind : undefined,
    projectId: projectId && uuidPattern.test(projectId) ? projectId : undefined,
    active: active === 'true' || active === 'false' ? active : undefined,
    tag: params.get('tag')?.trim().slice(0, 20) || undefined,
  };
}

export default function CustomersPage() {
  const { t, i18n } = useTranslation();
  const pager = useCappedPagination();
  const english = i18n.language === 'en-US';
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const canManage = can(access.manageCustomers);
  const actionRef = useRef<ActionType>(undefined);
  const { filters, setFilters } = useAddressFilters(filtersFrom);
  const [text, setText] = useState(filters.q ?? '');
  // 新建客户 from the screen pop of an unknown caller: the number comes in the navigation state.
  const location = useLocation();
  const fromCall = (location.state as { newCustomer?: { mobile?: string } } | null)?.newCustomer;
  const [formOpen, setFormOpen] = useState(!!fromCall && canManage);
  const [formKey, setFormKey] = useState(0);
  const idTypes = useDictionary('id_type');
  const tags = useDictionary('customer_tag');

  const columns: ProColumns<Customer>[] = [
    {
      title: t('customers:field.code'),
      dataIndex: 'code',
      width: english ? 110 : 96,
      render: (_, c) => <Typography.Text type="secondary">{c.code}</Typography.Text>,
    },
    {
      title: t('customers:field.name'),
      dataIndex: 'name',
      width: 120,
      render: (_, c) => (
        <Link to={`/customers/${c.id}`} style={{ fontWeight: 500 }} data-testid="customer-link">
          {c.name}
        </Link>
      ),
    },
    {
      title: t('customers:field.kind'),
      dataIndex: 'kind',
      width: english ? 106 : 64,
      render: (_, c) => t(`customers:kind.${c.kind}`),
    },
    {
      title: t('customers:field.id'),
      dataIndex: 'idNumber',
      width: 168,
      render: (_, c) =>
        c.idNumber ? (
          <div style={{ lineHeight: 1.35 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {idTypes.label(c.idType)}
            </Typography.Text>
            <div style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{c.idNumber}</div>
          </div>
        ) : (
          dash
        ),
    },
    {
      title: t('customers:field.mobile'),
      dataIndex: 'mobile',
      width: 112,
      render: (_, c) =>
        c.mobile ? <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{c.mobile}</span> : dash,
    },
    {
      title: t('customers:field.rooms'),
      dataIndex: 'rooms',
      width: english ? 230 : 240,
      render: (_, c) => <RoomTags rows={c.rooms} />,
    },
    {
      title: t('customers:field.company'),
      dataIndex: 'companyName',
      width: english ? 150 : 130,
      ellipsis: true,
      render: (_, c) => <Typography.Text type="secondary">{c.companyName}</Typography.Text>,
    },
    {
      title: t('customers:field.tags'),
      dataIndex: 'tags',
      width: 110,
      render: (_, c) =>
        c.tags.length ? (
          <Space size={[0, 4]} wrap>
            {c.tags.map((tag) => (
              <Tag
                key={tag}
                color={tag === 'vip' ? 'gold' : undefined}
                style={{ marginInlineEnd: 4, whiteSpace: 'normal' }}
              >
                {tags.label(tag)}
              </Tag>
            ))}
          </Space>
        ) : (
          dash
        ),
    },
    {
      title: t('customers:field.status'),
      dataIndex: 'active',
      width: english ? 100 : 84,
      render: (_, c) => <CustomerStatus customer={c} />,
    },
  ];

  return (
    <PageContainer title={t('customers:list.title')} content={t('customers:list.subtitle')}>
      <ProCard style={{ marginBottom: 16 }} bodyStyle={{ padding: '20px 24px 16px' }}>
        <Input.Search
          size="large"
          allowClear
          enterButton={
            <span>
              <SearchOutlined /> {t('customers:list.search')}
            </span>
          }
          placeholder={t('customers:list.searchPlaceholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            // Clearing the box shows everyone again without another click.
            if (e.target.value === '' && filters.q) setFilters({ q: undefined });
          }}
          onSearch={(value) => setFilters({ q: value.trim() || undefined })}
          style={{ maxWidth: 760 }}
          maxLength={40}
          autoFocus
          data-testid="customer-search"
        />
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 14px', fontSize: 13 }}>
          {t('customers:list.searchHint')}
        </Typography.Paragraph>
        <Space size={[24, 12]} wrap>
          <FilterField label={t('customers:field.kind')}>
            <Select<CustomerKind>
              allowClear
              style={{ width: 130 }}
              placeholder={t('customers:list.allKinds')}
              value={filters.kind}
              onChange={(kind) => setFilters({ kind })}
              options={[
                { value: 'person', label: t('customers:kind.person') },
                { value: 'organisation', label: t('customers:kind.organisation') },
              ]}
            />
          </FilterField>
          <FilterField label={t('customers:field.project')}>
            <ProjectSelect
              style={{ width: 220 }}
              placeholder={t('customers:list.allProjects')}
              value={filters.projectId}
              onChange={(projectId: string | undefined) => setFilters({ projectId })}
            />
          </FilterField>
          <FilterField label={t('customers:field.status')}>
            <Select<'true' | 'false'>
              allowClear
              style={{ width: 130 }}
              placeholder={t('customers:list.allStatuses')}
              value={filters.active}
              onChange={(active) => setFilters({ active })}
              options={[
                { value: 'true', label: t('customers:status.active') },
                { value: 'false', label: t('customers:status.inactive') },
              ]}
            />
          </FilterField>
          <FilterField label={t('customers:field.tags')}>
            <Select<string>
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 150 }}
              placeholder={t('customers:list.allTags')}
              value={filters.tag}
              onChange={(tag) => setFilters({ tag })}
              options={tags.options}
              data-testid="tag-filter"
            />
          </FilterField>
        </Space>
      </ProCard>
      <ProTable<Customer, Filters>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        size="middle"
        search={false}
        params={filters}
        scroll={{ x: 1040 }}
        headerTitle={filters.q ? t('customers:list.resultsFor', { q: filters.q }) : t('customers:list.listTitle')}
        pagination={pager.pagination}
        options={{ density: true, setting: true, reload: true, fullScreen: false }}
        locale={{ emptyText: filters.q ? t('customers:list.noMatch', { q: filters.q }) : t('customers:list.empty') }}
        request={async (params) => {
          const query: Query = {
            current: Number(params.current) || 1,
            pageSize: Number(params.pageSize) || 20,
            ...filters,
          };
          try {
            const page = await unwrap(api.GET('/api/customers', { params: { query } }));
            pager.setCapped(page.totalCapped);
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          can(access.exportCustomers) && (
            <ExportButton key="export" path="/api/customers/export" params={() => ({ ...filters })} />
          ),
          canManage && (
            <Button
              key="create"
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setFormKey((k) => k + 1);
                setFormOpen(true);
              }}
            >
              {t('customers:action.create')}
            </Button>
          ),
        ]}
      />
      {canManage && (
        <CustomerForm
          key={formKey}
          open={formOpen}
          initial={formKey === 0 ? fromCall : undefined}
          onOpenChange={setFormOpen}
          onSaved={(created) => {
            setFormOpen(false);
            navigate(`/customers/${created.id}`);
          }}
        />
      )}
    </PageContainer>
  );
}
