/** The marketer's priority presets; any positive number is accepted as well. */
export const priorityPresets = { high: 3, medium: 2, low: 1 } as const;

export type PriorityPreset = keyof typeof priorityPresets;
export type PriorityWeight = number | PriorityPreset;

export function resolvePriorityWeight(weight: PriorityWeight): number {
  return typeof weight === 'number' ? weight : priorityPresets[weight];
}
