import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { CheckboxField } from '../components/fields';
import { useT } from '../i18n';
import { forgetReceipt, rememberReceipt } from '../lib/receipts';
import { setPendingReceipt } from './receiptHandoff';

/** Shown once, right after an anonymous gripe was sent. */
export function ReceiptShown({ code, reference }: { code: string; reference: string }) {
  const { t } = useT();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const [remember, setRemember] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  function download() {
    const text = t('receiptShown.fileText', {
      reference,
      code,
      url: `${location.origin}/receipt`,
    });
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = t('receiptShown.fileName');
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function onRemember(checked: boolean) {
    setRemember(checked);
    if (checked) rememberReceipt({ reference, code });
    else forgetReceipt(reference);
  }

  return (
    <Page title={t('receiptShown.title')} lead={t('receiptShown.sent', { reference })}>
      <div class="card receipt-card">
        <p class="alert alert-warning">{t('receiptShown.once')}</p>
        <p class="receipt-label" id="receipt-label">
          {t('receiptShown.codeLabel')}
        </p>
        <p class="receipt-code" aria-labelledby="receipt-label" data-testid="receipt-code">
          {code}
        </p>
        <div class="button-row">
          <button type="button" class="button" onClick={copy}>
            {t('receiptShown.copy')}
          </button>
          <button type="button" class="button" onClick={download}>
            {t('receiptShown.download')}
          </button>
        </div>
        <p role="status" class="hint">
          {copied === 'yes' && t('receiptShown.copied')}
          {copied === 'failed' && t('receiptShown.copyFailed')}
        </p>
        <CheckboxField
          id="remember"
          label={t('receiptShown.remember')}
          hint={t('receiptShown.rememberExplain')}
          checked={remember}
          onChecked={onRemember}
        />
        <div class="button-row">
          <a
            class="button button-primary"
            href="/receipt"
            onClick={() => setPendingReceipt(code)}
          >
            {t('receiptShown.openNow')}
          </a>
          <a class="button" href="/">
            {t('receiptShown.confirm')}
          </a>
        </div>
      </div>
    </Page>
  );
}
