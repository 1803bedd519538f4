import { useEffect, useState } from 'react';
import { DEFAULT_CLIENT_CONFIG, type ClientConfig } from '@calorie-bank/shared/client-config';
import { contract } from './client';

let current: ClientConfig = DEFAULT_CLIENT_CONFIG;
let loading: Promise<ClientConfig> | null = null;

/** The deployment's configuration as far as it is known: the contract's defaults until the BFF has answered. */
export function clientConfig(): ClientConfig {
  return current;
}

/**
 * Asks the BFF for its configuration once per session. Until it answers (or when it cannot), the
 * defaults stand in, and a later call asks again.
 */
export function loadClientConfig(): Promise<ClientConfig> {
  loading ??= contract.clientConfig().then(
    (config) => (current = config),
    () => {
      loading = null;
      return current;
    },
  );
  return loading;
}

/** The deployment's configuration for a component: the defaults at first, the BFF's once it has answered. */
export function useClientConfig(): ClientConfig {
  const [config, setConfig] = useState(current);
  useEffect(() => {
    let mounted = true;
    void loadClientConfig().then((loaded) => {
      if (mounted) setConfig(loaded);
    });
    return () => {
      mounted = false;
    };
  }, []);
  return config;
}
