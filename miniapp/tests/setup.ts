import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

// Build-time flags that Taro's webpack build defines and its runtime reads.
Object.assign(globalThis, {
  ENABLE_INNER_HTML: true,
  ENABLE_ADJACENT_HTML: false,
  ENABLE_SIZE_APIS: false,
  ENABLE_TEMPLATE_CONTENT: false,
  ENABLE_CLONE_NODE: false,
  ENABLE_CONTAINS: false,
  ENABLE_MUTATION_OBSERVER: false,
  DEPRECATED_ADAPTER_COMPONENT: false,
  API_BASE: '',
});

// Chinese first: the pages are checked in the language most of their users read.
Object.defineProperty(navigator, 'language', { value: 'zh-CN', configurable: true });

afterEach(() => {
  cleanup();
  localStorage.clear();
});
