import { PlusOutlined } from '@ant-design/icons';
import { type ActionType, PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { App, Button, Drawer, Form, Input, Popconfirm, Select, Space, Switch, Tag, TreeSelect, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { errorText, showProblem } from '../../components/problem';
import { type Solution, type TicketType, ticketTypes, useCatalogueOptions } from './shared';

interface FormValues {
  title: string;
  body: string;
  keywords: string[];
  catalogueNodeIds: string[];
  ticketTypes: TicketType[];
  active: boolean;
}

/** 解决方案库: the answers agents read out, searchable, with how often each was used. */
export default function SolutionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can(access.manageSolutions);
  const actionRef = useRef<ActionType>(undefined);
  const catalogue = useCatalogueOptions();
  const [editing, setEditing] = useState<{ article?: Solution } | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const typeOptions = ticketTypes.map((v) => ({ value: v, label: t(`casework:ticketType.${v}`) }));

  const open = (article?: Solution) => {
    setEditing({ article });
    form.setFieldsValue(
      article
        ? {
            title: article.title,
            body: article.body,
            keywords: article.keywords,
            catalogueNodeIds: article.catalogueNodes.map((n) => n.id),
            ticketTypes: article.ticketTypes,
            active: article.active,
          }
        : { title: '', body: '', keywords: [], catalogueNodeIds: [], ticketTypes: [], active: true },
    );
  };

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      if (editing?.article) {
        await unwrap(api.PUT('/api/solutions/{id}', { params: { path: { id: editing.article.id } }, body: values }));
      } else {
        await unwrap(api.POST('/api/solutions', { body: values }));
      }
      message.success(t('common:saved'));
      setEditing(null);
      void actionRef.current?.reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const remove = async (article: Solution) => {
    try {
      await unwrap(api.DELETE('/api/solutions/{id}', { params: { path: { id: article.id } } }));
      message.success(t('common:deleted'));
      void actionRef.current?.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const columns: ProColumns<Solution>[] = [
    {
      title: t('casework:solution.search'),
      dataIndex: 'q',
      hideInTable: true,
      fieldProps: { placeholder: t('casework:solution.searchPlaceholder'), allowClear: true },
    },
    {
      title: t('casework:solution.type'),
      dataIndex: 'type',
      hideInTable: true,
      valueType: 'select',
      fieldProps: { options: typeOptions, placeholder: t('casework:solution.allTypes') },
    },
    {
      title: t('casework:solution.title'),
      dataIndex: 'title',
      search: false,
      width: 200,
      render: (_, a) => (
        <Typography.Link strong onClick={() => open(a)}>
          {a.title}
        </Typography.Link>
      ),
    },
    {
      title: t('casework:solution.body'),
      dataIndex: 'body',
      search: false,
      ellipsis: true,
    },
    {
      title: t('casework:solution.catalogue'),
      dataIndex: 'catalogueNodes',
      search: false,
      width: 220,
      render: (_, a) => (
        <Space size={[4, 4]} wrap>
          {a.catalogueNodes.map((n) => (
            <Tag key={n.id} bordered={false} title={n.pathText} style={{ marginInlineEnd: 0 }}>
              {n.name}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('casework:solution.owner'),
      dataIndex: 'companyName',
      search: false,
      width: 140,
      render: (_, a) => a.companyName ?? <Tag color="blue">{t('casework:solution.group')}</Tag>,
    },
    {
      title: t('casework:solution.usage'),
      dataIndex: 'usageCount',
      search: false,
      width: 90,
      align: 'right',
    },
    {
      title: t('casework:solution.status'),
      dataIndex: 'active',
      search: false,
      width: 80,
      render: (_, a) =>
        a.active ? <Tag color="success">{t('common:enabled')}</Tag> : <Tag>{t('common:disabled')}</Tag>,
    },
    {
      title: t('common:actions'),
      valueType: 'option',
      width: 120,
      render: (_, a) =>
        canManage && a.editable
          ? [
              <Typography.Link key="edit" onClick={() => open(a)}>
                {t('common:edit')}
              </Typography.Link>,
              <Popconfirm key="delete" title={t('casework:solution.confirmDelete')} onConfirm={() => remove(a)}>
                <Typography.Link type="danger">{t('common:delete')}</Typography.Link>
              </Popconfirm>,
            ]
          : [],
    },
  ];

  return (
    <PageContainer title={t('casework:solution.pageTitle')} content={t('casework:solution.subtitle')}>
      <ProTable<Solution>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        size="middle"
        search={{ labelWidth: 'auto', defaultCollapsed: false, span: 8 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, setting: true, reload: true, fullScreen: false }}
        request={async (params) => {
          try {
            const page = await unwrap(
              api.GET('/api/solutions', {
                params: {
                  query: {
                    current: Number(params.current) || 1,
                    pageSize: Number(params.pageSize) || 20,
                    q: typeof params.q === 'string' && params.q.trim() ? params.q.trim() : undefined,
                    type: (params.type as TicketType | undefined) || undefined,
                  },
                },
              }),
            );
            return { data: page.data, total: page.total, success: true };
          } catch (e) {
            showProblem(message, e);
            return { data: [], total: 0, success: false };
          }
        }}
        toolBarRender={() => [
          canManage && (
            <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => open()}>
              {t('casework:solution.create')}
            </Button>
          ),
        ]}
      />
      <Drawer
        width={640}
        open={!!editing}
        title={
          editing?.article
            ? t(editing.article.editable && canManage ? 'casework:solution.edit' : 'casework:solution.view')
            : t('casework:solution.create')
        }
        onClose={() => setEditing(null)}
        destroyOnHidden
        extra={
          canManage && (!editing?.article || editing.article.editable) ? (
            <Button type="primary" loading={saving} onClick={save}>
              {t('common:save')}
            </Button>
          ) : null
        }
      >
        <Form
          form={form}
          name="solutionEdit"
          layout="vertical"
          disabled={!!editing?.article && !editing.article.editable}
        >
          <Form.Item name="title" label={t('casework:solution.title')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="body" label={t('casework:solution.body')} rules={[{ required: true, max: 10000 }]}>
            <Input.TextArea rows={8} showCount maxLength={10000} />
          </Form.Item>
          <Form.Item
            name="keywords"
            label={t('casework:solution.keywords')}
            extra={t('casework:solution.keywordsHelp')}
          >
            <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} />
          </Form.Item>
          <Form.Item name="catalogueNodeIds" label={t('casework:solution.catalogue')}>
            <TreeSelect
              treeData={catalogue}
              multiple
              showSearch
              treeNodeFilterProp="title"
              allowClear
              placeholder={t('casework:solution.cataloguePlaceholder')}
            />
          </Form.Item>
          <Form.Item name="ticketTypes" label={t('casework:solution.types')} extra={t('casework:solution.typesHelp')}>
            <Select mode="multiple" options={typeOptions} allowClear />
          </Form.Item>
          <Form.Item name="active" label={t('casework:solution.status')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Drawer>
    </PageContainer>
  );
}
