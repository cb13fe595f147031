
const EXPERTS: u32 = 7u;
const BLOCK: u32 = 16u;
const TILE_M: u32 = 32u;
const TILE_OFFSET: u32 = 8u;
const TILE_EXPERT: u32 = 16u;
const UP_COLUMN_TILES: u32 = 3u;
const DOWN_COLUMN_TILES: u32 = 1u;
const FOLD: u32 = 65535u;

struct Params {
  tokens: u32,
  count0: u32,
  count1: u32,
  count2: u32,
  scalar0: f32,
  scalar1: f32,
  pad0: f32,
  pad1: f32,
}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> blockCounts: array<u32>;
@group(0) @binding(2) var<storage, read_write> planMeta: array<u32>;
@group(0) @binding(3) var<storage, read_write> dispatchArgs: array<u32>;

fn write_grid(offset: u32, groups: u32) {
  dispatchArgs[offset] = min(groups, FOLD);
  dispatchArgs[offset + 1u] = select(1u, (groups + FOLD - 1u) / FOLD, groups > 0u);
  dispatchArgs[offset + 2u] = 1u;
}

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) lid: vec3<u32>) {
  let blocks = (params.tokens + BLOCK - 1u) / BLOCK;
  for (var e = lid.x; e < EXPERTS; e += 256u) {
    var running = 0u;
    for (var b = 0u; b < blocks; b++) {
      let count = blockCounts[b * EXPERTS + e];
      blockCounts[b * EXPERTS + e] = running;
      running += count;
    }
    planMeta[e + 1u] = running;
  }
  storageBarrier();
  workgroupBarrier();
  if (lid.x == 0u) {
    planMeta[0] = 0u;
    planMeta[TILE_OFFSET] = 0u;
    var tiles = 0u;
    for (var e = 0u; e < EXPERTS; e++) {
      let count = planMeta[e + 1u];
      planMeta[e + 1u] = planMeta[e] + count;
      let expertTiles = (count + TILE_M - 1u) / TILE_M;
      for (var i = 0u; i < expertTiles; i++) { planMeta[TILE_EXPERT + tiles + i] = e; }
      tiles += expertTiles;
      planMeta[TILE_OFFSET + e + 1u] = tiles;
    }
    write_grid(0u, tiles * UP_COLUMN_TILES);
    write_grid(3u, tiles * DOWN_COLUMN_TILES);
  }
  storageBarrier();
  workgroupBarrier();
  for (var e = lid.x; e < EXPERTS; e += 256u) {
    let base = planMeta[e];
    for (var b = 0u; b < blocks; b++) { blockCounts[b * EXPERTS + e] += base; }
  }
}
