/** A large numeric keypad for gloved fingers; it edits a digit string held by the caller. */
export interface KeypadProps {
  value: string;
  maxLength: number;
  onChange: (value: string) => void;
  clearLabel: string;
  deleteLabel: string;
}

export function Keypad({ value, maxLength, onChange, clearLabel, deleteLabel }: KeypadProps) {
  const press = (digit: string) => value.length < maxLength && onChange(value + digit);
  return (
    <div class="keypad">
      {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
        <button type="button" key={d} class="key" onClick={() => press(d)}>
          {d}
        </button>
      ))}
      <button type="button" class="key key-fn" onClick={() => onChange('')}>
        {clearLabel}
      </button>
      <button type="button" class="key" onClick={() => press('0')}>
        0
      </button>
      <button type="button" class="key key-fn" aria-label={deleteLabel} onClick={() => onChange(value.slice(0, -1))}>
        ⌫
      </button>
    </div>
  );
}
