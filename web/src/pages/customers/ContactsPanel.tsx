import { AlertOutlined, EditOutlined, TeamOutlined } from '@ant-design/icons';
import {
  ModalForm,
  ProFormCheckbox,
  ProFormDependency,
  type ProFormInstance,
  ProFormRadio,
  ProFormSelect,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { Alert, App, Button, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { normaliseMobile } from './identity';
import { DeleteLink, PanelList, PanelToolbar } from './PanelParts';
import { Revealable, type RevealRequest } from './RevealModal';
import { type Contact, type ContactBody, type Customer, useDictionary } from './shared';

type Kind = Contact['kind'];

interface Values {
  kind: Kind;
  name: string;
  relation: string;
  mobile?: string;
  clearMobile?: boolean;
  gender?: 'male' | 'female';
  notes?: string;
}

const blank = (value: string | undefined | null) => !value || value.trim() === '';

/** 新增 / 编辑 a family member or emergency contact. A mobile left blank when editing stays as it is. */
function ContactForm({
  customer,
  contact,
  kind,
  open,
  onClose,
  onSaved,
}: {
  customer: Customer;
  /** The contact being edited, or null to add one of `kind`. */
  contact: Contact | null;
  kind: Kind;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const relations = useDictionary('contact_relation');

  const submit = async (values: Values) => {
    const typed = blank(values.mobile)
      ? undefined
      : (normaliseMobile(values.mobile as string) ?? values.mobile?.trim());
    const mobile = typed ?? (contact ? (values.clearMobile ? null : undefined) : null);
    const body: ContactBody = {
      kind: values.kind,
      name: values.name.trim(),
      relation: values.relation,
      gender: values.gender ?? null,
      notes: values.notes?.trim() || null,
      ...(mobile !== undefined ? { mobile } : {}),
    };
    try {
      if (contact) {
        await unwrap(
          api.PUT('/api/customers/{id}/contacts/{contactId}', {
            params: { path: { id: customer.id, contactId: contact.id } },
            body,
          }),
        );
      } else {
        await unwrap(api.POST('/api/customers/{id}/contacts', { params: { path: { id: customer.id } }, body }));
      }
      message.success(t('customers:contacts.saved', { name: body.name }));
      onSaved();
      return true;
    } catch (e) {
      showProblem(message, e, formRef.current);
      return false;
    }
  };

  return (
    <ModalForm<Values>
      formRef={formRef}
      title={
        contact
          ? t('customers:contacts.editTitle', { name: contact.name })
          : t(kind === 'family' ? 'customers:contacts.addFamilyTitle' : 'customers:contacts.addEmergencyTitle', {
              name: customer.name,
            })
      }
      open={open}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      width={560}
      layout="horizontal"
      labelCol={{ span: 5 }}
      wrapperCol={{ span: 18 }}
      initialValues={
        contact
          ? {
              kind: contact.kind,
              name: contact.name,
              relation: contact.relation,
              gender: contact.gender ?? undefined,
              notes: contact.notes ?? undefined,
            }
          : { kind }
      }
      modalProps={{ destroyOnHidden: true, maskClosable: false, styles: { body: { paddingTop: 16 } } }}
      submitter={{ searchConfig: { submitText: t('common:save'), resetText: t('common:cancel') } }}
      onFinish={submit}
      data-testid="contact-form"
    >
      <ProFormRadio.Group
        name="kind"
        label={t('customers:contacts.kind')}
        radioType="button"
        options={[
          { value: 'family', label: t('customers:contacts.kindName.family') },
          { value: 'emergency', label: t('customers:contacts.kindName.emergency') },
        ]}
      />
      <ProFormText
        name="name"
        label={t('customers:contacts.name')}
        placeholder={t('customers:contacts.namePlaceholder')}
        fieldProps={{ maxLength: 40, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: t('customers:contacts.nameRequired') }]}
      />
      <ProFormSelect
        name="relation"
        label={t('customers:contacts.relation')}
        placeholder={t('customers:contacts.relationPlaceholder')}
        options={relations.options}
        fieldProps={{ loading: relations.loading }}
        rules={[{ required: true, message: t('customers:contacts.relationRequired') }]}
      />
      <ProFormDependency name={['kind', 'clearMobile']}>
        {({ kind: current, clearMobile }: Partial<Values>) => (
          <ProFormText
            name="mobile"
            label={t('customers:contacts.mobile')}
            disabled={!!clearMobile}
            placeholder={
              contact?.mobile
                ? t('customers:form.keep', { value: contact.mobile })
                : t('customers:form.mobilePlaceholder')
            }
            fieldProps={{ maxLength: 30, autoComplete: 'off' }}
            extra={current === 'emergency' ? t('customers:contacts.mobileForEmergency') : undefined}
            rules={[
              {
                validator: (_: unknown, value: string | undefined) => {
                  if (blank(value)) {
                    const stored = !!contact?.mobile && !clearMobile;
                    return current === 'emergency' && !stored
                      ? Promise.reject(new Error(t('customers:contacts.mobileRequired')))
                      : Promise.resolve();
                  }
                  return normaliseMobile(value as string)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('customers:form.mobileInvalid')));
                },
              },
            ]}
          />
        )}
      </ProFormDependency>
      {contact?.mobile && (
        <ProFormDependency name={['kind']}>
          {({ kind: current }: Partial<Values>) =>
            current === 'family' ? (
              <ProFormCheckbox name="clearMobile" wrapperCol={{ offset: 5, span: 18 }}>
                {t('customers:contacts.clearMobile')}
              </ProFormCheckbox>
            ) : null
          }
        </ProFormDependency>
      )}
      <ProFormRadio.Group
        name="gender"
        label={t('customers:field.gender')}
        options={[
          { value: 'male', label: t('customers:gender.male') },
          { value: 'female', label: t('customers:gender.female') },
        ]}
      />
      <ProFormTextArea
        name="notes"
        label={t('customers:field.notes')}
        placeholder={t('customers:contacts.notesPlaceholder')}
        fieldProps={{ maxLength: 200, showCount: true, autoSize: { minRows: 2, maxRows: 4 } }}
      />
    </ModalForm>
  );
}

