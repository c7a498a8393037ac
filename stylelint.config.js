/**
 * Layout follows the reading direction: logical properties only (margin-inline-start, not
 * margin-left), so Arabic flips without a single RTL override.
 */
const SIDES = ['left', 'right'];
const message = 'Use the logical property (inline-start / inline-end), so right-to-left layouts flip.';

export default {
  rules: {
    'property-disallowed-list': [
      [
        ...SIDES,
        ...SIDES.flatMap((side) => [
          `margin-${side}`,
          `padding-${side}`,
          `border-${side}`,
          `border-${side}-width`,
          `border-${side}-color`,
          `border-${side}-style`,
          `scroll-margin-${side}`,
          `scroll-padding-${side}`,
          `border-top-${side}-radius`,
          `border-bottom-${side}-radius`,
        ]),
      ],
      { message },
    ],
    'declaration-property-value-disallowed-list': [
      {
        float: SIDES,
        clear: SIDES,
        'text-align': SIDES,
        // four values name the right and left sides separately
        '/^(margin|padding|inset|border-width|border-color|border-style|border-radius)$/': [/^\S+\s+\S+\s+\S+\s+\S+$/],
      },
      { message },
    ],
  },
};
