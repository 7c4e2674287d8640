/**
 * Where an import's problems are said: the Dataset panel's file picker, the message under it and
 * the "Label column" chooser, one block; or, for a refused switch, the preview's foot. The alerts'
 * pointer and the panel itself (when an import is refused) bring them into view.
 */

/** The file input "Import dataset files". */
export const DATASET_INPUT_ID = 'dataset-import-files';
/** The block around it: the picker, the import's message and the label-column chooser. */
export const DATASET_IMPORT_ID = 'dataset-import';
/** The import's message (focused instead of the picker while the picker is disabled). */
export const DATASET_MESSAGE_ID = 'dataset-import-message';
/** The preview's foot: why "Use this dataset" was refused, and the button itself. */
export const DATASET_SWITCH_ID = 'dataset-import-switch';
export const DATASET_SWITCH_MESSAGE_ID = 'dataset-import-switch-message';
export const DATASET_USE_BUTTON_ID = 'dataset-import-use';

/**
 * Brings the import's problem into view (below the sticky run bar: the CSS sets scroll margins) with
 * focus on the control it is about: a refused switch's message with "Use this dataset"; otherwise
 * the picker's block with the picker, unless focus is already in the block (on the chooser the user
 * just used).
 */
export function revealDatasetImport(): void {
  if (document.getElementById(DATASET_SWITCH_MESSAGE_ID)) {
    document.getElementById(DATASET_USE_BUTTON_ID)?.focus({ preventScroll: true });
    document.getElementById(DATASET_SWITCH_ID)?.scrollIntoView({ block: 'nearest' });
    return;
  }
  const block = document.getElementById(DATASET_IMPORT_ID);
  if (!block) return;
  if (!block.contains(document.activeElement)) {
    const input = document.getElementById(DATASET_INPUT_ID);
    const target = input instanceof HTMLInputElement && !input.disabled ? input : document.getElementById(DATASET_MESSAGE_ID);
    target?.focus({ preventScroll: true });
  }
  block.scrollIntoView({ block: 'nearest' });
}
