import { Alert, App, Form, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ProjectSelect } from '../../components/ProjectSelect';
import { errorText } from '../../components/problem';
import type { Calendar } from './shared';

/** 适用项目: the projects that use this calendar instead of their company's default. */
export function ProjectsForm({
  calendar,
  onClose,
  onSaved,
}: {
  calendar: Calendar | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [projectIds, setProjectIds] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setProjectIds(calendar?.projects.map((p) => p.id) ?? []);
  }, [calendar]);

  const save = async () => {
    if (!calendar) return;
    setSaving(true);
    try {
      await unwrap(
        api.PUT('/api/calendars/{calendarId}/projects', {
          params: { path: { calendarId: calendar.id } },
          body: { projectIds },
        }),
      );
      message.success(t('calendar:message.projectsSaved'));
      onSaved();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('calendar:projectsForm.title', { name: calendar?.name ?? '' })}
      open={!!calendar}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t('common:save')}
      cancelText={t('common:cancel')}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ margin: '12px 0 16px' }} message={t('calendar:projectsForm.help')} />
      <Form layout="vertical">
        <Form.Item label={t('calendar:field.projects')}>
          <ProjectSelect
            mode="multiple"
            companyId={calendar?.companyId ?? undefined}
            value={projectIds}
            onChange={(value) => setProjectIds((value as string[] | undefined) ?? [])}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
