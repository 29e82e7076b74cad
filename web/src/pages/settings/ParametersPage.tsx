import {
  AuditOutlined,
  CustomerServiceOutlined,
  FileProtectOutlined,
  IdcardOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import { Alert, Button, Divider, Empty, Result, Skeleton, Space } from 'antd';
import { Fragment, type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { useQueryData } from '../../components/useQueryData';
import { type Parameter, ParameterRow } from './parameters/ParameterRow';

/** The groups in the order they are shown; a group the server adds later is listed after them. */
const knownGroups = ['security', 'customer', 'audit', 'export', 'service'];
const groupIcons: Record<string, ReactNode> = {
  security: <SafetyCertificateOutlined style={{ color: '#1677ff' }} />,
  audit: <AuditOutlined style={{ color: '#722ed1' }} />,
  export: <FileProtectOutlined style={{ color: '#fa8c16' }} />,
  service: <CustomerServiceOutlined style={{ color: '#13a8a8' }} />,
  customer: <IdcardOutlined style={{ color: '#fa8c16' }} />,
};

export default function ParametersPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const canManage = can(access.manageParameters);
  const { data, error, loading, reload } = useQueryData(() => unwrap(api.GET('/api/parameters')), []);
  const [parameters, setParameters] = useState<Parameter[]>([]);

  useEffect(() => {
    if (data) setParameters(data);
  }, [data]);

  const groups = [
    ...knownGroups,
    ...[...new Set(parameters.map((p) => p.group))].filter((g) => !knownGroups.includes(g)),
  ].filter((g) => parameters.some((p) => p.group === g));
  const modified = parameters.filter((p) => !p.isDefault).length;

  let body: ReactNode;
  if (loading && !data) {
    body = (
      <ProCard>
        <Skeleton active paragraph={{ rows: 8 }} />
      </ProCard>
    );
  } else if (error && !data) {
    body = (
      <ProCard>
        <Result
          status="error"
          title={t('parameters:loadFailed')}
          subTitle={error.message}
          extra={<Button onClick={() => void reload()}>{t('parameters:retry')}</Button>}
        />
      </ProCard>
    );
  } else if (groups.length === 0) {
    body = (
      <ProCard>
        <Empty description={t('parameters:empty')} />
      </ProCard>
    );
  } else {
    body = (
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {groups.map((g) => {
          const items = parameters.filter((p) => p.group === g);
          return (
            <ProCard
              key={g}
              title={
                <Space>
                  {groupIcons[g] ?? <SettingOutlined />}
                  {t(`parameters:group.${g}`, { defaultValue: g })}
                </Space>
              }
              subTitle={t(`parameters:groupHint.${g}`, { defaultValue: '' })}
              headerBordered
              bordered
              bodyStyle={{ paddingTop: 0, paddingBottom: 0 }}
            >
              {items.map((p, i) => (
                <Fragment key={p.key}>
                  {i > 0 && <Divider style={{ margin: 0 }} />}
                  <ParameterRow
                    parameter={p}
                    canManage={canManage}
                    onSaved={(updated) =>
                      setParameters((prev) => prev.map((x) => (x.key === updated.key ? updated : x)))
                    }
                  />
                </Fragment>
              ))}
            </ProCard>
          );
        })}
      </Space>
    );
  }

  return (
    <PageContainer title={t('parameters:title')} content={t('parameters:subtitle')}>
      {data && (
        <Alert
          style={{ marginBottom: 16 }}
          type={modified > 0 ? 'warning' : 'info'}
          showIcon
          message={modified > 0 ? t('parameters:summaryModified', { count: modified }) : t('parameters:summaryDefault')}
          description={canManage ? undefined : t('parameters:readOnly')}
        />
      )}
      {body}
    </PageContainer>
  );
}
