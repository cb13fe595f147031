import { BackendUnavailableError } from '@anyk/core';

/**
 * Loads a classic (non-module) script such as a UMD bundle and resolves once it ran. The peers' prebuilt
 * bundles load this way, as an app's `<script>` tag would load them, so Vite never rewrites them.
 */
export function loadClassicScript(url: string, owner: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = () => resolve();
    script.onerror = () => reject(new BackendUnavailableError(owner, `could not load ${url}`));
    document.head.append(script);
  });
}
