import { BankOutlined, CheckCircleOutlined, PlusOutlined, StarFilled } from '@ant-design/icons';
import { ModalForm, ProForm, ProFormCheckbox, type ProFormInstance, ProFormText } from '@ant-design/pro-components';
import { App, AutoComplete, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { DeleteLink, PanelList, PanelToolbar } from './PanelParts';
import { Revealable, type RevealRequest } from './RevealModal';
import type { BankAccount, Customer } from './shared';

/** Banks a property company's customers use for direct debit, offered as the agent types. */
const commonBanks = [
  '中国工商银行',
  '中国建设银行',
  '中国农业银行',
  '中国银行',
  '交通银行',
  '中国邮政储蓄银行',
  '招商银行',
  '上海浦东发展银行',
  '兴业银行',
  '中信银行',
  '中国民生银行',
  '中国光大银行',
  '平安银行',
  '华夏银行',
  '广发银行',
  '上海银行',
  '北京银行',
  '杭州银行',
  '宁波银行',
  '上海农商银行',
];

/** The digits of an account number typed with spaces, when it has 8 to 30 of them (the server's rule). */
export function normaliseAccountNumber(value: string): string | null {
  const digits = value.replace(/\s/g, '');
  return /^\d{8,30}$/.test(digits) ? digits : null;
}

interface Values {
  bankName: string;
  branch?: string;
  accountName: string;
  accountNumber: string;
  isPrimary?: boolean;
}

function BankAccountForm({
  customer,
  first,
  open,
  onClose,
  onSaved,
}: {
  customer: Customer;
  /** No account yet: this one becomes primary whatever is ticked. */
  first: boolean;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<Values>>(undefined);

  return (
    <ModalForm<Values>
      formRef={formRef}
      title={t('customers:bank.addTitle', { name: customer.name })}
      open={open}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      width={560}
      layout="horizontal"
      labelCol={{ span: 5 }}
      wrapperCol={{ span: 18 }}
      initialValues={{ accountName: customer.anonymised ? '' : customer.name, isPrimary: first }}
      modalProps={{ destroyOnHidden: true, maskClosable: false, styles: { body: { paddingTop: 16 } } }}
      submitter={{ searchConfig: { submitText: t('common:save'), resetText: t('common:cancel') } }}
      onFinish={async (values) => {
        try {
          const saved = await unwrap(
            api.POST('/api/customers/{id}/bank-accounts', {
              params: { path: { id: customer.id } },
              body: {
                bankName: values.bankName.trim(),
                branch: values.branch?.trim() || null,
                accountName: values.accountName.trim(),
                accountNumber: values.accountNumber.replace(/\s/g, ''),
                isPrimary: first || !!values.isPrimary,
              },
            }),
          );
          message.success(t('customers:bank.saved', { account: saved.accountNumber }));
          onSaved();
          return true;
        } catch (e) {
          showProblem(message, e, formRef.current);
          return false;
        }
      }}
    >
      <ProForm.Item
        name="bankName"
        label={t('customers:bank.bankName')}
        rules={[
          { required: true, whitespace: true, message: t('customers:bank.bankNameRequired') },
          { min: 2, message: t('customers:bank.bankNameRequired') },
        ]}
      >
        <AutoComplete
          options={commonBanks.map((value) => ({ value }))}
          filterOption={(input, option) => String(option?.value ?? '').includes(input.trim())}
          placeholder={t('customers:bank.bankNamePlaceholder')}
          maxLength={40}
        />
      </ProForm.Item>
      <ProFormText
        name="branch"
        label={t('customers:bank.branch')}
        placeholder={t('customers:bank.branchPlaceholder')}
        fieldProps={{ maxLength: 60, autoComplete: 'off' }}
      />
      <ProFormText
        name="accountName"
        label={t('customers:bank.accountName')}
        placeholder={t('customers:bank.accountNamePlaceholder')}
        extra={t('customers:bank.accountNameExtra')}
        fieldProps={{ maxLength: 60, autoComplete: 'off' }}
        rules={[{ required: true, whitespace: true, message: t('customers:bank.accountNameRequired') }]}
      />
      <ProFormText
        name="accountNumber"
        label={t('customers:bank.accountNumber')}
        placeholder={t('customers:bank.accountNumberPlaceholder')}
        fieldProps={{ maxLength: 40, autoComplete: 'off', inputMode: 'numeric', style: { letterSpacing: 0.5 } }}
        rules={[
          { required: true, whitespace: true, message: t('customers:bank.accountNumberRequired') },
          {
            validator: (_: unknown, value: string | undefined) =>
              !value?.trim() || normaliseAccountNumber(value)
                ? Promise.resolve()
                : Promise.reject(new Error(t('customers:bank.accountNumberInvalid'))),
          },
        ]}
      />
      <ProFormCheckbox name="isPrimary" wrapperCol={{ offset: 5, span: 18 }} disabled={first}>
        {first ? t('customers:bank.firstIsPrimary') : t('customers:bank.makePrimary')}
      </ProFormCheckbox>
    </ModalForm>
  );
}

/** 银行账户 for 银行托收: masked numbers, one primary account the collection draws from. */
export function BankAccountsPanel({
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
  const [version, setVersion] = useState(0);
  const [adding, setAdding] = useState(false);
  const [revealed, setRevealed] = useState<Record<string, string | null>>({});
  const list = useQueryData(
    () => unwrap(api.GET('/api/customers/{id}/bank-accounts', { params: { path: { id: customer.id } } })),
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

  const call = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      message.success(done);
      reload();
    } catch (e) {
      showProblem(message, e);
    }
  };
  const path = (a: BankAccount) => ({ params: { path: { id: customer.id, accountId: a.id } } });

  const reveal = (a: BankAccount) =>
    openReveal({
      fieldName: t('customers:reveal.field.accountNumber'),
      subject: customer.name,
      reasons: ['bankDebit', 'verifyIdentity', 'customerRequest'],
      reveal: async (reason) =>
        (
          await unwrap(
            api.POST('/api/customers/{id}/bank-accounts/{accountId}/reveal', { ...path(a), body: { reason } }),
          )
        ).value,
      onRevealed: (value) => setRevealed((prev) => ({ ...prev, [a.id]: value })),
    });

  return (
    <div data-testid="bank-panel">
      <PanelToolbar
        left={<Typography.Text type="secondary">{t('customers:bank.hint')}</Typography.Text>}
        right={
          writable && (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-bank-account">
              {t('customers:bank.add')}
            </Button>
          )
        }
      />
      <PanelList
        list={list}
        skeletonRows={2}
        empty={
          rows.length > 0 ? null : customer.anonymised ? t('customers:bank.noneAnonymised') : t('customers:bank.none')
        }
      >
        <Table<BankAccount>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={rows}
          scroll={{ x: 820 }}
          columns={[
            {
              title: t('customers:bank.bankName'),
              dataIndex: 'bankName',
              render: (_, a) => (
                <Space size={10}>
                  <BankOutlined style={{ color: '#1677ff', fontSize: 18 }} />
                  <span>
                    <Typography.Text strong>{a.bankName}</Typography.Text>
                    {a.branch && (
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {a.branch}
                      </Typography.Text>
                    )}
                  </span>
                </Space>
              ),
            },
            { title: t('customers:bank.accountName'), dataIndex: 'accountName', width: 140 },
            {
              title: t('customers:bank.accountNumber'),
              dataIndex: 'accountNumber',
              width: 300,
              render: (_, a) => (
                <Revealable
                  masked={a.accountNumber}
                  revealed={revealed[a.id]}
                  canReveal={canReveal && !customer.anonymised}
                  onReveal={() => reveal(a)}
                  onHide={() => setRevealed(({ [a.id]: _, ...rest }) => rest)}
                  testId="bank-account-number"
                />
              ),
            },
            {
              title: t('customers:bank.primary'),
              dataIndex: 'isPrimary',
              width: 130,
              render: (_, a) =>
                a.isPrimary ? (
                  <Tag color="gold" icon={<StarFilled />} data-testid="bank-primary">
                    {t('customers:bank.primaryTag')}
                  </Tag>
                ) : writable ? (
                  <Popconfirm
                    title={t('customers:bank.makePrimaryConfirm', { account: a.accountNumber })}
                    onConfirm={() =>
                      call(
                        () => unwrap(api.POST('/api/customers/{id}/bank-accounts/{accountId}/primary', path(a))),
                        t('customers:bank.primaryDone', { account: a.accountNumber }),
                      )
                    }
                  >
                    <Typography.Link data-testid="make-primary">
                      <CheckCircleOutlined /> {t('customers:bank.setPrimary')}
                    </Typography.Link>
                  </Popconfirm>
                ) : (
                  <Typography.Text type="secondary">-</Typography.Text>
                ),
            },
            {
              title: t('customers:bank.addedAt'),
              dataIndex: 'createdAt',
              width: 120,
              render: (value: string) => dayjs(value).format('YYYY-MM-DD'),
            },
            ...(writable
              ? [
                  {
                    title: t('common:actions'),
                    key: 'actions',
                    width: 90,
                    fixed: 'right' as const,
                    render: (_: unknown, a: BankAccount) => (
                      <DeleteLink
                        title={t('customers:bank.deleteConfirm', { account: a.accountNumber })}
                        description={a.isPrimary && rows.length > 1 ? t('customers:bank.deletePrimaryHint') : undefined}
                        onConfirm={() =>
                          call(
                            () => unwrap(api.DELETE('/api/customers/{id}/bank-accounts/{accountId}', path(a))),
                            t('customers:bank.deleted', { account: a.accountNumber }),
                          )
                        }
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      </PanelList>
      {writable && (
        <BankAccountForm
          key={String(adding)}
          customer={customer}
          first={rows.length === 0}
          open={adding}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            reload();
          }}
        />
      )}
    </div>
  );
}
