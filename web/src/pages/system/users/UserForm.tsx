import { DrawerForm, ProForm, type ProFormInstance, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { App, Col, Divider, Row, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { showProblem } from '../../../components/problem';
import { AssignmentsEditor, type RoleOption } from './AssignmentsEditor';
import {
  type AssignmentValue,
  type CreateUserBody,
  normaliseMobile,
  toAssignmentBody,
  toAssignmentValue,
  type UpdateUserBody,
  type UserRow,
} from './types';

interface Values {
  username?: string;
  name: string;
  mobile?: string;
  email?: string;
  extension?: string;
  orgId: string;
  positions?: string[];
  password?: string;
  assignments?: AssignmentValue[];
}

export interface PositionOption {
  value: string;
  label: string;
}

interface Props {
  open: boolean;
  /** The user being edited, or undefined to create one. */
  user?: UserRow;
  roles: RoleOption[];
  rolesLoading: boolean;
  positions: PositionOption[];
  onOpenChange: (open: boolean) => void;
  onCreated: (result: { user: UserRow; issuedPassword: string }) => void;
  onSaved: (user: UserRow) => void;
}

const usernamePattern = /^[A-Za-z0-9._-]{3,32}$/;

const blank = (value: string | undefined) => !value || value.trim() === '';

/** Creates a user, or edits one with its role grants. Fails keep the drawer open with the input. */
export function UserForm({ open, user, roles, rolesLoading, positions, onOpenChange, onCreated, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const editing = !!user;

  const initialValues: Partial<Values> = user
    ? {
        name: user.name,
        extension: user.extension ?? undefined,
        orgId: user.orgId,
        positions: user.positions,
        assignments: user.assignments.map(toAssignmentValue),
      }
    : { positions: [], assignments: [] };

  const submit = async (values: Values): Promise<boolean> => {
    const assignments = (values.assignments ?? []).map(toAssignmentBody);
    const mobile = blank(values.mobile) ? undefined : (normaliseMobile(values.mobile as string) ?? values.mobile);
    const email = blank(values.email) ? undefined : values.email?.trim();
    // Cleared on edit: null removes the extension; on create, blank means none.
    const extension = blank(values.extension) ? (user?.extension ? null : undefined) : values.extension?.trim();
    try {
      if (user) {
        const body: UpdateUserBody = {
          name: values.name.trim(),
          orgId: values.orgId,
          positions: values.positions ?? [],
          assignments,
          ...(mobile !== undefined ? { mobile } : {}),
          ...(email !== undefined ? { email } : {}),
          ...(extension !== undefined ? { extension } : {}),
        };
        const saved = await unwrap(api.PUT('/api/users/{id}', { params: { path: { id: user.id } }, body }));
        message.success(t('users:message.saved'));
        onSaved(saved);
      } else {
        const body: CreateUserBody = {
          username: (values.username ?? '').trim(),
          name: values.name.trim(),
          orgId: values.orgId,
          positions: values.positions ?? [],
          assignments,
          ...(mobile !== undefined ? { mobile } : {}),
          ...(email !== undefined ? { email } : {}),
          ...(extension ? { extension } : {}),
          ...(blank(values.password) ? {} : { password: values.password }),
        };
        const created = await unwrap(api.POST('/api/users', { body }));
        message.success(t('users:message.created'));
        onCreated(created);
      }
      return true;
    } catch (e) {
      showProblem(message, e, formRef.current);
      return false;
    }
  };

  return (
    <DrawerForm<Values>
      formRef={formRef}
      open={open}
      onOpenChange={onOpenChange}
      title={editing ? t('users:form.editTitle', { name: user.name }) : t('users:form.createTitle')}
      width={720}
      layout="vertical"
      initialValues={initialValues}
      drawerProps={{ destroyOnHidden: true, maskClosable: false }}
      submitter={{
        searchConfig: {
          submitText: editing ? t('users:form.submitSave') : t('users:form.submitCreate'),
          resetText: t('common:cancel'),
        },
      }}
      scrollToFirstError
      onFinish={submit}
    >
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('users:form.basic')}
      </Typography.Title>
      <Row gutter={16}>
        {!editing && (
          <Col xs={24} sm={12}>
            <ProFormText
              name="username"
              label={t('users:form.username')}
              placeholder={t('users:form.usernamePlaceholder')}
              fieldProps={{ autoComplete: 'off', maxLength: 32 }}
              rules={[
                { required: true, message: t('users:form.usernameRequired') },
                { pattern: usernamePattern, message: t('users:form.usernameFormat') },
              ]}
            />
          </Col>
        )}
        <Col xs={24} sm={12}>
          <ProFormText
            name="name"
            label={t('users:form.name')}
            placeholder={t('users:form.namePlaceholder')}
            fieldProps={{ maxLength: 40 }}
            rules={[{ required: true, whitespace: true, message: t('users:form.nameRequired') }]}
          />
        </Col>
        <Col xs={24} sm={12}>
          <ProFormText
            name="mobile"
            label={t('users:form.mobile')}
            placeholder={
              editing
                ? user.mobile
                  ? t('users:form.mobileKeep', { mobile: user.mobile })
                  : t('users:form.mobileKeepEmpty')
                : t('users:form.mobilePlaceholder')
            }
            fieldProps={{ autoComplete: 'off', maxLength: 30 }}
            rules={[
              {
                validator: (_, value: string | undefined) =>
                  blank(value) || normaliseMobile(value as string)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('users:form.mobileInvalid'))),
              },
            ]}
          />
        </Col>
        <Col xs={24} sm={12}>
          <ProFormText
            name="email"
            label={t('users:form.email')}
            placeholder={
              editing && user.email
                ? t('users:form.emailKeep', { email: user.email })
                : t('users:form.emailPlaceholder')
            }
            fieldProps={{ autoComplete: 'off', maxLength: 120 }}
            rules={[{ type: 'email', message: t('users:form.emailInvalid') }]}
          />
        </Col>
        <Col xs={24} sm={12}>
          <ProFormText
            name="extension"
            label={t('users:form.extension')}
            placeholder={t('users:form.extensionPlaceholder')}
            tooltip={t('users:form.extensionHelp')}
            fieldProps={{ autoComplete: 'off', maxLength: 10 }}
            rules={[{ pattern: /^\d{2,10}$/, message: t('users:form.extensionFormat') }]}
          />
        </Col>
        <Col xs={24} sm={12}>
          <ProForm.Item
            name="orgId"
            label={t('users:form.org')}
            rules={[{ required: true, message: t('users:form.orgRequired') }]}
          >
            <OrgTreeSelect />
          </ProForm.Item>
        </Col>
        <Col xs={24} sm={12}>
          <ProFormSelect
            name="positions"
            label={t('users:form.positions')}
            placeholder={t('users:form.positionsPlaceholder')}
            options={positions}
            fieldProps={{ mode: 'tags', maxTagCount: 'responsive', tokenSeparators: [',', '，'] }}
          />
        </Col>
        {!editing && (
          <Col xs={24} sm={12}>
            <ProFormText.Password
              name="password"
              label={t('users:form.password')}
              placeholder={t('users:form.passwordPlaceholder')}
              extra={t('users:form.passwordExtra')}
              fieldProps={{ autoComplete: 'new-password' }}
              rules={[{ min: 8, message: t('users:form.passwordTooShort') }]}
            />
          </Col>
        )}
      </Row>
      <Divider style={{ margin: '8px 0 16px' }} />
      <Typography.Title level={5}>{t('users:form.assignments')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('users:form.assignmentsExtra')}</Typography.Paragraph>
      <AssignmentsEditor roles={roles} rolesLoading={rolesLoading} />
    </DrawerForm>
  );
}
