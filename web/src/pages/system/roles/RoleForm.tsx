import { ModalForm, ProForm, type ProFormInstance, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { App, Col, Row } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { showProblem } from '../../../components/problem';
import { PermissionTree } from './PermissionTree';
import type { PermissionModule, RoleBody, RoleRow } from './types';

interface Values {
  name: string;
  code: string;
  description?: string;
  permissions: string[];
}

interface Props {
  open: boolean;
  /** The role being edited, or undefined to create one. */
  role?: RoleRow;
  catalogue: PermissionModule[];
  catalogueLoading: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (role: RoleRow, created: boolean) => void;
}

const codePattern = /^[A-Za-z0-9._-]{1,40}$/;

/** Creates or edits a role: its name, code, description and permission set. */
export function RoleForm({ open, role, catalogue, catalogueLoading, onOpenChange, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const builtin = !!role?.builtin;

  return (
    <ModalForm<Values>
      formRef={formRef}
      open={open}
      onOpenChange={onOpenChange}
      title={role ? t('roles:form.editTitle', { name: role.name }) : t('roles:form.createTitle')}
      width={720}
      layout="vertical"
      initialValues={
        role
          ? { name: role.name, code: role.code, description: role.description ?? '', permissions: role.permissions }
          : { permissions: [] }
      }
      modalProps={{ destroyOnHidden: true, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('roles:form.submit'), resetText: t('common:cancel') } }}
      onFinish={async (values) => {
        const description = values.description?.trim();
        const body: RoleBody = {
          name: values.name.trim(),
          code: values.code.trim(),
          description: description ? description : null,
          permissions: values.permissions ?? [],
        };
        try {
          const saved = role
            ? await unwrap(api.PUT('/api/roles/{id}', { params: { path: { id: role.id } }, body }))
            : await unwrap(api.POST('/api/roles', { body }));
          message.success(role ? t('roles:message.saved') : t('roles:message.created'));
          onSaved(saved, !role);
          return true;
        } catch (e) {
          showProblem(message, e, formRef.current);
          return false;
        }
      }}
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <ProFormText
            name="name"
            label={t('roles:form.name')}
            placeholder={t('roles:form.namePlaceholder')}
            fieldProps={{ maxLength: 40 }}
            rules={[{ required: true, whitespace: true, message: t('roles:form.nameRequired') }]}
          />
        </Col>
        <Col xs={24} sm={12}>
          <ProFormText
            name="code"
            label={t('roles:form.code')}
            placeholder={t('roles:form.codePlaceholder')}
            disabled={builtin}
            tooltip={builtin ? t('roles:form.codeBuiltin') : undefined}
            fieldProps={{ maxLength: 40, autoComplete: 'off' }}
            rules={[
              { required: true, message: t('roles:form.codeRequired') },
              { pattern: codePattern, message: t('roles:form.codeFormat') },
            ]}
          />
        </Col>
      </Row>
      <ProFormTextArea
        name="description"
        label={t('roles:form.description')}
        placeholder={t('roles:form.descriptionPlaceholder')}
        fieldProps={{ maxLength: 200, showCount: true, autoSize: { minRows: 2, maxRows: 4 } }}
      />
      <ProForm.Item name="permissions" label={t('roles:form.permissions')}>
        <PermissionTree catalogue={catalogue} loading={catalogueLoading} />
      </ProForm.Item>
    </ModalForm>
  );
}
