/** The type of an event with no usable value at its source's type path (engine and UI alike). */
export const UNKNOWN_TYPE = 'unknown'
