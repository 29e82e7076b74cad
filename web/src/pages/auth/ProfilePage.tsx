import { PageContainer, ProDescriptions } from '@ant-design/pro-components';
import { Button, Card, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session';

export default function ProfilePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  if (!me) return null;
  return (
    <PageContainer title={t('common:profile.title')}>
      <Card>
        <ProDescriptions column={2} bordered size="small">
          <ProDescriptions.Item label={t('common:profile.name')}>{me.name}</ProDescriptions.Item>
          <ProDescriptions.Item label={t('common:profile.username')}>{me.username}</ProDescriptions.Item>
          <ProDescriptions.Item label={t('common:profile.mobile')}>{me.mobile ?? '-'}</ProDescriptions.Item>
          <ProDescriptions.Item label={t('common:profile.extension')}>
            <span data-testid="profile-extension">{me.extension ?? t('common:profile.noExtension')}</span>
          </ProDescriptions.Item>
          <ProDescriptions.Item label={t('common:profile.org')}>{me.orgName}</ProDescriptions.Item>
          <ProDescriptions.Item label={t('common:profile.roles')}>
            <Space wrap>
              {me.roles.map((r) => (
                <Tag color="blue" key={r.code}>
                  {r.name}
                </Tag>
              ))}
            </Space>
          </ProDescriptions.Item>
          <ProDescriptions.Item label={t('common:profile.scope')}>
            {me.scope.all ? (
              <Tag color="gold">{t('common:profile.scopeAll')}</Tag>
            ) : (
              <Space wrap>
                {me.scope.orgs.map((o) => (
                  <Tag key={o.id}>{o.name}</Tag>
                ))}
                {me.scope.projects.map((p) => (
                  <Tag key={p.id} color="green">
                    {p.name}
                  </Tag>
                ))}
              </Space>
            )}
          </ProDescriptions.Item>
        </ProDescriptions>
        <Button style={{ marginTop: 16 }} onClick={() => navigate('/change-password')}>
          {t('common:userMenu.changePassword')}
        </Button>
      </Card>
    </PageContainer>
  );
}
