/** The id of the "Run sweep" button: the run bar gives focus back to it when a sweep ends. */
export const SWEEP_BUTTON_ID = 'sweep-run-button';
