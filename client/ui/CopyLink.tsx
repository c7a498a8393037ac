import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A one-time link shown read-only, with a button that copies it. */
export function CopyLink({ label, link }: { label: string; link: string }) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // clipboard refused (e.g. not a secure context): the text stays selected for Ctrl+C
      setCopied(false);
    }
  };

  return (
    <div className="copy-link">
      <label htmlFor={id}>{label}</label>
      <div className="copy-link-row">
        <input
          id={id}
          ref={input}
          type="text"
          dir="ltr"
          readOnly
          value={link}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={() => void copy()}>
          {t('common.copy')}
        </button>
      </div>
      <p className="muted" role="status">
        {copied ? t('common.copied') : ''}
      </p>
    </div>
  );
}
