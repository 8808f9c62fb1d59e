// Task states as the engine reports them: one byte per task, indexing this list.

/** State names indexed by the engine's state byte. */
export const STATE_NAMES = ['waiting', 'ready', 'running', 'done', 'failed'];
