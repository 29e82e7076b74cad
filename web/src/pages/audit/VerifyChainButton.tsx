import { SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button, Modal, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { errorText } from '../../components/problem';
import type { ChainReport } from './labels';

/** 校验哈希链: recomputes every entry's hash on the server and reports where the chain breaks, if it does. */
export function VerifyChainButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [loading, setLoading] = useState(false);
  const [report, setReport] = useState<ChainReport | null>(null);

  const verify = async () => {
    setLoading(true);
    try {
      setReport(await unwrap(api.GET('/api/audit/verify')));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setLoading(false);
    }
  };

  let result = null;
  if (report) {
    if (report.ok && report.checked === 0) {
      result = <Result status="info" title={t('audit:verify.emptyTitle')} subTitle={t('audit:verify.empty')} />;
    } else if (report.ok) {
      result = (
        <Result
          status="success"
          title={t('audit:verify.okTitle')}
          subTitle={t('audit:verify.ok', {
            count: report.checked,
            first: report.firstSeq ?? '-',
            last: report.lastSeq ?? '-',
          })}
        />
      );
    } else {
      result = (
        <Result
          status="error"
          title={t('audit:verify.brokenTitle')}
          subTitle={
            <>
              <div>{t('audit:verify.broken', { seq: report.broken?.seq ?? '-', checked: report.checked })}</div>
              <div>
                {report.broken?.reason === 'prev_hash'
                  ? t('audit:verify.reasonPrevHash')
                  : t('audit:verify.reasonHash')}
              </div>
            </>
          }
        />
      );
    }
  }

  return (
    <>
      <Button icon={<SafetyCertificateOutlined />} loading={loading} onClick={() => void verify()}>
        {t('audit:verify.button')}
      </Button>
      <Modal
        open={!!report}
        title={t('audit:verify.title')}
        onCancel={() => setReport(null)}
        footer={
          <Button type="primary" onClick={() => setReport(null)}>
            {t('audit:verify.close')}
          </Button>
        }
        width={520}
      >
        {result}
      </Modal>
    </>
  );
}
