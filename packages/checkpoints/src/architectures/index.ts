import { UnsupportedError } from '@anyk/core';
import type { ArchitectureLayout } from './architecture-layout.ts';
import { ConfigReader } from './config-reader.ts';
import { deepSeekV3Layout } from './deepseek-v3.ts';
import { longcatFlashLayout } from './longcat-flash.ts';
import { mixtralLayout } from './mixtral.ts';
import { olmoeLayout } from './olmoe.ts';
import { qwenMoeLayout } from './qwen-moe.ts';

export type { ArchitectureLayout, FfnTensorNames, MoeTensorNames } from './architecture-layout.ts';
export { expectedMoeShapes } from './architecture-layout.ts';
export { ConfigReader } from './config-reader.ts';

const layouts: Readonly<Record<string, (config: ConfigReader) => ArchitectureLayout>> = {
  mixtral: mixtralLayout,
  qwen2_moe: (config) => qwenMoeLayout(config, 'qwen2_moe'),
  qwen3_moe: (config) => qwenMoeLayout(config, 'qwen3_moe'),
  olmoe: olmoeLayout,
  deepseek_v3: deepSeekV3Layout,
  longcat_flash: longcatFlashLayout,
};

/** The `model_type`s this package reads. */
export const supportedModelTypes: readonly string[] = Object.keys(layouts);

/** Maps a parsed `config.json` to its architecture's layout; an unknown `model_type` is `UnsupportedError`. */
export function architectureLayout(config: Readonly<Record<string, unknown>>): ArchitectureLayout {
  const modelType = config.model_type;
  const layout = typeof modelType === 'string' ? layouts[modelType] : undefined;
  if (!layout)
    throw new UnsupportedError(
      `model_type ${JSON.stringify(modelType)}`,
      `@anyk/checkpoints reads ${supportedModelTypes.join(', ')}`,
    );
  return layout(new ConfigReader(config));
}
