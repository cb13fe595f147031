
const EXPERTS: u32 = 7u;
const K_MAX: u32 = 2u;
const BLOCK: u32 = 16u;

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
@group(0) @binding(1) var<storage, read> slotExpert: array<i32>;
@group(0) @binding(2) var<storage, read_write> blockBase: array<u32>;
@group(0) @binding(3) var<storage, read_write> rowToken: array<i32>;
@group(0) @binding(4) var<storage, read_write> rowSlot: array<i32>;
@group(0) @binding(5) var<storage, read_write> slotRow: array<i32>;

fn flat_index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * 64u;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let block = flat_index(gid, groups);
  let blocks = (params.tokens + BLOCK - 1u) / BLOCK;
  if (block >= blocks) { return; }
  let end = min(params.tokens, (block + 1u) * BLOCK);
  for (var token = block * BLOCK; token < end; token++) {
    for (var j = 0u; j < K_MAX; j++) {
      let slot = token * K_MAX + j;
      let expert = slotExpert[slot];
      if (expert >= 0 && u32(expert) < EXPERTS) {
        let cursor = block * EXPERTS + u32(expert);
        let row = blockBase[cursor];
        blockBase[cursor] = row + 1u;
        rowToken[row] = i32(token);
        rowSlot[row] = i32(slot);
        slotRow[slot] = i32(row);
      } else {
        slotRow[slot] = -1;
      }
    }
  }
}
