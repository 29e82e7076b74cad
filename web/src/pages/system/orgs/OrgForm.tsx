import {
  ModalForm,
  ProFormDigit,
  ProFormRadio,
  ProFormSwitch,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { App, Form, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { CODE_PATTERN, errorText } from '../../../components/problem';
import { KindIcon } from './kindIcon';
import { childKinds, type OrgKind, type OrgNode } from './tree';

export interface Values {
  kind?: Exclude<OrgKind, 'group'>;
  name: string;
  code: string;
  sortOrder?: number;
  phone?: string;
  address?: string;
  active?: boolean;
}

export type OrgFormMode = { type: 'create'; parent: OrgNode } | { type: 'edit'; node: OrgNode };

/** Adds a node below a parent, or edits one; the caller reloads the tree after `onSaved`. */
export function OrgForm({
  mode,
  onClose,
  onSaved,
}: {
  mode: OrgFormMode | null;
  onClose: () => void;
  onSaved: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const creating = mode?.type === 'create';
  const kinds = mode?.type === 'create' ? childKinds[mode.parent.kind] : [];
  const node = mode?.type === 'edit' ? mode.node : undefined;

  const initialValues: Partial<Values> = node
    ? {
        name: node.name,
        code: node.code,
        sortOrder: node.sortOrder,
        phone: node.phone ?? '',
        address: node.address ?? '',
        active: node.active,
      }
    : { kind: kinds[0], sortOrder: 0 };

  return (
    <ModalForm<Values>
      key={mode ? (mode.type === 'create' ? `create-${mode.parent.id}` : `edit-${mode.node.id}`) : 'closed'}
      title={creating ? t('orgs:form.createTitle') : t('orgs:form.editTitle')}
      open={!!mode}
      width={560}
      layout="horizontal"
      labelCol={{ span: 5 }}
      wrapperCol={{ span: 18 }}
      initialValues={initialValues}
      submitter={{ searchConfig: { submitText: t('common:save'), resetText: t('common:cancel') } }}
      modalProps={{
        destroyOnHidden: true,
        maskClosable: false,
        onCancel: onClose,
        styles: { body: { paddingTop: 12 } },
      }}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      onFinish={async (values) => {
        const common = {
          name: values.name.trim(),
          code: values.code.trim(),
          sortOrder: values.sortOrder ?? 0,
          phone: values.phone?.trim() || null,
          address: values.address?.trim() || null,
        };
        try {
          if (mode?.type === 'create') {
            const created = await unwrap(
              api.POST('/api/orgs', {
                body: { ...common, parentId: mode.parent.id, kind: values.kind ?? kinds[0] ?? 'department' },
              }),
            );
            message.success(t('orgs:message.created'));
            onSaved(created.id);
          } else if (mode?.type === 'edit') {
            await unwrap(
              api.PUT('/api/orgs/{id}', {
                params: { path: { id: mode.node.id } },
                body: { ...common, active: values.active ?? true },
              }),
            );
            message.success(t('orgs:message.updated'));
            onSaved(mode.node.id);
          }
          return true;
        } catch (e) {
          message.error(errorText(e));
          return false;
        }
      }}
    >
      {mode?.type === 'create' && (
        <Form.Item label={t('orgs:form.parent')}>
          <Space>
            <KindIcon kind={mode.parent.kind} />
            <span>{mode.parent.name}</span>
          </Space>
        </Form.Item>
      )}
      {creating && (
        <ProFormRadio.Group
          name="kind"
          label={t('orgs:field.kind')}
          radioType="button"
          options={kinds.map((k) => ({
            value: k,
            label: (
              <Space size={4}>
                <KindIcon kind={k} />
                {t(`common:orgKind.${k}`)}
              </Space>
            ),
          }))}
          rules={[{ required: true, message: t('orgs:form.kindRequired') }]}
        />
      )}
      <ProFormText
        name="name"
        label={t('orgs:field.name')}
        placeholder={t('orgs:form.namePlaceholder')}
        fieldProps={{ maxLength: 60, showCount: true }}
        rules={[{ required: true, whitespace: true, message: t('orgs:form.nameRequired') }]}
      />
      <ProFormText
        name="code"
        label={t('orgs:field.code')}
        placeholder={t('orgs:form.codePlaceholder')}
        fieldProps={{ maxLength: 40 }}
        rules={[
          { required: true, whitespace: true, message: t('orgs:form.codeRequired') },
          { pattern: CODE_PATTERN, message: t('orgs:form.codeFormat') },
        ]}
      />
      <ProFormDigit
        name="sortOrder"
        label={t('orgs:field.sortOrder')}
        min={0}
        max={9999}
        fieldProps={{ precision: 0, style: { width: 160 } }}
        extra={t('orgs:form.sortOrderHelp')}
      />
      <ProFormText
        name="phone"
        label={t('orgs:field.phone')}
        placeholder={t('orgs:form.phonePlaceholder')}
        fieldProps={{ maxLength: 30 }}
      />
      <ProFormTextArea
        name="address"
        label={t('orgs:field.address')}
        placeholder={t('orgs:form.addressPlaceholder')}
        fieldProps={{ maxLength: 200, showCount: true, autoSize: { minRows: 2, maxRows: 4 } }}
      />
      {!creating && (
        <ProFormSwitch
          name="active"
          label={t('orgs:field.status')}
          checkedChildren={t('common:enabled')}
          unCheckedChildren={t('common:disabled')}
        />
      )}
    </ModalForm>
  );
}
