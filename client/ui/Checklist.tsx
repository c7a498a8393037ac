import type { ReactNode } from 'react';

/** A fieldset of checkboxes choosing a set of values (languages, people …). */
export function Checklist<T extends string>({
  legend,
  hint,
  items,
  selected,
  onChange,
}: {
  legend: string;
  hint?: string;
  items: { value: T; label: ReactNode }[];
  selected: readonly T[];
  onChange: (next: T[]) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {hint && <p className="muted">{hint}</p>}
      <div className="checkbox-grid">
        {items.map(({ value, label }) => (
          <label key={value} className="checkbox">
            <input
              type="checkbox"
              checked={selected.includes(value)}
              onChange={(e) => onChange(e.target.checked ? [...selected, value] : selected.filter((v) => v !== value))}
            />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
