import { ModalForm, ProFormDigit, ProFormSwitch, ProFormText } from '@ant-design/pro-components';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { CODE_PATTERN, errorText } from '../../../components/problem';
import type { Dictionary, DictionaryItem } from './types';

interface Values {
  code: string;
  label: string;
  labelEn?: string;
  sortOrder?: number;
  active?: boolean;
}

/** 新增字典项 / 编辑字典项 within one dictionary. */
export function ItemForm({
  open,
  dictionary,
  item,
  nextSortOrder,
  onClose,
  onSaved,
}: {
  open: boolean;
  dictionary: Dictionary;
  item?: DictionaryItem;
  /** Suggested sort order for a new item: after the last one. */
  nextSortOrder: number;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();

  return (
    <ModalForm<Values>
      key={item?.id ?? `new-${dictionary.id}`}
      title={
        item ? t('dictionaries:itemForm.editTitle') : t('dictionaries:itemForm.createTitle', { name: dictionary.name })
      }
      open={open}
      width={520}
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
        item
          ? {
              code: item.code,
              label: item.label,
              labelEn: item.labelEn ?? '',
              sortOrder: item.sortOrder,
              active: item.active,
            }
          : { sortOrder: nextSortOrder, active: true }
      }
      onFinish={async (values) => {
        const body = {
          code: values.code.trim(),
          label: values.label.trim(),
          labelEn: values.labelEn?.trim() || null,
          sortOrder: values.sortOrder ?? 0,
          active: values.active ?? true,
        };
        try {
          if (item) {
            await unwrap(
              api.PUT('/api/dictionaries/{id}/items/{itemId}', {
                params: { path: { id: dictionary.id, itemId: item.id } },
                body,
              }),
            );
            message.success(t('dictionaries:message.itemUpdated'));
          } else {
            await unwrap(api.POST('/api/dictionaries/{id}/items', { params: { path: { id: dictionary.id } }, body }));
            message.success(t('dictionaries:message.itemCreated'));
          }
          onSaved();
          return true;
        } catch (e) {
          message.error(errorText(e));
          return false;
        }
      }}
    >
      <ProFormText
        name="code"
        label={t('dictionaries:itemField.code')}
        placeholder={t('dictionaries:itemForm.codePlaceholder')}
        extra={item ? t('dictionaries:itemForm.codeChangeWarning') : undefined}
        fieldProps={{ maxLength: 40 }}
        rules={[
          { required: true, whitespace: true, message: t('dictionaries:form.codeRequired') },
          { pattern: CODE_PATTERN, message: t('dictionaries:form.codeFormat') },
        ]}
      />
      <ProFormText
        name="label"
        label={t('dictionaries:itemField.label')}
        placeholder={t('dictionaries:itemForm.labelPlaceholder')}
        fieldProps={{ maxLength: 60, showCount: true }}
        rules={[{ required: true, whitespace: true, message: t('dictionaries:itemForm.labelRequired') }]}
      />
      <ProFormText
        name="labelEn"
        label={t('dictionaries:itemField.labelEn')}
        placeholder={t('dictionaries:itemForm.labelEnPlaceholder')}
        fieldProps={{ maxLength: 80 }}
      />
      <ProFormDigit
        name="sortOrder"
        label={t('dictionaries:itemField.sortOrder')}
        min={0}
        max={9999}
        fieldProps={{ precision: 0, style: { width: 140 } }}
      />
      <ProFormSwitch
        name="active"
        label={t('dictionaries:itemField.active')}
        extra={t('dictionaries:itemForm.activeHelp')}
      />
    </ModalForm>
  );
}
