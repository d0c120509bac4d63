// A labelled <select> over one of the vocabulary's lists (categories, difficulties, personas),
// optionally with an "any" choice that stands for no value.
export function ChoiceField<T extends string>(props: {
  id: string;
  label: string;
  value: T | undefined;
  options: readonly T[];
  labelOf: (value: T) => string;
  onChange: (value: T | undefined) => void;
  /** Label of an empty first choice ("All categories"); without it a value is required. */
  anyLabel?: string;
  className?: string;
}) {
  const { id, label, value, options, labelOf, onChange, anyLabel, className } = props;
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ""} onChange={(e) => onChange((e.target.value || undefined) as T | undefined)}>
        {anyLabel !== undefined && <option value="">{anyLabel}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {labelOf(o)}
          </option>
        ))}
      </select>
    </div>
  );
}
