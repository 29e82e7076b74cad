import { ModalForm, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { App, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { CODE_PATTERN, showProblem } from '../../components/problem';
import { useCompanies } from '../customers/shared';
import type { Contractor } from './shared';

interface Values {
  companyId?: string;
  code?: string;
  name: string;
  uscc?: string;
  contactName?: string;
  contactMobile?: string;
  phone?: string;
  notes?: string;
}

const trimmed = (value: string | undefined) => value?.trim() || null;

/** 新建承建商 / 编辑承建商. `contractor` undefined means a new one. */
export function ContractorForm({
  open,
  contractor,
  onClose,
  onSaved,
}: {
  open: boolean;
  contractor?: Contractor;
  onClose: () => void;
  onSaved: (saved: Contractor) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const companies = useCompanies();
  // A user reaching one company is not asked which.
  const askCompany = !contractor && companies.options.length > 1;

  return (
    <ModalForm<Values>
      key={contractor?.id ?? 'new'}
      form={form}
      // Its own ids: the list's filters behind the modal have fields of the same names.
      name="contractor"
      title={contractor ? t('contractors:form.editTitle') : t('contractors:form.createTitle')}
      open={open}
      width={640}
      layout="horizontal"
      labelCol={{ span: 6 }}
      wrapperCol={{ span: 17 }}
      submitter={{ searchConfig: { submitText: t('common:save'), resetText: t('common:cancel') } }}
      modalProps={{
        destroyOnHidden: true,
        maskClosable: false,
        onCancel: onClose,
        styles: { body: { paddingTop: 12 } },
      }}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      initialValues={
        contractor
          ? {
              code: contractor.code,
              name: contractor.name,
              uscc: contractor.uscc ?? '',
              contactName: contractor.contactName ?? '',
              contactMobile: contractor.contactMobile ?? '',
              phone: contractor.phone ?? '',
              notes: contractor.notes ?? '',
            }
          : {}
      }
      onFinish={async (values) => {
        const details = {
          name: values.name.trim(),
          uscc: trimmed(values.uscc),
          contactName: trimmed(values.contactName),
          contactMobile: trimmed(values.contactMobile),
          phone: trimmed(values.phone),
          notes: trimmed(values.notes),
        };
        try {
          let saved: Contractor;
          if (contractor) {
            saved = await unwrap(
              api.PUT('/api/contractors/{id}', {
                params: { path: { id: contractor.id } },
                body: { ...details, code: (values.code ?? '').trim() },
              }),
            );
            message.success(t('contractors:message.updated'));
          } else {
            saved = await unwrap(
              api.POST('/api/contractors', {
                body: {
                  ...details,
                  ...(values.companyId ? { companyId: values.companyId } : {}),
                  ...(values.code?.trim() ? { code: values.code.trim() } : {}),
                },
              }),
            );
            message.success(t('contractors:message.created'));
          }
          onSaved(saved);
          return true;
        } catch (e) {
          showProblem(message, e, form);
          return false;
        }
      }}
    >
      {askCompany && (
        <ProFormSelect
          name="companyId"
          label={t('contractors:field.company')}
          options={companies.options}
          rules={[{ required: true, message: t('contractors:form.companyRequired') }]}
        />
      )}
      <ProFormText
        name="name"
        label={t('contractors:field.name')}
        placeholder={t('contractors:form.namePlaceholder')}
        fieldProps={{ maxLength: 100 }}
        rules={[{ required: true, whitespace: true, message: t('contractors:form.nameRequired') }]}
      />
      <ProFormText
        name="code"
        label={t('contractors:field.code')}
        placeholder={contractor ? undefined : t('contractors:form.codePlaceholder')}
        fieldProps={{ maxLength: 40 }}
        rules={[
          ...(contractor ? [{ required: true, whitespace: true, message: t('contractors:form.codeRequired') }] : []),
          { pattern: CODE_PATTERN, message: t('contractors:form.codeFormat') },
        ]}
      />
      <ProFormText
        name="uscc"
        label={t('contractors:field.uscc')}
        placeholder={t('contractors:form.usccPlaceholder')}
        fieldProps={{ maxLength: 30 }}
        rules={[
          {
            pattern: /^[0-9A-Za-z\s-]{18,22}$/,
            message: t('contractors:form.usccFormat'),
          },
        ]}
      />
      <ProFormText
        name="contactName"
        label={t('contractors:field.contactName')}
        fieldProps={{ maxLength: 40 }}
        extra={t('contractors:form.contactHelp')}
      />
      <ProFormText
        name="contactMobile"
        label={t('contractors:field.contactMobile')}
        placeholder={t('contractors:form.contactMobilePlaceholder')}
        fieldProps={{ maxLength: 30 }}
        rules={[{ pattern: /^[\d\s+()-]{11,20}$/, message: t('contractors:form.mobileFormat') }]}
      />
      <ProFormText
        name="phone"
        label={t('contractors:field.phone')}
        placeholder={t('contractors:form.phonePlaceholder')}
        fieldProps={{ maxLength: 40 }}
      />
      <ProFormTextArea
        name="notes"
        label={t('contractors:field.notes')}
        placeholder={t('contractors:form.notesPlaceholder')}
        fieldProps={{ maxLength: 500, showCount: true, autoSize: { minRows: 2, maxRows: 4 } }}
      />
    </ModalForm>
  );
}
