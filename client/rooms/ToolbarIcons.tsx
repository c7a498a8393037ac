import type { ReactNode } from 'react';

/** Formatting icons drawn on a 24-unit grid; list icons put their markers on the reading side. */
function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const BoldIcon = () => (
  <Icon>
    <path strokeWidth="3" d="M7 5h5.5a3.5 3.5 0 0 1 0 7H7zM7 12h6.5a3.5 3.5 0 0 1 0 7H7z" />
  </Icon>
);

export const ItalicIcon = () => (
  <Icon>
    <path d="M11 5h7M6 19h7M14.5 5l-5 14" />
  </Icon>
);

export const HeadingIcon = () => (
  <Icon>
    <path strokeWidth="2.5" d="M6 5v14M17 5v14M6 12h11" />
  </Icon>
);

const rows = [6, 12, 18];

export const BulletListIcon = ({ rtl }: { rtl: boolean }) => {
  const marker = rtl ? 19 : 5;
  const [from, to] = rtl ? [3, 15] : [9, 21];
  return (
    <Icon>
      {rows.map((y) => (
        <circle key={y} cx={marker} cy={y} r="1.3" fill="currentColor" />
      ))}
      <path d={rows.map((y) => `M${from} ${y}H${to}`).join('')} />
    </Icon>
  );
};

export const OrderedListIcon = ({ rtl }: { rtl: boolean }) => {
  const x = rtl ? 17.5 : 3.5;
  const [from, to] = rtl ? [3, 14] : [10, 21];
  return (
    <Icon>
      <path strokeWidth="1.5" d={`M${x + 1} 4.5l1.2-1v5`} />
      <path strokeWidth="1.5" d={`M${x} 11a1.4 1.4 0 1 1 2.8.3L${x} 15h3`} />
      <path strokeWidth="1.5" d={`M${x} 17.5h2.8l-1.6 1.8a1.5 1.5 0 1 1-1.2 2.4`} />
      <path d={rows.map((y) => `M${from} ${y}H${to}`).join('')} />
    </Icon>
  );
};

export const LinkIcon = () => (
  <Icon>
    <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7" />
    <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />
  </Icon>
);
