import { PageContainer, ProCard } from '@ant-design/pro-components';
import { App, Steps, type StepsProps } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorText, showProblem } from '../../components/problem';
import { ImportHistory } from './ImportHistory';
import { ImportRun } from './ImportRun';
import { MappingStep } from './MappingStep';
import { type ImportField, type Mapping, mappingBody } from './mapping';
import { type ImportJob, type ImportMode, type ImportPreview, previewImport, startImport } from './shared';
import { UploadStep } from './UploadStep';

type Step = 0 | 1 | 2;
type Tab = 'import' | 'history';

/** 上传文件 → 核对列对应 → 导入, with the running import kept when the user looks at the history. */
function ImportWizard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [step, setStep] = useState<Step>(0);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('skip-bad-rows');
  const [projectId, setProjectId] = useState<string | undefined>(undefined);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ImportJob['status'] | null>(null);
  // A newer preview (the user changed the mapping again) wins over one still on its way.
  const latest = useRef(0);

  // Each step starts at the top of the page, not where the button of the last one was.
  const go = (next: Step) => {
    setStep(next);
    window.scrollTo({ top: 0 });
  };

  const fieldList = (p: ImportPreview) => p.fields.map((f) => f.field);

  const onNext = async () => {
    if (!file) return;
    // Back from the mapping step with the same file: keep the mapping as the user left it.
    if (preview) {
      if (!preview.needsProject || projectId) go(1);
      return;
    }
    const call = ++latest.current;
    setPreviewing(true);
    setUploadError(null);
    try {
      const next = await previewImport({ file });
      if (call !== latest.current) return;
      setPreview(next);
      // The sheet names no project: ask for one here before going on.
      if (!next.needsProject || projectId) go(1);
    } catch (e) {
      if (call === latest.current) setUploadError(errorText(e));
    } finally {
      if (call === latest.current) setPreviewing(false);
    }
  };

  const onMap = async (field: ImportField, column: number | null) => {
    if (!file || !preview) return;
    const mapping: Mapping = { ...(preview.mapping as Mapping) };
    if (column === null) delete mapping[field];
    else mapping[field] = column;
    const call = ++latest.current;
    setPreviewing(true);
    try {
      const next = await previewImport({ file, mapping: mappingBody(fieldList(preview), mapping) });
      if (call === latest.current) setPreview(next);
    } catch (e) {
      if (call === latest.current) showProblem(message, e);
    } finally {
      if (call === latest.current) setPreviewing(false);
    }
  };

  const onStart = async () => {
    if (!file || !preview) return;
    setStarting(true);
    try {
      const { id } = await startImport({
        file,
        mode,
        mapping: mappingBody(fieldList(preview), preview.mapping as Mapping),
        projectId: preview.needsProject ? projectId : undefined,
      });
      setJobId(id);
      setOutcome(null);
      go(2);
    } catch (e) {
      showProblem(message, e);
    } finally {
      setStarting(false);
    }
  };

  const restart = () => {
    latest.current += 1;
    go(0);
    setFile(null);
    setPreview(null);
    setUploadError(null);
    setJobId(null);
    setOutcome(null);
    setPreviewing(false);
  };

  const chooseFile = (next: File | null) => {
    latest.current += 1;
    setFile(next);
    setPreview(null);
    setUploadError(null);
    setPreviewing(false);
  };

  const status: StepsProps['status'] =
    step === 2 && outcome === 'failed' ? 'error' : step === 2 && outcome === 'done' ? 'finish' : 'process';

  return (
    <ProCard>
      <Steps
        current={step}
        status={status}
        style={{ maxWidth: 880, margin: '0 auto 32px' }}
        items={[
          { title: t('import:step.upload'), description: t('import:step.uploadHelp') },
          { title: t('import:step.mapping'), description: t('import:step.mappingHelp') },
          { title: t('import:step.run'), description: t('import:step.runHelp') },
        ]}
      />
      {step === 0 && (
        <UploadStep
          file={file}
          onFile={chooseFile}
          mode={mode}
          onMode={setMode}
          needsProject={!!preview?.needsProject}
          projectId={projectId}
          onProject={setProjectId}
          error={uploadError}
          loading={previewing}
          onNext={() => void onNext()}
        />
      )}
      {step === 1 && file && preview && (
        <MappingStep
          file={file}
          mode={mode}
          preview={preview}
          loading={previewing}
          starting={starting}
          projectId={projectId}
          onProject={setProjectId}
          onMap={(field, column) => void onMap(field, column)}
          onBack={() => go(0)}
          onStart={() => void onStart()}
        />
      )}
      {step === 2 && jobId && (
        <ImportRun
          id={jobId}
          onRestart={restart}
          onChange={(job) => setOutcome(job.status === 'done' || job.status === 'failed' ? job.status : null)}
        />
      )}
    </ProCard>
  );
}

export default function ImportPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab: Tab = searchParams.get('tab') === 'history' ? 'history' : 'import';
  return (
    <PageContainer
      title={t('import:title')}
      content={t('import:subtitle')}
      tabActiveKey={tab}
      tabList={[
        { key: 'import', tab: t('import:tab.import') },
        { key: 'history', tab: t('import:tab.history') },
      ]}
      onTabChange={(key) => setSearchParams(key === 'history' ? { tab: 'history' } : {}, { replace: true })}
    >
      {/* The wizard stays mounted (hidden) so an import it runs is still there on coming back;
          the history is loaded afresh each time it is shown. */}
      <div style={{ display: tab === 'import' ? undefined : 'none' }}>
        <ImportWizard />
      </div>
      {tab === 'history' && <ImportHistory />}
    </PageContainer>
  );
}
