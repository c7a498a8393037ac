import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../shared/schemas/invitations';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  /** Shows the length rule under the field (once per form is enough). */
  hint?: boolean;
}

/** A field for choosing a password, with the rule the server checks. */
export function NewPasswordField({ label, value, onChange, hint = true }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const tooShort = value.length > 0 && [...value].length < PASSWORD_MIN_LENGTH;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        maxLength={PASSWORD_MAX_LENGTH}
        aria-describedby={hint ? `${id}-hint` : undefined}
        aria-invalid={tooShort}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {t('password.hint', { min: PASSWORD_MIN_LENGTH })}
        </p>
      )}
    </div>
  );
}

/** True when a new password meets the length rule (the server checks the rest). */
export function longEnough(password: string): boolean {
  return [...password].length >= PASSWORD_MIN_LENGTH;
}
