// Task states as the engine reports them (one byte per task), and their colours.

/** State names indexed by the engine's state byte. */
export const STATE_NAMES = ['waiting', 'ready', 'running', 'done', 'failed'];

/** Fill colour per state byte: grey waiting, light blue ready, amber running, green done, red failed. */
export const STATE_COLORS = ['#e4e7ec', '#b9d4f7', '#f5b942', '#5cb85c', '#d9534f'];
