export { TOGETHER_CAPABILITIES } from './capabilities.js';
export { createTogetherBackend, type TogetherBackendOptions } from './together-backend.js';
