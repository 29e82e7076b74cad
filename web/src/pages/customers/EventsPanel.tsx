import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  ModalForm,
  ProFormDatePicker,
  type ProFormInstance,
  ProFormSelect,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { Alert, App, Button, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { errorText, showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { DeleteLink, PanelToolbar, RoomField } from './PanelParts';
import { type Customer, type CustomerEvent, type Occupancy, useDictionary } from './shared';

const PAGE_SIZE = 10;

/** Colours that say how much attention an event needs: complaints, media and disputes stand out. */
const categoryColors: Record<string, string> = {
  renovation: 'blue',
  major_complaint: 'red',
  media: 'magenta',
  legal: 'volcano',
  key_customer: 'gold',
  arrears: 'orange',
  property_sale: 'cyan',
};

interface Values {
  category: string;
  occurredOn: string | Dayjs;
  roomId?: string | null;
  description: string;
}

function EventForm({
  customer,
  event,
  rooms,
  open,
  onClose,
  onSaved,
}: {
  customer: Customer;
  /** The event being corrected, or null to record one. */
  event: CustomerEvent | null;
  rooms: Occupancy[];
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const categories = useDictionary('customer_event_category');

  return (
    <ModalForm<Values>
      formRef={formRef}
      title={event ? t('customers:events.editTitle') : t('customers:events.addTitle', { name: customer.name })}
      open={open}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      width={600}
      layout="horizontal"
      labelCol={{ span: 5 }}
      wrapperCol={{ span: 18 }}
      initialValues={
        event
          ? {
              category: event.category,
              occurredOn: event.occurredOn,
              roomId: event.roomId ?? undefined,
              description: event.description,
            }
          : { occurredOn: dayjs().format('YYYY-MM-DD') }
      }
      modalProps={{ destroyOnHidden: true, maskClosable: false, styles: { body: { paddingTop: 16 } } }}
      submitter={{ searchConfig: { submitText: t('common:save'), resetText: t('common:cancel') } }}
      onFinish={async (values) => {
        const body = {
          category: values.category,
          occurredOn: dayjs(values.occurredOn).format('YYYY-MM-DD'),
          description: values.description.trim(),
          roomId: values.roomId ?? null,
        };
        try {
          if (event) {
            await unwrap(
              api.PUT('/api/customers/{id}/events/{eventId}', {
                params: { path: { id: customer.id, eventId: event.id } },
                body,
              }),
            );
          } else {
            await unwrap(api.POST('/api/customers/{id}/events', { params: { path: { id: customer.id } }, body }));
          }
          message.success(t('customers:events.saved'));
          onSaved();
          return true;
        } catch (e) {
          showProblem(message, e, formRef.current);
          return false;
        }
      }}
    >
      <ProFormSelect
        name="category"
        label={t('customers:events.category')}
        placeholder={t('customers:events.categoryPlaceholder')}
        options={categories.options}
        fieldProps={{ loading: categories.loading }}
        rules={[{ required: true, message: t('customers:events.categoryRequired') }]}
      />
      <ProFormDatePicker
        name="occurredOn"
        label={t('customers:events.occurredOn')}
        width="100%"
        fieldProps={{
          style: { width: '100%' },
          allowClear: false,
          disabledDate: (d: Dayjs) => d.isAfter(dayjs(), 'day'),
        }}
        rules={[
          { required: true, message: t('customers:events.occurredOnRequired') },
          {
            validator: (_: unknown, value: string | Dayjs | undefined) =>
              !value || !dayjs(value).isAfter(dayjs(), 'day')
                ? Promise.resolve()
                : Promise.reject(new Error(t('customers:events.occurredOnFuture'))),
          },
        ]}
      />
      <RoomField label={t('customers:events.room')} rooms={rooms} />
      <ProFormTextArea
        name="description"
        label={t('customers:events.description')}
        placeholder={t('customers:events.descriptionPlaceholder')}
        fieldProps={{ maxLength: 1000, showCount: true, autoSize: { minRows: 4, maxRows: 8 } }}
        rules={[
          { required: true, whitespace: true, message: t('customers:events.descriptionRequired') },
          { min: 2, message: t('customers:events.descriptionTooShort') },
        ]}
      />
    </ModalForm>
  );
}

/** 客户事件: the significant moments of a customer's history, viewed, added, corrected and deleted. */
export function EventsPanel({
  customer,
  rooms,
  writable,
  onCount,
}: {
  customer: Customer;
  rooms: Occupancy[];
  writable: boolean;
  onCount: (count: number) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const categories = useDictionary('customer_event_category');
  const [version, setVersion] = useState(0);
  const [page, setPage] = useState(1);
  const [category, setCategory] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<{ event: CustomerEvent | null } | null>(null);
  const list = useQueryData(
    () =>
      unwrap(
        api.GET('/api/customers/{id}/events', {
          params: { path: { id: customer.id }, query: { current: page, pageSize: PAGE_SIZE, category } },
        }),
      ),
    [customer.id, version, page, category],
  );
  useEffect(() => {
    if (list.data && !category) onCount(list.data.total);
  }, [list.data, category, onCount]);
  const reload = () => setVersion((v) => v + 1);

  const remove = async (event: CustomerEvent) => {
    try {
      await unwrap(
        api.DELETE('/api/customers/{id}/events/{eventId}', {
          params: { path: { id: customer.id, eventId: event.id } },
        }),
      );
      message.success(t('customers:events.deleted'));
      reload();
    } catch (e) {
      showProblem(message, e);
    }
  };

  return (
    <div data-testid="events-panel">
      <PanelToolbar
        left={
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('customers:events.allCategories')}
            options={categories.options}
            value={category}
            onChange={(value) => {
              setCategory(value);
              setPage(1);
            }}
          />
        }
        right={
          writable && (
            <Button icon={<PlusOutlined />} onClick={() => setEditing({ event: null })} data-testid="add-event">
              {t('customers:events.add')}
            </Button>
          )
        }
      />
      {list.error ? (
        <Alert type="error" showIcon message={errorText(list.error)} />
      ) : (
        <Table<CustomerEvent>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.data ?? []}
          scroll={{ x: 900 }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers:events.none')} />,
          }}
          pagination={
            (list.data?.total ?? 0) > PAGE_SIZE
              ? {
                  current: page,
                  pageSize: PAGE_SIZE,
                  total: list.data?.total ?? 0,
                  size: 'small',
                  showSizeChanger: false,
                  showTotal: (total) => t('customers:events.total', { count: total }),
                  onChange: setPage,
                }
              : false
          }
          columns={[
            {
              title: t('customers:events.occurredOn'),
              dataIndex: 'occurredOn',
              width: 120,
              render: (value: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{value}</span>,
            },
            {
              title: t('customers:events.category'),
              dataIndex: 'category',
              width: 120,
              render: (code: string) => (
                <Tag color={categoryColors[code]} bordered={false}>
                  {categories.label(code)}
                </Tag>
              ),
            },
            {
              title: t('customers:events.room'),
              dataIndex: 'roomCode',
              width: 170,
              render: (_, e) =>
                e.roomCode ? `${e.projectName} ${e.roomCode}` : <Typography.Text type="secondary">-</Typography.Text>,
            },
            {
              title: t('customers:events.description'),
              dataIndex: 'description',
              render: (value: string) => (
                <Typography.Paragraph
                  style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}
                  data-testid="event-description"
                >
                  {value}
                </Typography.Paragraph>
              ),
            },
            { title: t('customers:events.handler'), dataIndex: 'handlerName', width: 100 },
            ...(writable
              ? [
                  {
                    title: t('common:actions'),
                    key: 'actions',
                    width: 130,
                    fixed: 'right' as const,
                    render: (_: unknown, e: CustomerEvent) => (
                      <Space size={12}>
                        <Typography.Link onClick={() => setEditing({ event: e })}>
                          <EditOutlined /> {t('common:edit')}
                        </Typography.Link>
                        <DeleteLink
                          title={t('customers:events.deleteConfirm')}
                          description={t('customers:events.deleteHint')}
                          onConfirm={() => remove(e)}
                        />
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {writable && (
        <EventForm
          key={editing ? (editing.event?.id ?? 'new') : 'closed'}
          customer={customer}
          event={editing?.event ?? null}
          rooms={rooms}
          open={!!editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </div>
  );
}
