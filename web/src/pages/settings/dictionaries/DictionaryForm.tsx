import { ModalForm, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { CODE_PATTERN, errorText } from '../../../components/problem';
import type { Dictionary } from './types';

interface Values {
  code: string;
  name: string;
  nameEn?: string;
  description?: string;
}

/** 新建字典 / 编辑字典; a built-in dictionary keeps its code. */
export function DictionaryForm({
  open,
  dictionary,
  onClose,
  onSaved,
}: {
  open: boolean;
  dictionary?: Dictionary;
  onClose: () => void;
  onSaved: (saved: Dictionary) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const builtin = !!dictionary?.builtin;

  return (
    <ModalForm<Values>
      key={dictionary?.id ?? 'new'}
      title={dictionary ? t('dictionaries:form.editTitle') : t('dictionaries:form.createTitle')}
      open={open}
      width={560}
      layout="horizontal"
      labelCol={{ span: 5 }}
      wrapperCol={{ span: 18 }}
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
        dictionary
          ? {
              code: dictionary.code,
              name: dictionary.name,
              nameEn: dictionary.nameEn ?? '',
              description: dictionary.description ?? '',
            }
          : {}
      }
      onFinish={async (values) => {
        const body = {
          code: values.code.trim(),
          name: values.name.trim(),
          nameEn: values.nameEn?.trim() || null,
          description: values.description?.trim() || null,
        };
        try {
          const saved = dictionary
            ? await unwrap(api.PUT('/api/dictionaries/{id}', { params: { path: { id: dictionary.id } }, body }))
            : await unwrap(api.POST('/api/dictionaries', { body }));
          message.success(dictionary ? t('dictionaries:message.updated') : t('dictionaries:message.created'));
          onSaved(saved);
          return true;
        } catch (e) {
          message.error(errorText(e));
          return false;
        }
      }}
    >
      <ProFormText
        name="code"
        label={t('dictionaries:field.code')}
        disabled={builtin}
        placeholder={t('dictionaries:form.codePlaceholder')}
        extra={builtin ? t('dictionaries:form.builtinCodeFixed') : t('dictionaries:form.codeHelp')}
        fieldProps={{ maxLength: 40 }}
        rules={[
          { required: true, whitespace: true, message: t('dictionaries:form.codeRequired') },
          { pattern: CODE_PATTERN, message: t('dictionaries:form.codeFormat') },
        ]}
      />
      <ProFormText
        name="name"
        label={t('dictionaries:field.name')}
        placeholder={t('dictionaries:form.namePlaceholder')}
        fieldProps={{ maxLength: 40, showCount: true }}
        rules={[{ required: true, whitespace: true, message: t('dictionaries:form.nameRequired') }]}
      />
      <ProFormText
        name="nameEn"
        label={t('dictionaries:field.nameEn')}
        placeholder={t('dictionaries:form.nameEnPlaceholder')}
        fieldProps={{ maxLength: 60 }}
      />
      <ProFormTextArea
        name="description"
        label={t('dictionaries:field.description')}
        placeholder={t('dictionaries:form.descriptionPlaceholder')}
        fieldProps={{ maxLength: 200, showCount: true, autoSize: { minRows: 2, maxRows: 4 } }}
      />
    </ModalForm>
  );
}
