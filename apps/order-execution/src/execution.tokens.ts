export const EXECUTION_CONFIG = Symbol('EXECUTION_CONFIG');
export const EXECUTION_BROKER = Symbol('EXECUTION_BROKER');
export const PAPER_BROKER = Symbol('PAPER_BROKER');