/** 家庭成员与紧急联系人: who lives with the customer, and whom to call when the customer cannot be reached. */
export function ContactsPanel({
  customer,
  writable,
  canReveal,
  openReveal,
  onCount,
}: {
  customer: Customer;
  writable: boolean;
  canReveal: boolean;
  openReveal: (request: RevealRequest) => void;
  onCount: (count: number) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const relations = useDictionary('contact_relation');
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<{ contact: Contact | null; kind: Kind } | null>(null);
  const [revealed, setRevealed] = useState<Record<string, string | null>>({});
  const list = useQueryData(
    () => unwrap(api.GET('/api/customers/{id}/contacts', { params: { path: { id: customer.id } } })),
    [customer.id, version],
  );
  const rows = list.data ?? [];
  const reload = () => {
    setRevealed({});
    setVersion((v) => v + 1);
  };
  useEffect(() => {
    if (list.data) onCount(list.data.length);
  }, [list.data, onCount]);

  const remove = async (contact: Contact) => {
    try {
      await unwrap(
        api.DELETE('/api/customers/{id}/contacts/{contactId}', {
          params: { path: { id: customer.id, contactId: contact.id } },
        }),
      );
      message.success(t('customers:contacts.deleted', { name: contact.name }));
      reload();
    } catch (e) {
      showProblem(message, e);
    }
  };

  const reveal = (contact: Contact) =>
    openReveal({
      fieldName: t('customers:reveal.field.mobile'),
      subject: contact.name,
      reasons: ['emergencyContact', 'callBack', 'customerRequest'],
      reveal: async (reason) =>
        (
          await unwrap(
            api.POST('/api/customers/{id}/contacts/{contactId}/reveal', {
              params: { path: { id: customer.id, contactId: contact.id } },
              body: { reason },
            }),
          )
        ).value,
      onRevealed: (value) => setRevealed((prev) => ({ ...prev, [contact.id]: value })),
    });

  const toolbar = writable ? (
    <Space>
      <Button
        icon={<TeamOutlined />}
        onClick={() => setEditing({ contact: null, kind: 'family' })}
        data-testid="add-family"
      >
        {t('customers:contacts.addFamily')}
      </Button>
      <Button
        icon={<AlertOutlined />}
        onClick={() => setEditing({ contact: null, kind: 'emergency' })}
        data-testid="add-emergency"
      >
        {t('customers:contacts.addEmergency')}
      </Button>
    </Space>
  ) : null;

  const hasEmergency = rows.some((r) => r.kind === 'emergency');

  return (
    <div data-testid="contacts-panel">
      <PanelToolbar
        left={<Typography.Text type="secondary">{t('customers:contacts.hint')}</Typography.Text>}
        right={toolbar}
      />
      <PanelList list={list} skeletonRows={3} empty={rows.length > 0 ? null : t('customers:contacts.none')}>
        {!hasEmergency && !customer.anonymised && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('customers:contacts.noEmergency')} />
        )}
        <Table<Contact>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={rows}
          scroll={{ x: 760 }}
          columns={[
            {
              title: t('customers:contacts.kind'),
              dataIndex: 'kind',
              width: 150,
              render: (kind: Kind) => (
                <Tag color={kind === 'emergency' ? 'volcano' : 'blue'} bordered={false}>
                  {t(`customers:contacts.kindName.${kind}`)}
                </Tag>
              ),
            },
            {
              title: t('customers:contacts.name'),
              dataIndex: 'name',
              width: 130,
              render: (_, r) => (
                <Space size={6}>
                  <Typography.Text strong data-testid="contact-name">
                    {r.name}
                  </Typography.Text>
                  {r.gender && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(`customers:gender.${r.gender}`)}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('customers:contacts.relation'),
              dataIndex: 'relation',
              width: 130,
              render: (code: string) => relations.label(code),
            },
            {
              title: t('customers:contacts.mobile'),
              dataIndex: 'mobile',
              width: 230,
              render: (_, r) => (
                <Revealable
                  masked={r.mobile}
                  revealed={revealed[r.id]}
                  canReveal={canReveal && !customer.anonymised}
                  onReveal={() => reveal(r)}
                  onHide={() => setRevealed(({ [r.id]: _, ...rest }) => rest)}
                  testId="contact-mobile"
                />
              ),
            },
            {
              title: t('customers:field.notes'),
              dataIndex: 'notes',
              render: (notes: string | null) => notes || <Typography.Text type="secondary">-</Typography.Text>,
            },
            ...(writable
              ? [
                  {
                    title: t('common:actions'),
                    key: 'actions',
                    width: 130,
                    fixed: 'right' as const,
                    render: (_: unknown, r: Contact) => (
                      <Space size={12}>
                        <Typography.Link onClick={() => setEditing({ contact: r, kind: r.kind })}>
                          <EditOutlined /> {t('common:edit')}
                        </Typography.Link>
                        <DeleteLink
                          title={t('customers:contacts.deleteConfirm', { name: r.name })}
                          onConfirm={() => remove(r)}
                        />
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </PanelList>
      {writable && (
        <ContactForm
          key={editing ? `${editing.contact?.id ?? 'new'}-${editing.kind}` : 'closed'}
          customer={customer}
          contact={editing?.contact ?? null}
          kind={editing?.kind ?? 'family'}
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
