import { useTranslation } from 'react-i18next';
import { PRIORITY_KINDS, PRIORITY_STATUSES } from '../../shared/plans/schemas';
import { SelectField } from '../ui/SelectField';

type Option = readonly [value: string, text: string];

/** A filter over priorities: "All" (the empty value), then one option per value. */
export function FilterSelect(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
}) {
  const { t } = useTranslation();
  return (
    <SelectField label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      <option value="">{t('plans.all')}</option>
      {props.options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </SelectField>
  );
}

/** The kind and status filters every priority list offers, with labels in the reader's language. */
export function KindAndStatusFilters(props: {
  kind: string;
  status: string;
  onKind: (value: string) => void;
  onStatus: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FilterSelect
        label={t('plans.kind')}
        value={props.kind}
        onChange={props.onKind}
        options={PRIORITY_KINDS.map((k) => [k, t(`plans.kinds.${k}`)] as const)}
      />
      <FilterSelect
        label={t('plans.status')}
        value={props.status}
        onChange={props.onStatus}
        options={PRIORITY_STATUSES.map((s) => [s, t(`plans.statuses.${s}`)] as const)}
      />
    </>
  );
}
