import { ModalForm, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { App, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { paths } from '../../../api/schema';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { CODE_PATTERN, errorText } from '../../../components/problem';

export type Project = paths['/api/projects/{id}']['get']['responses'][200]['content']['application/json'];

/** The zones offered by default; a project already on another zone keeps it as an option. */
export const commonTimeZones = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei', 'Asia/Urumqi'];

interface Values {
  name: string;
  code: string;
  orgId: string;
  timeZone: string;
  address?: string;
}

/** 新建项目 / 编辑项目. `project` undefined means a new one. */
export function ProjectForm({
  open,
  project,
  onClose,
  onSaved,
}: {
  open: boolean;
  project?: Project;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const zones =
    project && !commonTimeZones.includes(project.timeZone) ? [...commonTimeZones, project.timeZone] : commonTimeZones;

  return (
    <ModalForm<Values>
      key={project?.id ?? 'new'}
      title={project ? t('projects:form.editTitle') : t('projects:form.createTitle')}
      open={open}
      width={600}
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
        project
          ? {
              name: project.name,
              code: project.code,
              orgId: project.orgId,
              timeZone: project.timeZone,
              address: project.address ?? '',
            }
          : { timeZone: 'Asia/Shanghai' }
      }
      onFinish={async (values) => {
        const body = {
          name: values.name.trim(),
          code: values.code.trim(),
          orgId: values.orgId,
          timeZone: values.timeZone,
          address: values.address?.trim() || null,
        };
        try {
          if (project) {
            await unwrap(api.PUT('/api/projects/{id}', { params: { path: { id: project.id } }, body }));
            message.success(t('projects:message.updated'));
          } else {
            await unwrap(api.POST('/api/projects', { body }));
            message.success(t('projects:message.created'));
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
        name="name"
        label={t('projects:field.name')}
        placeholder={t('projects:form.namePlaceholder')}
        fieldProps={{ maxLength: 60, showCount: true }}
        rules={[{ required: true, whitespace: true, message: t('projects:form.nameRequired') }]}
      />
      <ProFormText
        name="code"
        label={t('projects:field.code')}
        placeholder={t('projects:form.codePlaceholder')}
        fieldProps={{ maxLength: 40 }}
        rules={[
          { required: true, whitespace: true, message: t('projects:form.codeRequired') },
          { pattern: CODE_PATTERN, message: t('projects:form.codeFormat') },
        ]}
      />
      <Form.Item
        name="orgId"
        label={t('projects:field.org')}
        extra={project ? t('projects:form.orgHelpEdit') : t('projects:form.orgHelp')}
        rules={[{ required: true, message: t('projects:form.orgRequired') }]}
      >
        <OrgTreeSelect selectableKinds={['company', 'project_office']} />
      </Form.Item>
      <ProFormSelect
        name="timeZone"
        label={t('projects:field.timeZone')}
        allowClear={false}
        options={zones.map((z) => ({ value: z, label: t(`projects:timeZone.${z}`, { defaultValue: z }) }))}
        rules={[{ required: true, message: t('projects:form.timeZoneRequired') }]}
      />
      <ProFormTextArea
        name="address"
        label={t('projects:field.address')}
        placeholder={t('projects:form.addressPlaceholder')}
        fieldProps={{ maxLength: 200, showCount: true, autoSize: { minRows: 2, maxRows: 4 } }}
      />
    </ModalForm>
  );
}
