import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Form, Radio, Row, Select, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../app/session';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { ProjectSelect } from '../../../components/ProjectSelect';
import type { AssignmentValue, ScopeKind } from './types';

export interface RoleOption {
  id: string;
  code: string;
  name: string;
}

const scopeOrgKinds = ['company', 'project_office'] as const;

function AssignmentCard({
  name,
  index,
  roles,
  rolesLoading,
  onRemove,
}: {
  name: number;
  index: number;
  roles: RoleOption[];
  rolesLoading: boolean;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const form = Form.useFormInstance();
  const scopeKind: ScopeKind | undefined = Form.useWatch(['assignments', name, 'scopeKind'], form);
  const mayGrantAll = !!me?.scope.all;

  return (
    <Card
      size="small"
      type="inner"
      title={t('users:form.assignmentTitle', { index: index + 1 })}
      extra={
        <Button type="text" danger size="small" icon={<DeleteOutlined />} onClick={onRemove}>
          {t('users:form.removeAssignment')}
        </Button>
      }
      style={{ marginBottom: 12 }}
      styles={{ body: { paddingBottom: 0 } }}
      data-testid={`assignment-${index}`}
    >
      <Row gutter={16}>
        <Col xs={24} sm={10}>
          <Form.Item
            name={[name, 'roleId']}
            label={t('users:form.role')}
            rules={[{ required: true, message: t('users:form.roleRequired') }]}
          >
            <Select
              showSearch
              loading={rolesLoading}
              optionFilterProp="label"
              placeholder={t('users:form.roleRequired')}
              options={roles.map((r) => ({ value: r.id, label: r.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item name={[name, 'scopeKind']} label={t('users:form.scopeKind')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid">
              <Tooltip title={mayGrantAll ? undefined : t('users:form.scopeAllNotAllowed')}>
                <Radio.Button value="all" disabled={!mayGrantAll}>
                  {t('users:scope.all')}
                </Radio.Button>
              </Tooltip>
              <Radio.Button value="org">{t('users:scope.org')}</Radio.Button>
              <Radio.Button value="projects">{t('users:scope.projects')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
        </Col>
      </Row>
      {scopeKind === 'org' && (
        <Form.Item
          name={[name, 'scopeOrgId']}
          label={t('users:form.scopeOrg')}
          rules={[{ required: true, message: t('users:form.scopeOrgRequired') }]}
        >
          <OrgTreeSelect selectableKinds={[...scopeOrgKinds]} placeholder={t('users:form.scopeOrgPlaceholder')} />
        </Form.Item>
      )}
      {scopeKind === 'projects' && (
        <Form.Item
          name={[name, 'scopeProjectIds']}
          label={t('users:form.scopeProjects')}
          rules={[{ required: true, type: 'array', min: 1, message: t('users:form.scopeProjectsRequired') }]}
        >
          <ProjectSelect mode="multiple" maxTagCount="responsive" />
        </Form.Item>
      )}
    </Card>
  );
}

/** The role grants of a user: each a role plus the data scope it applies to. */
export function AssignmentsEditor({ roles, rolesLoading }: { roles: RoleOption[]; rolesLoading: boolean }) {
  const { t } = useTranslation();
  const fresh: AssignmentValue = { scopeKind: 'projects', scopeProjectIds: [] };
  return (
    <Form.List name="assignments">
      {(fields, { add, remove }) => (
        <>
          {fields.length === 0 && (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={t('users:form.noAssignments')}
              style={{ margin: '8px 0 16px' }}
            />
          )}
          {fields.map((field, index) => (
            <AssignmentCard
              key={field.key}
              name={field.name}
              index={index}
              roles={roles}
              rolesLoading={rolesLoading}
              onRemove={() => remove(field.name)}
            />
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add(fresh)} data-testid="add-assignment">
            {t('users:form.addAssignment')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
