/** The injection token of the configured API keys (an ApiKeyRing). */
export const API_KEY_RING = Symbol('API_KEY_RING');
