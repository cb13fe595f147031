;; 44191 bytes, sha256 8f6408d41bc7f6fa2e90abaea1ca46b1fab1db1520f9d0b54a5b981abe496de5
(module
  (import "env" "memory" (memory 1 256 shared))
  (func $gemm_f32 (param i32 i32 i32 i32 i32 i32)
    (local v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 i32)
    local.get 5
    if
      local.get 3
      local.set 19
      local.get 19
      v128.load
      local.set 6
      local.get 19
      v128.load offset=16
      local.set 7
      local.get 19
      local.get 4
      i32.add
      local.set 19
      local.get 19
      v128.load
      local.set 8
      local.get 19
      v128.load offset=16
      local.set 9
      local.get 19
      local.get 4
      i32.add
      local.set 19
      local.get 19
      v128.load
      local.set 10
      local.get 19
      v128.load offset=16
      local.set 11
      local.get 19
      local.get 4
      i32.add
      local.set 19
      local.get 19
      v128.load
      local.set 12
      local.get 19
      v128.load offset=16
      local.set 13
      local.get 19
      local.get 4
      i32.add
      local.set 19
      local.get 19
      v128.load
      local.set 14
      local.get 19
      v128.load offset=16
      local.set 15
      local.get 19
      local.get 4
      i32.add
      local.set 19
    else
      v128.const f32x4 0 0 0 0
      local.set 6
      v128.const f32x4 0 0 0 0
      local.set 7
      v128.const f32x4 0 0 0 0
      local.set 8
      v128.const f32x4 0 0 0 0
      local.set 9
      v128.const f32x4 0 0 0 0
      local.set 10
      v128.const f32x4 0 0 0 0
      local.set 11
      v128.const f32x4 0 0 0 0
      local.set 12
      v128.const f32x4 0 0 0 0
      local.set 13
      v128.const f32x4 0 0 0 0
      local.set 14
      v128.const f32x4 0 0 0 0
      local.set 15
    end
    block
      local.get 2
      i32.const 1
      i32.lt_s
      br_if 0
      loop
        local.get 1
        v128.load
        local.set 16
        local.get 1
        v128.load offset=16
        local.set 17
        local.get 0
        v128.load32_splat
        local.set 18
        local.get 18
        local.get 16
        f32x4.mul
        local.get 6
        f32x4.add
        local.set 6
        local.get 18
        local.get 17
        f32x4.mul
        local.get 7
        f32x4.add
        local.set 7
        local.get 0
        v128.load32_splat offset=4
        local.set 18
        local.get 18
        local.get 16
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 18
        local.get 17
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 0
        v128.load32_splat offset=8
        local.set 18
        local.get 18
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 18
        local.get 17
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 0
        v128.load32_splat offset=12
        local.set 18
        local.get 18
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 18
        local.get 17
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 0
        v128.load32_splat offset=16
        local.set 18
        local.get 18
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 18
        local.get 17
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 0
        i32.const 20
        i32.add
        local.set 0
        local.get 1
        i32.const 32
        i32.add
        local.set 1
        local.get 2
        i32.const 1
        i32.sub
        local.set 2
        local.get 2
        i32.const 1
        i32.ge_s
        br_if 0
      end
    end
    local.get 3
    local.set 19
    local.get 19
    local.get 6
    v128.store
    local.get 19
    local.get 7
    v128.store offset=16
    local.get 19
    local.get 4
    i32.add
    local.set 19
    local.get 19
    local.get 8
    v128.store
    local.get 19
    local.get 9
    v128.store offset=16
    local.get 19
    local.get 4
    i32.add
    local.set 19
    local.get 19
    local.get 10
    v128.store
    local.get 19
    local.get 11
    v128.store offset=16
    local.get 19
    local.get 4
    i32.add
    local.set 19
    local.get 19
    local.get 12
    v128.store
    local.get 19
    local.get 13
    v128.store offset=16
    local.get 19
    local.get 4
    i32.add
    local.set 19
    local.get 19
    local.get 14
    v128.store
    local.get 19
    local.get 15
    v128.store offset=16
  )
  (func $gemm_f64 (param i32 i32 i32 i32 i32 i32)
    (local v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 i32)
    local.get 5
    if
      local.get 3
      local.set 17
      local.get 17
      v128.load
      local.set 6
      local.get 17
      v128.load offset=16
      local.set 7
      local.get 17
      local.get 4
      i32.add
      local.set 17
      local.get 17
      v128.load
      local.set 8
      local.get 17
      v128.load offset=16
      local.set 9
      local.get 17
      local.get 4
      i32.add
      local.set 17
      local.get 17
      v128.load
      local.set 10
      local.get 17
      v128.load offset=16
      local.set 11
      local.get 17
      local.get 4
      i32.add
      local.set 17
      local.get 17
      v128.load
      local.set 12
      local.get 17
      v128.load offset=16
      local.set 13
      local.get 17
      local.get 4
      i32.add
      local.set 17
    else
      v128.const f32x4 0 0 0 0
      local.set 6
      v128.const f32x4 0 0 0 0
      local.set 7
      v128.const f32x4 0 0 0 0
      local.set 8
      v128.const f32x4 0 0 0 0
      local.set 9
      v128.const f32x4 0 0 0 0
      local.set 10
      v128.const f32x4 0 0 0 0
      local.set 11
      v128.const f32x4 0 0 0 0
      local.set 12
      v128.const f32x4 0 0 0 0
      local.set 13
    end
    block
      local.get 2
      i32.const 1
      i32.lt_s
      br_if 0
      loop
        local.get 1
        v128.load
        local.set 14
        local.get 1
        v128.load offset=16
        local.set 15
        local.get 0
        v128.load64_splat
        local.set 16
        local.get 16
        local.get 14
        f64x2.mul
        local.get 6
        f64x2.add
        local.set 6
        local.get 16
        local.get 15
        f64x2.mul
        local.get 7
        f64x2.add
        local.set 7
        local.get 0
        v128.load64_splat offset=8
        local.set 16
        local.get 16
        local.get 14
        f64x2.mul
        local.get 8
        f64x2.add
        local.set 8
        local.get 16
        local.get 15
        f64x2.mul
        local.get 9
        f64x2.add
        local.set 9
        local.get 0
        v128.load64_splat offset=16
        local.set 16
        local.get 16
        local.get 14
        f64x2.mul
        local.get 10
        f64x2.add
        local.set 10
        local.get 16
        local.get 15
        f64x2.mul
        local.get 11
        f64x2.add
        local.set 11
        local.get 0
        v128.load64_splat offset=24
        local.set 16
        local.get 16
        local.get 14
        f64x2.mul
        local.get 12
        f64x2.add
        local.set 12
        local.get 16
        local.get 15
        f64x2.mul
        local.get 13
        f64x2.add
        local.set 13
        local.get 0
        i32.const 32
        i32.add
        local.set 0
        local.get 1
        i32.const 32
        i32.add
        local.set 1
        local.get 2
        i32.const 1
        i32.sub
        local.set 2
        local.get 2
        i32.const 1
        i32.ge_s
        br_if 0
      end
    end
    local.get 3
    local.set 17
    local.get 17
    local.get 6
    v128.store
    local.get 17
    local.get 7
    v128.store offset=16
    local.get 17
    local.get 4
    i32.add
    local.set 17
    local.get 17
    local.get 8
    v128.store
    local.get 17
    local.get 9
    v128.store offset=16
    local.get 17
    local.get 4
    i32.add
    local.set 17
    local.get 17
    local.get 10
    v128.store
    local.get 17
    local.get 11
    v128.store offset=16
    local.get 17
    local.get 4
    i32.add
    local.set 17
    local.get 17
    local.get 12
    v128.store
    local.get 17
    local.get 13
    v128.store offset=16
  )
  (func $gemv_f32_1 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 i32 i32 i32 i32 i32)
    local.get 0
    local.set 8
    local.get 4
    i32.const 4
    i32.mul
    local.set 20
    i32.const 0
    local.set 21
    local.get 2
    local.set 19
    block
      loop
        local.get 21
        i32.const 4
        i32.add
        local.get 5
        i32.gt_s
        br_if 1
        v128.const f32x4 0 0 0 0
        local.set 9
        v128.const f32x4 0 0 0 0
        local.set 10
        v128.const f32x4 0 0 0 0
        local.set 11
        v128.const f32x4 0 0 0 0
        local.set 12
        i32.const 0
        local.set 18
        block
          local.get 20
          i32.const 32
          i32.lt_s
          br_if 0
          loop
            local.get 19
            local.get 18
            i32.add
            local.set 22
            local.get 22
            v128.load
            local.set 13
            local.get 22
            local.get 3
            i32.const 1
            i32.mul
            i32.add
            v128.load
            local.set 14
            local.get 22
            local.get 3
            i32.const 2
            i32.mul
            i32.add
            v128.load
            local.set 15
            local.get 22
            local.get 3
            i32.const 3
            i32.mul
            i32.add
            v128.load
            local.set 16
            local.get 8
            local.get 18
            i32.add
            v128.load
            local.set 17
            local.get 17
            local.get 13
            f32x4.mul
            local.get 9
            f32x4.add
            local.set 9
            local.get 17
            local.get 14
            f32x4.mul
            local.get 10
            f32x4.add
            local.set 10
            local.get 17
            local.get 15
            f32x4.mul
            local.get 11
            f32x4.add
            local.set 11
            local.get 17
            local.get 16
            f32x4.mul
            local.get 12
            f32x4.add
            local.set 12
            local.get 22
            v128.load offset=16
            local.set 13
            local.get 22
            local.get 3
            i32.const 1
            i32.mul
            i32.add
            v128.load offset=16
            local.set 14
            local.get 22
            local.get 3
            i32.const 2
            i32.mul
            i32.add
            v128.load offset=16
            local.set 15
            local.get 22
            local.get 3
            i32.const 3
            i32.mul
            i32.add
            v128.load offset=16
            local.set 16
            local.get 8
            local.get 18
            i32.add
            v128.load offset=16
            local.set 17
            local.get 17
            local.get 13
            f32x4.mul
            local.get 9
            f32x4.add
            local.set 9
            local.get 17
            local.get 14
            f32x4.mul
            local.get 10
            f32x4.add
            local.set 10
            local.get 17
            local.get 15
            f32x4.mul
            local.get 11
            f32x4.add
            local.set 11
            local.get 17
            local.get 16
            f32x4.mul
            local.get 12
            f32x4.add
            local.set 12
            local.get 18
            i32.const 32
            i32.add
            local.tee 18
            i32.const 32
            i32.add
            local.get 20
            i32.gt_s
            i32.eqz
            br_if 0
          end
        end
        local.get 18
        local.get 20
        i32.lt_s
        if
          local.get 19
          local.get 18
          i32.add
          local.set 22
          local.get 22
          v128.load
          local.set 13
          local.get 22
          local.get 3
          i32.const 1
          i32.mul
          i32.add
          v128.load
          local.set 14
          local.get 22
          local.get 3
          i32.const 2
          i32.mul
          i32.add
          v128.load
          local.set 15
          local.get 22
          local.get 3
          i32.const 3
          i32.mul
          i32.add
          v128.load
          local.set 16
          local.get 8
          local.get 18
          i32.add
          v128.load
          local.set 17
          local.get 17
          local.get 13
          f32x4.mul
          local.get 9
          f32x4.add
          local.set 9
          local.get 17
          local.get 14
          f32x4.mul
          local.get 10
          f32x4.add
          local.set 10
          local.get 17
          local.get 15
          f32x4.mul
          local.get 11
          f32x4.add
          local.set 11
          local.get 17
          local.get 16
          f32x4.mul
          local.get 12
          f32x4.add
          local.set 12
        end
        local.get 6
        local.get 21
        i32.const 4
        i32.mul
        i32.add
        local.get 9
        f32x4.extract_lane 0
        local.get 9
        f32x4.extract_lane 1
        f32.add
        local.get 9
        f32x4.extract_lane 2
        f32.add
        local.get 9
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 21
        i32.const 4
        i32.mul
        i32.add
        local.get 10
        f32x4.extract_lane 0
        local.get 10
        f32x4.extract_lane 1
        f32.add
        local.get 10
        f32x4.extract_lane 2
        f32.add
        local.get 10
        f32x4.extract_lane 3
        f32.add
        f32.store offset=4
        local.get 6
        local.get 21
        i32.const 4
        i32.mul
        i32.add
        local.get 11
        f32x4.extract_lane 0
        local.get 11
        f32x4.extract_lane 1
        f32.add
        local.get 11
        f32x4.extract_lane 2
        f32.add
        local.get 11
        f32x4.extract_lane 3
        f32.add
        f32.store offset=8
        local.get 6
        local.get 21
        i32.const 4
        i32.mul
        i32.add
        local.get 12
        f32x4.extract_lane 0
        local.get 12
        f32x4.extract_lane 1
        f32.add
        local.get 12
        f32x4.extract_lane 2
        f32.add
        local.get 12
        f32x4.extract_lane 3
        f32.add
        f32.store offset=12
        local.get 19
        local.get 3
        i32.const 4
        i32.mul
        i32.add
        local.set 19
        local.get 21
        i32.const 4
        i32.add
        local.set 21
        br 0
      end
    end
    block
      loop
        local.get 21
        local.get 5
        i32.lt_s
        i32.eqz
        br_if 1
        v128.const f32x4 0 0 0 0
        local.set 9
        i32.const 0
        local.set 18
        block
          local.get 20
          i32.const 32
          i32.lt_s
          br_if 0
          loop
            local.get 19
            local.get 18
            i32.add
            local.set 22
            local.get 22
            v128.load
            local.set 13
            local.get 8
            local.get 18
            i32.add
            v128.load
            local.set 17
            local.get 17
            local.get 13
            f32x4.mul
            local.get 9
            f32x4.add
            local.set 9
            local.get 22
            v128.load offset=16
            local.set 13
            local.get 8
            local.get 18
            i32.add
            v128.load offset=16
            local.set 17
            local.get 17
            local.get 13
            f32x4.mul
            local.get 9
            f32x4.add
            local.set 9
            local.get 18
            i32.const 32
            i32.add
            local.tee 18
            i32.const 32
            i32.add
            local.get 20
            i32.gt_s
            i32.eqz
            br_if 0
          end
        end
        local.get 18
        local.get 20
        i32.lt_s
        if
          local.get 19
          local.get 18
          i32.add
          local.set 22
          local.get 22
          v128.load
          local.set 13
          local.get 8
          local.get 18
          i32.add
          v128.load
          local.set 17
          local.get 17
          local.get 13
          f32x4.mul
          local.get 9
          f32x4.add
          local.set 9
        end
        local.get 6
        local.get 21
        i32.const 4
        i32.mul
        i32.add
        local.get 9
        f32x4.extract_lane 0
        local.get 9
        f32x4.extract_lane 1
        f32.add
        local.get 9
        f32x4.extract_lane 2
        f32.add
        local.get 9
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 19
        local.get 3
        i32.const 1
        i32.mul
        i32.add
        local.set 19
        local.get 21
        i32.const 1
        i32.add
        local.set 21
        br 0
      end
    end
  )
  (func $gemv_f32_2 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 i32 i32 i32 i32 i32)
    local.get 0
    local.set 8
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    local.get 4
    i32.const 4
    i32.mul
    local.set 25
    i32.const 0
    local.set 26
    local.get 2
    local.set 24
    block
      loop
        local.get 26
        i32.const 4
        i32.add
        local.get 5
        i32.gt_s
        br_if 1
        v128.const f32x4 0 0 0 0
        local.set 10
        v128.const f32x4 0 0 0 0
        local.set 11
        v128.const f32x4 0 0 0 0
        local.set 12
        v128.const f32x4 0 0 0 0
        local.set 13
        v128.const f32x4 0 0 0 0
        local.set 14
        v128.const f32x4 0 0 0 0
        local.set 15
        v128.const f32x4 0 0 0 0
        local.set 16
        v128.const f32x4 0 0 0 0
        local.set 17
        i32.const 0
        local.set 23
        block
          local.get 25
          i32.const 32
          i32.lt_s
          br_if 0
          loop
            local.get 24
            local.get 23
            i32.add
            local.set 27
            local.get 27
            v128.load
            local.set 18
            local.get 27
            local.get 3
            i32.const 1
            i32.mul
            i32.add
            v128.load
            local.set 19
            local.get 27
            local.get 3
            i32.const 2
            i32.mul
            i32.add
            v128.load
            local.set 20
            local.get 27
            local.get 3
            i32.const 3
            i32.mul
            i32.add
            v128.load
            local.set 21
            local.get 8
            local.get 23
            i32.add
            v128.load
            local.set 22
            local.get 22
            local.get 18
            f32x4.mul
            local.get 10
            f32x4.add
            local.set 10
            local.get 22
            local.get 19
            f32x4.mul
            local.get 11
            f32x4.add
            local.set 11
            local.get 22
            local.get 20
            f32x4.mul
            local.get 12
            f32x4.add
            local.set 12
            local.get 22
            local.get 21
            f32x4.mul
            local.get 13
            f32x4.add
            local.set 13
            local.get 9
            local.get 23
            i32.add
            v128.load
            local.set 22
            local.get 22
            local.get 18
            f32x4.mul
            local.get 14
            f32x4.add
            local.set 14
            local.get 22
            local.get 19
            f32x4.mul
            local.get 15
            f32x4.add
            local.set 15
            local.get 22
            local.get 20
            f32x4.mul
            local.get 16
            f32x4.add
            local.set 16
            local.get 22
            local.get 21
            f32x4.mul
            local.get 17
            f32x4.add
            local.set 17
            local.get 27
            v128.load offset=16
            local.set 18
            local.get 27
            local.get 3
            i32.const 1
            i32.mul
            i32.add
            v128.load offset=16
            local.set 19
            local.get 27
            local.get 3
            i32.const 2
            i32.mul
            i32.add
            v128.load offset=16
            local.set 20
            local.get 27
            local.get 3
            i32.const 3
            i32.mul
            i32.add
            v128.load offset=16
            local.set 21
            local.get 8
            local.get 23
            i32.add
            v128.load offset=16
            local.set 22
            local.get 22
            local.get 18
            f32x4.mul
            local.get 10
            f32x4.add
            local.set 10
            local.get 22
            local.get 19
            f32x4.mul
            local.get 11
            f32x4.add
            local.set 11
            local.get 22
            local.get 20
            f32x4.mul
            local.get 12
            f32x4.add
            local.set 12
            local.get 22
            local.get 21
            f32x4.mul
            local.get 13
            f32x4.add
            local.set 13
            local.get 9
            local.get 23
            i32.add
            v128.load offset=16
            local.set 22
            local.get 22
            local.get 18
            f32x4.mul
            local.get 14
            f32x4.add
            local.set 14
            local.get 22
            local.get 19
            f32x4.mul
            local.get 15
            f32x4.add
            local.set 15
            local.get 22
            local.get 20
            f32x4.mul
            local.get 16
            f32x4.add
            local.set 16
            local.get 22
            local.get 21
            f32x4.mul
            local.get 17
            f32x4.add
            local.set 17
            local.get 23
            i32.const 32
            i32.add
            local.tee 23
            i32.const 32
            i32.add
            local.get 25
            i32.gt_s
            i32.eqz
            br_if 0
          end
        end
        local.get 23
        local.get 25
        i32.lt_s
        if
          local.get 24
          local.get 23
          i32.add
          local.set 27
          local.get 27
          v128.load
          local.set 18
          local.get 27
          local.get 3
          i32.const 1
          i32.mul
          i32.add
          v128.load
          local.set 19
          local.get 27
          local.get 3
          i32.const 2
          i32.mul
          i32.add
          v128.load
          local.set 20
          local.get 27
          local.get 3
          i32.const 3
          i32.mul
          i32.add
          v128.load
          local.set 21
          local.get 8
          local.get 23
          i32.add
          v128.load
          local.set 22
          local.get 22
          local.get 18
          f32x4.mul
          local.get 10
          f32x4.add
          local.set 10
          local.get 22
          local.get 19
          f32x4.mul
          local.get 11
          f32x4.add
          local.set 11
          local.get 22
          local.get 20
          f32x4.mul
          local.get 12
          f32x4.add
          local.set 12
          local.get 22
          local.get 21
          f32x4.mul
          local.get 13
          f32x4.add
          local.set 13
          local.get 9
          local.get 23
          i32.add
          v128.load
          local.set 22
          local.get 22
          local.get 18
          f32x4.mul
          local.get 14
          f32x4.add
          local.set 14
          local.get 22
          local.get 19
          f32x4.mul
          local.get 15
          f32x4.add
          local.set 15
          local.get 22
          local.get 20
          f32x4.mul
          local.get 16
          f32x4.add
          local.set 16
          local.get 22
          local.get 21
          f32x4.mul
          local.get 17
          f32x4.add
          local.set 17
        end
        local.get 6
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 10
        f32x4.extract_lane 0
        local.get 10
        f32x4.extract_lane 1
        f32.add
        local.get 10
        f32x4.extract_lane 2
        f32.add
        local.get 10
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 11
        f32x4.extract_lane 0
        local.get 11
        f32x4.extract_lane 1
        f32.add
        local.get 11
        f32x4.extract_lane 2
        f32.add
        local.get 11
        f32x4.extract_lane 3
        f32.add
        f32.store offset=4
        local.get 6
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 12
        f32x4.extract_lane 0
        local.get 12
        f32x4.extract_lane 1
        f32.add
        local.get 12
        f32x4.extract_lane 2
        f32.add
        local.get 12
        f32x4.extract_lane 3
        f32.add
        f32.store offset=8
        local.get 6
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 13
        f32x4.extract_lane 0
        local.get 13
        f32x4.extract_lane 1
        f32.add
        local.get 13
        f32x4.extract_lane 2
        f32.add
        local.get 13
        f32x4.extract_lane 3
        f32.add
        f32.store offset=12
        local.get 6
        local.get 7
        i32.const 1
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 14
        f32x4.extract_lane 0
        local.get 14
        f32x4.extract_lane 1
        f32.add
        local.get 14
        f32x4.extract_lane 2
        f32.add
        local.get 14
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 7
        i32.const 1
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 15
        f32x4.extract_lane 0
        local.get 15
        f32x4.extract_lane 1
        f32.add
        local.get 15
        f32x4.extract_lane 2
        f32.add
        local.get 15
        f32x4.extract_lane 3
        f32.add
        f32.store offset=4
        local.get 6
        local.get 7
        i32.const 1
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 16
        f32x4.extract_lane 0
        local.get 16
        f32x4.extract_lane 1
        f32.add
        local.get 16
        f32x4.extract_lane 2
        f32.add
        local.get 16
        f32x4.extract_lane 3
        f32.add
        f32.store offset=8
        local.get 6
        local.get 7
        i32.const 1
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 17
        f32x4.extract_lane 0
        local.get 17
        f32x4.extract_lane 1
        f32.add
        local.get 17
        f32x4.extract_lane 2
        f32.add
        local.get 17
        f32x4.extract_lane 3
        f32.add
        f32.store offset=12
        local.get 24
        local.get 3
        i32.const 4
        i32.mul
        i32.add
        local.set 24
        local.get 26
        i32.const 4
        i32.add
        local.set 26
        br 0
      end
    end
    block
      loop
        local.get 26
        local.get 5
        i32.lt_s
        i32.eqz
        br_if 1
        v128.const f32x4 0 0 0 0
        local.set 10
        v128.const f32x4 0 0 0 0
        local.set 14
        i32.const 0
        local.set 23
        block
          local.get 25
          i32.const 32
          i32.lt_s
          br_if 0
          loop
            local.get 24
            local.get 23
            i32.add
            local.set 27
            local.get 27
            v128.load
            local.set 18
            local.get 8
            local.get 23
            i32.add
            v128.load
            local.set 22
            local.get 22
            local.get 18
            f32x4.mul
            local.get 10
            f32x4.add
            local.set 10
            local.get 9
            local.get 23
            i32.add
            v128.load
            local.set 22
            local.get 22
            local.get 18
            f32x4.mul
            local.get 14
            f32x4.add
            local.set 14
            local.get 27
            v128.load offset=16
            local.set 18
            local.get 8
            local.get 23
            i32.add
            v128.load offset=16
            local.set 22
            local.get 22
            local.get 18
            f32x4.mul
            local.get 10
            f32x4.add
            local.set 10
            local.get 9
            local.get 23
            i32.add
            v128.load offset=16
            local.set 22
            local.get 22
            local.get 18
            f32x4.mul
            local.get 14
            f32x4.add
            local.set 14
            local.get 23
            i32.const 32
            i32.add
            local.tee 23
            i32.const 32
            i32.add
            local.get 25
            i32.gt_s
            i32.eqz
            br_if 0
          end
        end
        local.get 23
        local.get 25
        i32.lt_s
        if
          local.get 24
          local.get 23
          i32.add
          local.set 27
          local.get 27
          v128.load
          local.set 18
          local.get 8
          local.get 23
          i32.add
          v128.load
          local.set 22
          local.get 22
          local.get 18
          f32x4.mul
          local.get 10
          f32x4.add
          local.set 10
          local.get 9
          local.get 23
          i32.add
          v128.load
          local.set 22
          local.get 22
          local.get 18
          f32x4.mul
          local.get 14
          f32x4.add
          local.set 14
        end
        local.get 6
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 10
        f32x4.extract_lane 0
        local.get 10
        f32x4.extract_lane 1
        f32.add
        local.get 10
        f32x4.extract_lane 2
        f32.add
        local.get 10
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 7
        i32.const 1
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 14
        f32x4.extract_lane 0
        local.get 14
        f32x4.extract_lane 1
        f32.add
        local.get 14
        f32x4.extract_lane 2
        f32.add
        local.get 14
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 24
        local.get 3
        i32.const 1
        i32.mul
        i32.add
        local.set 24
        local.get 26
        i32.const 1
        i32.add
        local.set 26
        br 0
      end
    end
  )
  (func $gemv_f32_3 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 i32 i32 i32 i32 i32)
    local.get 0
    local.set 8
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 10
    local.get 4
    i32.const 4
    i32.mul
    local.set 22
    i32.const 0
    local.set 23
    local.get 2
    local.set 21
    block
      loop
        local.get 23
        i32.const 2
        i32.add
        local.get 5
        i32.gt_s
        br_if 1
        v128.const f32x4 0 0 0 0
        local.set 11
        v128.const f32x4 0 0 0 0
        local.set 12
        v128.const f32x4 0 0 0 0
        local.set 13
        v128.const f32x4 0 0 0 0
        local.set 14
        v128.const f32x4 0 0 0 0
        local.set 15
        v128.const f32x4 0 0 0 0
        local.set 16
        i32.const 0
        local.set 20
        block
          local.get 22
          i32.const 32
          i32.lt_s
          br_if 0
          loop
            local.get 21
            local.get 20
            i32.add
            local.set 24
            local.get 24
            v128.load
            local.set 17
            local.get 24
            local.get 3
            i32.const 1
            i32.mul
            i32.add
            v128.load
            local.set 18
            local.get 8
            local.get 20
            i32.add
            v128.load
            local.set 19
            local.get 19
            local.get 17
            f32x4.mul
            local.get 11
            f32x4.add
            local.set 11
            local.get 19
            local.get 18
            f32x4.mul
            local.get 12
            f32x4.add
            local.set 12
            local.get 9
            local.get 20
            i32.add
            v128.load
            local.set 19
            local.get 19
            local.get 17
            f32x4.mul
            local.get 13
            f32x4.add
            local.set 13
            local.get 19
            local.get 18
            f32x4.mul
            local.get 14
            f32x4.add
            local.set 14
            local.get 10
            local.get 20
            i32.add
            v128.load
            local.set 19
            local.get 19
            local.get 17
            f32x4.mul
            local.get 15
            f32x4.add
            local.set 15
            local.get 19
            local.get 18
            f32x4.mul
            local.get 16
            f32x4.add
            local.set 16
            local.get 24
            v128.load offset=16
            local.set 17
            local.get 24
            local.get 3
            i32.const 1
            i32.mul
            i32.add
            v128.load offset=16
            local.set 18
            local.get 8
            local.get 20
            i32.add
            v128.load offset=16
            local.set 19
            local.get 19
            local.get 17
            f32x4.mul
            local.get 11
            f32x4.add
            local.set 11
            local.get 19
            local.get 18
            f32x4.mul
            local.get 12
            f32x4.add
            local.set 12
            local.get 9
            local.get 20
            i32.add
            v128.load offset=16
            local.set 19
            local.get 19
            local.get 17
            f32x4.mul
            local.get 13
            f32x4.add
            local.set 13
            local.get 19
            local.get 18
            f32x4.mul
            local.get 14
            f32x4.add
            local.set 14
            local.get 10
            local.get 20
            i32.add
            v128.load offset=16
            local.set 19
            local.get 19
            local.get 17
            f32x4.mul
            local.get 15
            f32x4.add
            local.set 15
            local.get 19
            local.get 18
            f32x4.mul
            local.get 16
            f32x4.add
            local.set 16
            local.get 20
            i32.const 32
            i32.add
            local.tee 20
            i32.const 32
            i32.add
            local.get 22
            i32.gt_s
            i32.eqz
            br_if 0
          end
        end
        local.get 20
        local.get 22
        i32.lt_s
        if
          local.get 21
          local.get 20
          i32.add
          local.set 24
          local.get 24
          v128.load
          local.set 17
          local.get 24
          local.get 3
          i32.const 1
          i32.mul
          i32.add
          v128.load
          local.set 18
          local.get 8
          local.get 20
          i32.add
          v128.load
          local.set 19
          local.get 19
          local.get 17
          f32x4.mul
          local.get 11
          f32x4.add
          local.set 11
          local.get 19
          local.get 18
          f32x4.mul
          local.get 12
          f32x4.add
          local.set 12
          local.get 9
          local.get 20
          i32.add
          v128.load
          local.set 19
          local.get 19
          local.get 17
          f32x4.mul
          local.get 13
          f32x4.add
          local.set 13
          local.get 19
          local.get 18
          f32x4.mul
          local.get 14
          f32x4.add
          local.set 14
          local.get 10
          local.get 20
          i32.add
          v128.load
          local.set 19
          local.get 19
          local.get 17
          f32x4.mul
          local.get 15
          f32x4.add
          local.set 15
          local.get 19
          local.get 18
          f32x4.mul
          local.get 16
          f32x4.add
          local.set 16
        end
        local.get 6
        local.get 23
        i32.const 4
        i32.mul
        i32.add
        local.get 11
        f32x4.extract_lane 0
        local.get 11
        f32x4.extract_lane 1
        f32.add
        local.get 11
        f32x4.extract_lane 2
        f32.add
        local.get 11
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 23
        i32.const 4
        i32.mul
        i32.add
        local.get 12
        f32x4.extract_lane 0
        local.get 12
        f32x4.extract_lane 1
        f32.add
        local.get 12
        f32x4.extract_lane 2
        f32.add
        local.get 12
        f32x4.extract_lane 3
        f32.add
        f32.store offset=4
        local.get 6
        local.get 7
        i32.const 1
        i32.mul
        i32.add
        local.get 23
        i32.const 4
        i32.mul
        i32.add
        local.get 13
        f32x4.extract_lane 0
        local.get 13
        f32x4.extract_lane 1
        f32.add
        local.get 13
        f32x4.extract_lane 2
        f32.add
        local.get 13
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 7
        i32.const 1
        i32.mul
        i32.add
        local.get 23
        i32.const 4
        i32.mul
        i32.add
        local.get 14
        f32x4.extract_lane 0
        local.get 14
        f32x4.extract_lane 1
        f32.add
        local.get 14
        f32x4.extract_lane 2
        f32.add
        local.get 14
        f32x4.extract_lane 3
        f32.add
        f32.store offset=4
        local.get 6
        local.get 7
        i32.const 2
        i32.mul
        i32.add
        local.get 23
        i32.const 4
        i32.mul
        i32.add
        local.get 15
        f32x4.extract_lane 0
        local.get 15
        f32x4.extract_lane 1
        f32.add
        local.get 15
        f32x4.extract_lane 2
        f32.add
        local.get 15
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 7
        i32.const 2
        i32.mul
        i32.add
        local.get 23
        i32.const 4
        i32.mul
        i32.add
        local.get 16
        f32x4.extract_lane 0
        local.get 16
        f32x4.extract_lane 1
        f32.add
        local.get 16
        f32x4.extract_lane 2
        f32.add
        local.get 16
        f32x4.extract_lane 3
        f32.add
        f32.store offset=4
        local.get 21
        local.get 3
        i32.const 2
        i32.mul
        i32.add
        local.set 21
        local.get 23
        i32.const 2
        i32.add
        local.set 23
        br 0
      end
    end
    block
      loop
        local.get 23
        local.get 5
        i32.lt_s
        i32.eqz
        br_if 1
        v128.const f32x4 0 0 0 0
        local.set 11
        v128.const f32x4 0 0 0 0
        local.set 13
        v128.const f32x4 0 0 0 0
        local.set 15
        i32.const 0
        local.set 20
        block
          local.get 22
          i32.const 32
          i32.lt_s
          br_if 0
          loop
            local.get 21
            local.get 20
            i32.add
            local.set 24
            local.get 24
            v128.load
            local.set 17
            local.get 8
            local.get 20
            i32.add
            v128.load
            local.set 19
            local.get 19
            local.get 17
            f32x4.mul
            local.get 11
            f32x4.add
            local.set 11
            local.get 9
            local.get 20
            i32.add
            v128.load
            local.set 19
            local.get 19
            local.get 17
            f32x4.mul
            local.get 13
            f32x4.add
            local.set 13
            local.get 10
            local.get 20
            i32.add
            v128.load
            local.set 19
            local.get 19
            local.get 17
            f32x4.mul
            local.get 15
            f32x4.add
            local.set 15
            local.get 24
            v128.load offset=16
            local.set 17
            local.get 8
            local.get 20
            i32.add
            v128.load offset=16
            local.set 19
            local.get 19
            local.get 17
            f32x4.mul
            local.get 11
            f32x4.add
            local.set 11
            local.get 9
            local.get 20
            i32.add
            v128.load offset=16
            local.set 19
            local.get 19
            local.get 17
            f32x4.mul
            local.get 13
            f32x4.add
            local.set 13
            local.get 10
            local.get 20
            i32.add
            v128.load offset=16
            local.set 19
            local.get 19
            local.get 17
            f32x4.mul
            local.get 15
            f32x4.add
            local.set 15
            local.get 20
            i32.const 32
            i32.add
            local.tee 20
            i32.const 32
            i32.add
            local.get 22
            i32.gt_s
            i32.eqz
            br_if 0
          end
        end
        local.get 20
        local.get 22
        i32.lt_s
        if
          local.get 21
          local.get 20
          i32.add
          local.set 24
          local.get 24
          v128.load
          local.set 17
          local.get 8
          local.get 20
          i32.add
          v128.load
          local.set 19
          local.get 19
          local.get 17
          f32x4.mul
          local.get 11
          f32x4.add
          local.set 11
          local.get 9
          local.get 20
          i32.add
          v128.load
          local.set 19
          local.get 19
          local.get 17
          f32x4.mul
          local.get 13
          f32x4.add
          local.set 13
          local.get 10
          local.get 20
          i32.add
          v128.load
          local.set 19
          local.get 19
          local.get 17
          f32x4.mul
          local.get 15
          f32x4.add
          local.set 15
        end
        local.get 6
        local.get 23
        i32.const 4
        i32.mul
        i32.add
        local.get 11
        f32x4.extract_lane 0
        local.get 11
        f32x4.extract_lane 1
        f32.add
        local.get 11
        f32x4.extract_lane 2
        f32.add
        local.get 11
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 7
        i32.const 1
        i32.mul
        i32.add
        local.get 23
        i32.const 4
        i32.mul
        i32.add
        local.get 13
        f32x4.extract_lane 0
        local.get 13
        f32x4.extract_lane 1
        f32.add
        local.get 13
        f32x4.extract_lane 2
        f32.add
        local.get 13
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 7
        i32.const 2
        i32.mul
        i32.add
        local.get 23
        i32.const 4
        i32.mul
        i32.add
        local.get 15
        f32x4.extract_lane 0
        local.get 15
        f32x4.extract_lane 1
        f32.add
        local.get 15
        f32x4.extract_lane 2
        f32.add
        local.get 15
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 21
        local.get 3
        i32.const 1
        i32.mul
        i32.add
        local.set 21
        local.get 23
        i32.const 1
        i32.add
        local.set 23
        br 0
      end
    end
  )
  (func $gemv_f32_4 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 i32 i32 i32 i32 i32)
    local.get 0
    local.set 8
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 10
    local.get 0
    local.get 1
    i32.const 3
    i32.mul
    i32.add
    local.set 11
    local.get 4
    i32.const 4
    i32.mul
    local.set 25
    i32.const 0
    local.set 26
    local.get 2
    local.set 24
    block
      loop
        local.get 26
        i32.const 2
        i32.add
        local.get 5
        i32.gt_s
        br_if 1
        v128.const f32x4 0 0 0 0
        local.set 12
        v128.const f32x4 0 0 0 0
        local.set 13
        v128.const f32x4 0 0 0 0
        local.set 14
        v128.const f32x4 0 0 0 0
        local.set 15
        v128.const f32x4 0 0 0 0
        local.set 16
        v128.const f32x4 0 0 0 0
        local.set 17
        v128.const f32x4 0 0 0 0
        local.set 18
        v128.const f32x4 0 0 0 0
        local.set 19
        i32.const 0
        local.set 23
        block
          local.get 25
          i32.const 32
          i32.lt_s
          br_if 0
          loop
            local.get 24
            local.get 23
            i32.add
            local.set 27
            local.get 27
            v128.load
            local.set 20
            local.get 27
            local.get 3
            i32.const 1
            i32.mul
            i32.add
            v128.load
            local.set 21
            local.get 8
            local.get 23
            i32.add
            v128.load
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 12
            f32x4.add
            local.set 12
            local.get 22
            local.get 21
            f32x4.mul
            local.get 13
            f32x4.add
            local.set 13
            local.get 9
            local.get 23
            i32.add
            v128.load
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 14
            f32x4.add
            local.set 14
            local.get 22
            local.get 21
            f32x4.mul
            local.get 15
            f32x4.add
            local.set 15
            local.get 10
            local.get 23
            i32.add
            v128.load
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 16
            f32x4.add
            local.set 16
            local.get 22
            local.get 21
            f32x4.mul
            local.get 17
            f32x4.add
            local.set 17
            local.get 11
            local.get 23
            i32.add
            v128.load
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 18
            f32x4.add
            local.set 18
            local.get 22
            local.get 21
            f32x4.mul
            local.get 19
            f32x4.add
            local.set 19
            local.get 27
            v128.load offset=16
            local.set 20
            local.get 27
            local.get 3
            i32.const 1
            i32.mul
            i32.add
            v128.load offset=16
            local.set 21
            local.get 8
            local.get 23
            i32.add
            v128.load offset=16
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 12
            f32x4.add
            local.set 12
            local.get 22
            local.get 21
            f32x4.mul
            local.get 13
            f32x4.add
            local.set 13
            local.get 9
            local.get 23
            i32.add
            v128.load offset=16
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 14
            f32x4.add
            local.set 14
            local.get 22
            local.get 21
            f32x4.mul
            local.get 15
            f32x4.add
            local.set 15
            local.get 10
            local.get 23
            i32.add
            v128.load offset=16
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 16
            f32x4.add
            local.set 16
            local.get 22
            local.get 21
            f32x4.mul
            local.get 17
            f32x4.add
            local.set 17
            local.get 11
            local.get 23
            i32.add
            v128.load offset=16
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 18
            f32x4.add
            local.set 18
            local.get 22
            local.get 21
            f32x4.mul
            local.get 19
            f32x4.add
            local.set 19
            local.get 23
            i32.const 32
            i32.add
            local.tee 23
            i32.const 32
            i32.add
            local.get 25
            i32.gt_s
            i32.eqz
            br_if 0
          end
        end
        local.get 23
        local.get 25
        i32.lt_s
        if
          local.get 24
          local.get 23
          i32.add
          local.set 27
          local.get 27
          v128.load
          local.set 20
          local.get 27
          local.get 3
          i32.const 1
          i32.mul
          i32.add
          v128.load
          local.set 21
          local.get 8
          local.get 23
          i32.add
          v128.load
          local.set 22
          local.get 22
          local.get 20
          f32x4.mul
          local.get 12
          f32x4.add
          local.set 12
          local.get 22
          local.get 21
          f32x4.mul
          local.get 13
          f32x4.add
          local.set 13
          local.get 9
          local.get 23
          i32.add
          v128.load
          local.set 22
          local.get 22
          local.get 20
          f32x4.mul
          local.get 14
          f32x4.add
          local.set 14
          local.get 22
          local.get 21
          f32x4.mul
          local.get 15
          f32x4.add
          local.set 15
          local.get 10
          local.get 23
          i32.add
          v128.load
          local.set 22
          local.get 22
          local.get 20
          f32x4.mul
          local.get 16
          f32x4.add
          local.set 16
          local.get 22
          local.get 21
          f32x4.mul
          local.get 17
          f32x4.add
          local.set 17
          local.get 11
          local.get 23
          i32.add
          v128.load
          local.set 22
          local.get 22
          local.get 20
          f32x4.mul
          local.get 18
          f32x4.add
          local.set 18
          local.get 22
          local.get 21
          f32x4.mul
          local.get 19
          f32x4.add
          local.set 19
        end
        local.get 6
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 12
        f32x4.extract_lane 0
        local.get 12
        f32x4.extract_lane 1
        f32.add
        local.get 12
        f32x4.extract_lane 2
        f32.add
        local.get 12
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 13
        f32x4.extract_lane 0
        local.get 13
        f32x4.extract_lane 1
        f32.add
        local.get 13
        f32x4.extract_lane 2
        f32.add
        local.get 13
        f32x4.extract_lane 3
        f32.add
        f32.store offset=4
        local.get 6
        local.get 7
        i32.const 1
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 14
        f32x4.extract_lane 0
        local.get 14
        f32x4.extract_lane 1
        f32.add
        local.get 14
        f32x4.extract_lane 2
        f32.add
        local.get 14
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 7
        i32.const 1
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 15
        f32x4.extract_lane 0
        local.get 15
        f32x4.extract_lane 1
        f32.add
        local.get 15
        f32x4.extract_lane 2
        f32.add
        local.get 15
        f32x4.extract_lane 3
        f32.add
        f32.store offset=4
        local.get 6
        local.get 7
        i32.const 2
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 16
        f32x4.extract_lane 0
        local.get 16
        f32x4.extract_lane 1
        f32.add
        local.get 16
        f32x4.extract_lane 2
        f32.add
        local.get 16
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 7
        i32.const 2
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 17
        f32x4.extract_lane 0
        local.get 17
        f32x4.extract_lane 1
        f32.add
        local.get 17
        f32x4.extract_lane 2
        f32.add
        local.get 17
        f32x4.extract_lane 3
        f32.add
        f32.store offset=4
        local.get 6
        local.get 7
        i32.const 3
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 18
        f32x4.extract_lane 0
        local.get 18
        f32x4.extract_lane 1
        f32.add
        local.get 18
        f32x4.extract_lane 2
        f32.add
        local.get 18
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 7
        i32.const 3
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 19
        f32x4.extract_lane 0
        local.get 19
        f32x4.extract_lane 1
        f32.add
        local.get 19
        f32x4.extract_lane 2
        f32.add
        local.get 19
        f32x4.extract_lane 3
        f32.add
        f32.store offset=4
        local.get 24
        local.get 3
        i32.const 2
        i32.mul
        i32.add
        local.set 24
        local.get 26
        i32.const 2
        i32.add
        local.set 26
        br 0
      end
    end
    block
      loop
        local.get 26
        local.get 5
        i32.lt_s
        i32.eqz
        br_if 1
        v128.const f32x4 0 0 0 0
        local.set 12
        v128.const f32x4 0 0 0 0
        local.set 14
        v128.const f32x4 0 0 0 0
        local.set 16
        v128.const f32x4 0 0 0 0
        local.set 18
        i32.const 0
        local.set 23
        block
          local.get 25
          i32.const 32
          i32.lt_s
          br_if 0
          loop
            local.get 24
            local.get 23
            i32.add
            local.set 27
            local.get 27
            v128.load
            local.set 20
            local.get 8
            local.get 23
            i32.add
            v128.load
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 12
            f32x4.add
            local.set 12
            local.get 9
            local.get 23
            i32.add
            v128.load
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 14
            f32x4.add
            local.set 14
            local.get 10
            local.get 23
            i32.add
            v128.load
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 16
            f32x4.add
            local.set 16
            local.get 11
            local.get 23
            i32.add
            v128.load
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 18
            f32x4.add
            local.set 18
            local.get 27
            v128.load offset=16
            local.set 20
            local.get 8
            local.get 23
            i32.add
            v128.load offset=16
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 12
            f32x4.add
            local.set 12
            local.get 9
            local.get 23
            i32.add
            v128.load offset=16
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 14
            f32x4.add
            local.set 14
            local.get 10
            local.get 23
            i32.add
            v128.load offset=16
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 16
            f32x4.add
            local.set 16
            local.get 11
            local.get 23
            i32.add
            v128.load offset=16
            local.set 22
            local.get 22
            local.get 20
            f32x4.mul
            local.get 18
            f32x4.add
            local.set 18
            local.get 23
            i32.const 32
            i32.add
            local.tee 23
            i32.const 32
            i32.add
            local.get 25
            i32.gt_s
            i32.eqz
            br_if 0
          end
        end
        local.get 23
        local.get 25
        i32.lt_s
        if
          local.get 24
          local.get 23
          i32.add
          local.set 27
          local.get 27
          v128.load
          local.set 20
          local.get 8
          local.get 23
          i32.add
          v128.load
          local.set 22
          local.get 22
          local.get 20
          f32x4.mul
          local.get 12
          f32x4.add
          local.set 12
          local.get 9
          local.get 23
          i32.add
          v128.load
          local.set 22
          local.get 22
          local.get 20
          f32x4.mul
          local.get 14
          f32x4.add
          local.set 14
          local.get 10
          local.get 23
          i32.add
          v128.load
          local.set 22
          local.get 22
          local.get 20
          f32x4.mul
          local.get 16
          f32x4.add
          local.set 16
          local.get 11
          local.get 23
          i32.add
          v128.load
          local.set 22
          local.get 22
          local.get 20
          f32x4.mul
          local.get 18
          f32x4.add
          local.set 18
        end
        local.get 6
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 12
        f32x4.extract_lane 0
        local.get 12
        f32x4.extract_lane 1
        f32.add
        local.get 12
        f32x4.extract_lane 2
        f32.add
        local.get 12
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 7
        i32.const 1
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 14
        f32x4.extract_lane 0
        local.get 14
        f32x4.extract_lane 1
        f32.add
        local.get 14
        f32x4.extract_lane 2
        f32.add
        local.get 14
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 7
        i32.const 2
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 16
        f32x4.extract_lane 0
        local.get 16
        f32x4.extract_lane 1
        f32.add
        local.get 16
        f32x4.extract_lane 2
        f32.add
        local.get 16
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 6
        local.get 7
        i32.const 3
        i32.mul
        i32.add
        local.get 26
        i32.const 4
        i32.mul
        i32.add
        local.get 18
        f32x4.extract_lane 0
        local.get 18
        f32x4.extract_lane 1
        f32.add
        local.get 18
        f32x4.extract_lane 2
        f32.add
        local.get 18
        f32x4.extract_lane 3
        f32.add
        f32.store
        local.get 24
        local.get 3
        i32.const 1
        i32.mul
        i32.add
        local.set 24
        local.get 26
        i32.const 1
        i32.add
        local.set 26
        br 0
      end
    end
  )
  (func $gemv_packed_f32_1 (param i32 i32 i32 i32 i32 i32)
    (local i32 v128 v128 v128 v128 v128 v128 v128)
    local.get 0
    local.set 6
    v128.const f32x4 0 0 0 0
    local.set 7
    v128.const f32x4 0 0 0 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 10
    block
      local.get 3
      i32.const 4
      i32.lt_s
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 11
        local.get 2
        v128.load offset=16
        local.set 12
        local.get 6
        v128.load32_splat
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 7
        f32x4.add
        local.set 7
        local.get 13
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 2
        v128.load offset=32
        local.set 11
        local.get 2
        v128.load offset=48
        local.set 12
        local.get 6
        v128.load32_splat offset=4
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 13
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 2
        v128.load offset=64
        local.set 11
        local.get 2
        v128.load offset=80
        local.set 12
        local.get 6
        v128.load32_splat offset=8
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 7
        f32x4.add
        local.set 7
        local.get 13
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 2
        v128.load offset=96
        local.set 11
        local.get 2
        v128.load offset=112
        local.set 12
        local.get 6
        v128.load32_splat offset=12
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 13
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 2
        i32.const 128
        i32.add
        local.set 2
        local.get 6
        i32.const 16
        i32.add
        local.set 6
        local.get 3
        i32.const 4
        i32.sub
        local.set 3
        local.get 3
        i32.const 4
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 11
        local.get 2
        v128.load offset=16
        local.set 12
        local.get 6
        v128.load32_splat
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 7
        f32x4.add
        local.set 7
        local.get 13
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 6
        i32.const 4
        i32.add
        local.set 6
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 7
    local.get 9
    f32x4.add
    v128.store
    local.get 4
    local.get 8
    local.get 10
    f32x4.add
    v128.store offset=16
  )
  (func $gemv_packed_f32_2 (param i32 i32 i32 i32 i32 i32)
    (local i32 i32 v128 v128 v128 v128 v128 v128 v128)
    local.get 0
    local.set 6
    v128.const f32x4 0 0 0 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 9
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 7
    v128.const f32x4 0 0 0 0
    local.set 10
    v128.const f32x4 0 0 0 0
    local.set 11
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 12
        local.get 2
        v128.load offset=16
        local.set 13
        local.get 6
        v128.load32_splat
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 14
        local.get 13
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 7
        v128.load32_splat
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 14
        local.get 13
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 2
        v128.load offset=32
        local.set 12
        local.get 2
        v128.load offset=48
        local.set 13
        local.get 6
        v128.load32_splat offset=4
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 14
        local.get 13
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 7
        v128.load32_splat offset=4
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 14
        local.get 13
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 2
        i32.const 64
        i32.add
        local.set 2
        local.get 6
        i32.const 8
        i32.add
        local.set 6
        local.get 7
        i32.const 8
        i32.add
        local.set 7
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 12
        local.get 2
        v128.load offset=16
        local.set 13
        local.get 6
        v128.load32_splat
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 14
        local.get 13
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 7
        v128.load32_splat
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 14
        local.get 13
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 6
        i32.const 4
        i32.add
        local.set 6
        local.get 7
        i32.const 4
        i32.add
        local.set 7
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 8
    v128.store
    local.get 4
    local.get 9
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 10
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 11
    v128.store offset=16
  )
  (func $gemv_packed_f32_3 (param i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    local.get 0
    local.set 6
    v128.const f32x4 0 0 0 0
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 10
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 7
    v128.const f32x4 0 0 0 0
    local.set 11
    v128.const f32x4 0 0 0 0
    local.set 12
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 13
    v128.const f32x4 0 0 0 0
    local.set 14
    block
      local.get 3
      i32.const 4
      i32.lt_s
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 15
        local.get 2
        v128.load offset=16
        local.set 16
        local.get 6
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        v128.load offset=32
        local.set 15
        local.get 2
        v128.load offset=48
        local.set 16
        local.get 6
        v128.load32_splat offset=4
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat offset=4
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat offset=4
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        v128.load offset=64
        local.set 15
        local.get 2
        v128.load offset=80
        local.set 16
        local.get 6
        v128.load32_splat offset=8
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat offset=8
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat offset=8
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        v128.load offset=96
        local.set 15
        local.get 2
        v128.load offset=112
        local.set 16
        local.get 6
        v128.load32_splat offset=12
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat offset=12
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat offset=12
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        i32.const 128
        i32.add
        local.set 2
        local.get 6
        i32.const 16
        i32.add
        local.set 6
        local.get 7
        i32.const 16
        i32.add
        local.set 7
        local.get 8
        i32.const 16
        i32.add
        local.set 8
        local.get 3
        i32.const 4
        i32.sub
        local.set 3
        local.get 3
        i32.const 4
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 15
        local.get 2
        v128.load offset=16
        local.set 16
        local.get 6
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 6
        i32.const 4
        i32.add
        local.set 6
        local.get 7
        i32.const 4
        i32.add
        local.set 7
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 9
    v128.store
    local.get 4
    local.get 10
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 11
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 12
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 13
    v128.store
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 14
    v128.store offset=16
  )
  (func $gemv_packed_f32_4 (param i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    local.get 0
    local.set 6
    v128.const f32x4 0 0 0 0
    local.set 10
    v128.const f32x4 0 0 0 0
    local.set 11
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 7
    v128.const f32x4 0 0 0 0
    local.set 12
    v128.const f32x4 0 0 0 0
    local.set 13
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 14
    v128.const f32x4 0 0 0 0
    local.set 15
    local.get 0
    local.get 1
    i32.const 3
    i32.mul
    i32.add
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 17
    block
      local.get 3
      i32.const 4
      i32.lt_s
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 18
        local.get 2
        v128.load offset=16
        local.set 19
        local.get 6
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        v128.load offset=32
        local.set 18
        local.get 2
        v128.load offset=48
        local.set 19
        local.get 6
        v128.load32_splat offset=4
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat offset=4
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat offset=4
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat offset=4
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        v128.load offset=64
        local.set 18
        local.get 2
        v128.load offset=80
        local.set 19
        local.get 6
        v128.load32_splat offset=8
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat offset=8
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat offset=8
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat offset=8
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        v128.load offset=96
        local.set 18
        local.get 2
        v128.load offset=112
        local.set 19
        local.get 6
        v128.load32_splat offset=12
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat offset=12
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat offset=12
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat offset=12
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        i32.const 128
        i32.add
        local.set 2
        local.get 6
        i32.const 16
        i32.add
        local.set 6
        local.get 7
        i32.const 16
        i32.add
        local.set 7
        local.get 8
        i32.const 16
        i32.add
        local.set 8
        local.get 9
        i32.const 16
        i32.add
        local.set 9
        local.get 3
        i32.const 4
        i32.sub
        local.set 3
        local.get 3
        i32.const 4
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 18
        local.get 2
        v128.load offset=16
        local.set 19
        local.get 6
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 6
        i32.const 4
        i32.add
        local.set 6
        local.get 7
        i32.const 4
        i32.add
        local.set 7
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 9
        i32.const 4
        i32.add
        local.set 9
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 10
    v128.store
    local.get 4
    local.get 11
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 12
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 13
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 14
    v128.store
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 15
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 16
    v128.store
    local.get 4
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 17
    v128.store offset=16
  )
  (func $pack_a_f32 (param i32 i32 i32 i32 i32 i32)
    block
      local.get 1
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 0
        local.get 2
        f32.load
        f32.store
        local.get 2
        i32.const 4
        i32.add
        local.set 2
        local.get 0
        local.get 3
        f32.load
        f32.store offset=4
        local.get 3
        i32.const 4
        i32.add
        local.set 3
        local.get 0
        local.get 4
        f32.load
        f32.store offset=8
        local.get 4
        i32.const 4
        i32.add
        local.set 4
        local.get 0
        local.get 5
        f32.load
        f32.store offset=12
        local.get 5
        i32.const 4
        i32.add
        local.set 5
        local.get 0
        i32.const 16
        i32.add
        local.set 0
        local.get 1
        i32.const 1
        i32.sub
        local.tee 1
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
  )
  (func $pack_a_f64_from_f32 (param i32 i32 i32 i32 i32 i32)
    block
      local.get 1
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 0
        local.get 2
        f32.load
        f64.promote_f32
        f64.store
        local.get 2
        i32.const 4
        i32.add
        local.set 2
        local.get 0
        local.get 3
        f32.load
        f64.promote_f32
        f64.store offset=8
        local.get 3
        i32.const 4
        i32.add
        local.set 3
        local.get 0
        local.get 4
        f32.load
        f64.promote_f32
        f64.store offset=16
        local.get 4
        i32.const 4
        i32.add
        local.set 4
        local.get 0
        local.get 5
        f32.load
        f64.promote_f32
        f64.store offset=24
        local.get 5
        i32.const 4
        i32.add
        local.set 5
        local.get 0
        i32.const 32
        i32.add
        local.set 0
        local.get 1
        i32.const 1
        i32.sub
        local.tee 1
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
  )
  (func $swiglu_f32 (param i32 i32 i32 i32)
    (local v128 v128 v128 v128 v128 i32 i32)
    local.get 3
    i32.const 4
    i32.mul
    local.set 10
    i32.const 0
    local.set 9
    block
      local.get 10
      i32.eqz
      br_if 0
      loop
        local.get 0
        local.get 9
        i32.add
        v128.load
        local.set 4
        local.get 4
        f32x4.neg
        v128.const f32x4 -87 -87 -87 -87
        f32x4.max
        v128.const f32x4 88 88 88 88
        f32x4.min
        local.set 5
        local.get 5
        v128.const f32x4 1.4426950216293335 1.4426950216293335 1.4426950216293335 1.4426950216293335
        f32x4.mul
        f32x4.nearest
        local.set 6
        local.get 5
        local.get 6
        v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375
        f32x4.mul
        f32x4.sub
        local.get 6
        v128.const f32x4 -0.00021219444170128554 -0.00021219444170128554 -0.00021219444170128554 -0.00021219444170128554
        f32x4.mul
        f32x4.sub
        local.set 7
        v128.const f32x4 0.00019875691214110702 0.00019875691214110702 0.00019875691214110702 0.00019875691214110702
        local.set 8
        local.get 8
        local.get 7
        f32x4.mul
        v128.const f32x4 0.001398199936375022 0.001398199936375022 0.001398199936375022 0.001398199936375022
        f32x4.add
        local.set 8
        local.get 8
        local.get 7
        f32x4.mul
        v128.const f32x4 0.008333452045917511 0.008333452045917511 0.008333452045917511 0.008333452045917511
        f32x4.add
        local.set 8
        local.get 8
        local.get 7
        f32x4.mul
        v128.const f32x4 0.04166579619050026 0.04166579619050026 0.04166579619050026 0.04166579619050026
        f32x4.add
        local.set 8
        local.get 8
        local.get 7
        f32x4.mul
        v128.const f32x4 0.1666666567325592 0.1666666567325592 0.1666666567325592 0.1666666567325592
        f32x4.add
        local.set 8
        local.get 8
        local.get 7
        f32x4.mul
        v128.const f32x4 0.5 0.5 0.5 0.5
        f32x4.add
        local.set 8
        local.get 8
        local.get 7
        f32x4.mul
        local.get 7
        f32x4.mul
        local.get 7
        f32x4.add
        v128.const f32x4 1 1 1 1
        f32x4.add
        local.get 6
        i32x4.trunc_sat_f32x4_s
        i32.const 127
        i32x4.splat
        i32x4.add
        i32.const 23
        i32x4.shl
        f32x4.mul
        v128.const f32x4 1 1 1 1
        f32x4.add
        local.set 8
        local.get 2
        local.get 9
        i32.add
        local.get 4
        local.get 8
        f32x4.div
        local.get 1
        local.get 9
        i32.add
        v128.load
        f32x4.mul
        v128.store
        local.get 9
        i32.const 16
        i32.add
        local.tee 9
        local.get 10
        i32.lt_s
        br_if 0
      end
    end
  )
  (func $silu_f32 (param i32 i32 i32 i32)
    (local v128 v128 v128 v128 v128 i32 i32)
    local.get 3
    i32.const 4
    i32.mul
    local.set 10
    i32.const 0
    local.set 9
    block
      local.get 10
      i32.eqz
      br_if 0
      loop
        local.get 0
        local.get 9
        i32.add
        v128.load
        local.set 4
        local.get 4
        f32x4.neg
        v128.const f32x4 -87 -87 -87 -87
        f32x4.max
        v128.const f32x4 88 88 88 88
        f32x4.min
        local.set 5
        local.get 5
        v128.const f32x4 1.4426950216293335 1.4426950216293335 1.4426950216293335 1.4426950216293335
        f32x4.mul
        f32x4.nearest
        local.set 6
        local.get 5
        local.get 6
        v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375
        f32x4.mul
        f32x4.sub
        local.get 6
        v128.const f32x4 -0.00021219444170128554 -0.00021219444170128554 -0.00021219444170128554 -0.00021219444170128554
        f32x4.mul
        f32x4.sub
        local.set 7
        v128.const f32x4 0.00019875691214110702 0.00019875691214110702 0.00019875691214110702 0.00019875691214110702
        local.set 8
        local.get 8
        local.get 7
        f32x4.mul
        v128.const f32x4 0.001398199936375022 0.001398199936375022 0.001398199936375022 0.001398199936375022
        f32x4.add
        local.set 8
        local.get 8
        local.get 7
        f32x4.mul
        v128.const f32x4 0.008333452045917511 0.008333452045917511 0.008333452045917511 0.008333452045917511
        f32x4.add
        local.set 8
        local.get 8
        local.get 7
        f32x4.mul
        v128.const f32x4 0.04166579619050026 0.04166579619050026 0.04166579619050026 0.04166579619050026
        f32x4.add
        local.set 8
        local.get 8
        local.get 7
        f32x4.mul
        v128.const f32x4 0.1666666567325592 0.1666666567325592 0.1666666567325592 0.1666666567325592
        f32x4.add
        local.set 8
        local.get 8
        local.get 7
        f32x4.mul
        v128.const f32x4 0.5 0.5 0.5 0.5
        f32x4.add
        local.set 8
        local.get 8
        local.get 7
        f32x4.mul
        local.get 7
        f32x4.mul
        local.get 7
        f32x4.add
        v128.const f32x4 1 1 1 1
        f32x4.add
        local.get 6
        i32x4.trunc_sat_f32x4_s
        i32.const 127
        i32x4.splat
        i32x4.add
        i32.const 23
        i32x4.shl
        f32x4.mul
        v128.const f32x4 1 1 1 1
        f32x4.add
        local.set 8
        local.get 2
        local.get 9
        i32.add
        local.get 4
        local.get 8
        f32x4.div
        v128.store
        local.get 9
        i32.const 16
        i32.add
        local.tee 9
        local.get 10
        i32.lt_s
        br_if 0
      end
    end
  )
  (func $swiglu_backward_f32 (param i32 i32 i32 i32 i32 f32 i32)
    (local v128 v128 v128 v128 v128 v128 v128 v128 i32 i32)
    local.get 5
    f32x4.splat
    local.set 14
    local.get 6
    i32.const 4
    i32.mul
    local.set 16
    i32.const 0
    local.set 15
    block
      local.get 16
      i32.eqz
      br_if 0
      loop
        local.get 0
        local.get 15
        i32.add
        v128.load
        local.set 7
        local.get 7
        f32x4.neg
        v128.const f32x4 -87 -87 -87 -87
        f32x4.max
        v128.const f32x4 88 88 88 88
        f32x4.min
        local.set 8
        local.get 8
        v128.const f32x4 1.4426950216293335 1.4426950216293335 1.4426950216293335 1.4426950216293335
        f32x4.mul
        f32x4.nearest
        local.set 9
        local.get 8
        local.get 9
        v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375
        f32x4.mul
        f32x4.sub
        local.get 9
        v128.const f32x4 -0.00021219444170128554 -0.00021219444170128554 -0.00021219444170128554 -0.00021219444170128554
        f32x4.mul
        f32x4.sub
        local.set 10
        v128.const f32x4 0.00019875691214110702 0.00019875691214110702 0.00019875691214110702 0.00019875691214110702
        local.set 11
        local.get 11
        local.get 10
        f32x4.mul
        v128.const f32x4 0.001398199936375022 0.001398199936375022 0.001398199936375022 0.001398199936375022
        f32x4.add
        local.set 11
        local.get 11
        local.get 10
        f32x4.mul
        v128.const f32x4 0.008333452045917511 0.008333452045917511 0.008333452045917511 0.008333452045917511
        f32x4.add
        local.set 11
        local.get 11
        local.get 10
        f32x4.mul
        v128.const f32x4 0.04166579619050026 0.04166579619050026 0.04166579619050026 0.04166579619050026
        f32x4.add
        local.set 11
        local.get 11
        local.get 10
        f32x4.mul
        v128.const f32x4 0.1666666567325592 0.1666666567325592 0.1666666567325592 0.1666666567325592
        f32x4.add
        local.set 11
        local.get 11
        local.get 10
        f32x4.mul
        v128.const f32x4 0.5 0.5 0.5 0.5
        f32x4.add
        local.set 11
        local.get 11
        local.get 10
        f32x4.mul
        local.get 10
        f32x4.mul
        local.get 10
        f32x4.add
        v128.const f32x4 1 1 1 1
        f32x4.add
        local.get 9
        i32x4.trunc_sat_f32x4_s
        i32.const 127
        i32x4.splat
        i32x4.add
        i32.const 23
        i32x4.shl
        f32x4.mul
        v128.const f32x4 1 1 1 1
        f32x4.add
        local.set 11
        v128.const f32x4 1 1 1 1
        local.get 11
        f32x4.div
        local.set 12
        local.get 14
        local.get 2
        local.get 15
        i32.add
        v128.load
        f32x4.mul
        local.set 13
        local.get 3
        local.get 15
        i32.add
        local.get 13
        local.get 1
        local.get 15
        i32.add
        v128.load
        f32x4.mul
        local.get 12
        f32x4.mul
        v128.const f32x4 1 1 1 1
        local.get 12
        f32x4.sub
        local.get 7
        f32x4.mul
        v128.const f32x4 1 1 1 1
        f32x4.add
        f32x4.mul
        v128.store
        local.get 4
        local.get 15
        i32.add
        local.get 13
        local.get 7
        f32x4.mul
        local.get 12
        f32x4.mul
        v128.store
        local.get 15
        i32.const 16
        i32.add
        local.tee 15
        local.get 16
        i32.lt_s
        br_if 0
      end
    end
  )
  (func $silu_backward_f32 (param i32 i32 i32 i32 i32 f32 i32)
    (local v128 v128 v128 v128 v128 v128 v128 v128 i32 i32)
    local.get 5
    f32x4.splat
    local.set 14
    local.get 6
    i32.const 4
    i32.mul
    local.set 16
    i32.const 0
    local.set 15
    block
      local.get 16
      i32.eqz
      br_if 0
      loop
        local.get 0
        local.get 15
        i32.add
        v128.load
        local.set 7
        local.get 7
        f32x4.neg
        v128.const f32x4 -87 -87 -87 -87
        f32x4.max
        v128.const f32x4 88 88 88 88
        f32x4.min
        local.set 8
        local.get 8
        v128.const f32x4 1.4426950216293335 1.4426950216293335 1.4426950216293335 1.4426950216293335
        f32x4.mul
        f32x4.nearest
        local.set 9
        local.get 8
        local.get 9
        v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375
        f32x4.mul
        f32x4.sub
        local.get 9
        v128.const f32x4 -0.00021219444170128554 -0.00021219444170128554 -0.00021219444170128554 -0.00021219444170128554
        f32x4.mul
        f32x4.sub
        local.set 10
        v128.const f32x4 0.00019875691214110702 0.00019875691214110702 0.00019875691214110702 0.00019875691214110702
        local.set 11
        local.get 11
        local.get 10
        f32x4.mul
        v128.const f32x4 0.001398199936375022 0.001398199936375022 0.001398199936375022 0.001398199936375022
        f32x4.add
        local.set 11
        local.get 11
        local.get 10
        f32x4.mul
        v128.const f32x4 0.008333452045917511 0.008333452045917511 0.008333452045917511 0.008333452045917511
        f32x4.add
        local.set 11
        local.get 11
        local.get 10
        f32x4.mul
        v128.const f32x4 0.04166579619050026 0.04166579619050026 0.04166579619050026 0.04166579619050026
        f32x4.add
        local.set 11
        local.get 11
        local.get 10
        f32x4.mul
        v128.const f32x4 0.1666666567325592 0.1666666567325592 0.1666666567325592 0.1666666567325592
        f32x4.add
        local.set 11
        local.get 11
        local.get 10
        f32x4.mul
        v128.const f32x4 0.5 0.5 0.5 0.5
        f32x4.add
        local.set 11
        local.get 11
        local.get 10
        f32x4.mul
        local.get 10
        f32x4.mul
        local.get 10
        f32x4.add
        v128.const f32x4 1 1 1 1
        f32x4.add
        local.get 9
        i32x4.trunc_sat_f32x4_s
        i32.const 127
        i32x4.splat
        i32x4.add
        i32.const 23
        i32x4.shl
        f32x4.mul
        v128.const f32x4 1 1 1 1
        f32x4.add
        local.set 11
        v128.const f32x4 1 1 1 1
        local.get 11
        f32x4.div
        local.set 12
        local.get 14
        local.get 2
        local.get 15
        i32.add
        v128.load
        f32x4.mul
        local.set 13
        local.get 3
        local.get 15
        i32.add
        local.get 13
        local.get 12
        f32x4.mul
        v128.const f32x4 1 1 1 1
        local.get 12
        f32x4.sub
        local.get 7
        f32x4.mul
        v128.const f32x4 1 1 1 1
        f32x4.add
        f32x4.mul
        v128.store
        local.get 15
        i32.const 16
        i32.add
        local.tee 15
        local.get 16
        i32.lt_s
        br_if 0
      end
    end
  )
  (func $gemv_packed_bf16_1 (param i32 i32 i32 i32 i32 i32)
    (local i32 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 15
    local.get 0
    local.set 6
    v128.const f32x4 0 0 0 0
    local.set 7
    v128.const f32x4 0 0 0 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 10
    block
      local.get 3
      i32.const 4
      i32.lt_s
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 14
        local.get 14
        i32.const 16
        i32x4.shl
        local.set 11
        local.get 14
        local.get 15
        v128.and
        local.set 12
        local.get 6
        v128.load32_splat
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 7
        f32x4.add
        local.set 7
        local.get 13
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 2
        v128.load offset=16
        local.set 14
        local.get 14
        i32.const 16
        i32x4.shl
        local.set 11
        local.get 14
        local.get 15
        v128.and
        local.set 12
        local.get 6
        v128.load32_splat offset=4
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 13
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 2
        v128.load offset=32
        local.set 14
        local.get 14
        i32.const 16
        i32x4.shl
        local.set 11
        local.get 14
        local.get 15
        v128.and
        local.set 12
        local.get 6
        v128.load32_splat offset=8
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 7
        f32x4.add
        local.set 7
        local.get 13
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 2
        v128.load offset=48
        local.set 14
        local.get 14
        i32.const 16
        i32x4.shl
        local.set 11
        local.get 14
        local.get 15
        v128.and
        local.set 12
        local.get 6
        v128.load32_splat offset=12
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 13
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 2
        i32.const 64
        i32.add
        local.set 2
        local.get 6
        i32.const 16
        i32.add
        local.set 6
        local.get 3
        i32.const 4
        i32.sub
        local.set 3
        local.get 3
        i32.const 4
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 14
        local.get 14
        i32.const 16
        i32x4.shl
        local.set 11
        local.get 14
        local.get 15
        v128.and
        local.set 12
        local.get 6
        v128.load32_splat
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 7
        f32x4.add
        local.set 7
        local.get 13
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 6
        i32.const 4
        i32.add
        local.set 6
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 7
    local.get 9
    f32x4.add
    v128.store
    local.get 4
    local.get 8
    local.get 10
    f32x4.add
    v128.store offset=16
  )
  (func $gemv_packed_bf16_2 (param i32 i32 i32 i32 i32 i32)
    (local i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 16
    local.get 0
    local.set 6
    v128.const f32x4 0 0 0 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 9
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 7
    v128.const f32x4 0 0 0 0
    local.set 10
    v128.const f32x4 0 0 0 0
    local.set 11
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 15
        local.get 15
        i32.const 16
        i32x4.shl
        local.set 12
        local.get 15
        local.get 16
        v128.and
        local.set 13
        local.get 6
        v128.load32_splat
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 14
        local.get 13
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 7
        v128.load32_splat
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 14
        local.get 13
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 2
        v128.load offset=16
        local.set 15
        local.get 15
        i32.const 16
        i32x4.shl
        local.set 12
        local.get 15
        local.get 16
        v128.and
        local.set 13
        local.get 6
        v128.load32_splat offset=4
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 14
        local.get 13
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 7
        v128.load32_splat offset=4
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 14
        local.get 13
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 6
        i32.const 8
        i32.add
        local.set 6
        local.get 7
        i32.const 8
        i32.add
        local.set 7
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 15
        local.get 15
        i32.const 16
        i32x4.shl
        local.set 12
        local.get 15
        local.get 16
        v128.and
        local.set 13
        local.get 6
        v128.load32_splat
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 14
        local.get 13
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 7
        v128.load32_splat
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 14
        local.get 13
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 6
        i32.const 4
        i32.add
        local.set 6
        local.get 7
        i32.const 4
        i32.add
        local.set 7
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 8
    v128.store
    local.get 4
    local.get 9
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 10
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 11
    v128.store offset=16
  )
  (func $gemv_packed_bf16_3 (param i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 19
    local.get 0
    local.set 6
    v128.const f32x4 0 0 0 0
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 10
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 7
    v128.const f32x4 0 0 0 0
    local.set 11
    v128.const f32x4 0 0 0 0
    local.set 12
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 13
    v128.const f32x4 0 0 0 0
    local.set 14
    block
      local.get 3
      i32.const 4
      i32.lt_s
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 18
        local.get 18
        i32.const 16
        i32x4.shl
        local.set 15
        local.get 18
        local.get 19
        v128.and
        local.set 16
        local.get 6
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        v128.load offset=16
        local.set 18
        local.get 18
        i32.const 16
        i32x4.shl
        local.set 15
        local.get 18
        local.get 19
        v128.and
        local.set 16
        local.get 6
        v128.load32_splat offset=4
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat offset=4
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat offset=4
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        v128.load offset=32
        local.set 18
        local.get 18
        i32.const 16
        i32x4.shl
        local.set 15
        local.get 18
        local.get 19
        v128.and
        local.set 16
        local.get 6
        v128.load32_splat offset=8
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat offset=8
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat offset=8
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        v128.load offset=48
        local.set 18
        local.get 18
        i32.const 16
        i32x4.shl
        local.set 15
        local.get 18
        local.get 19
        v128.and
        local.set 16
        local.get 6
        v128.load32_splat offset=12
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat offset=12
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat offset=12
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        i32.const 64
        i32.add
        local.set 2
        local.get 6
        i32.const 16
        i32.add
        local.set 6
        local.get 7
        i32.const 16
        i32.add
        local.set 7
        local.get 8
        i32.const 16
        i32.add
        local.set 8
        local.get 3
        i32.const 4
        i32.sub
        local.set 3
        local.get 3
        i32.const 4
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 18
        local.get 18
        i32.const 16
        i32x4.shl
        local.set 15
        local.get 18
        local.get 19
        v128.and
        local.set 16
        local.get 6
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 6
        i32.const 4
        i32.add
        local.set 6
        local.get 7
        i32.const 4
        i32.add
        local.set 7
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 9
    v128.store
    local.get 4
    local.get 10
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 11
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 12
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 13
    v128.store
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 14
    v128.store offset=16
  )
  (func $gemv_packed_bf16_4 (param i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 22
    local.get 0
    local.set 6
    v128.const f32x4 0 0 0 0
    local.set 10
    v128.const f32x4 0 0 0 0
    local.set 11
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 7
    v128.const f32x4 0 0 0 0
    local.set 12
    v128.const f32x4 0 0 0 0
    local.set 13
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 14
    v128.const f32x4 0 0 0 0
    local.set 15
    local.get 0
    local.get 1
    i32.const 3
    i32.mul
    i32.add
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 17
    block
      local.get 3
      i32.const 4
      i32.lt_s
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 21
        local.get 21
        i32.const 16
        i32x4.shl
        local.set 18
        local.get 21
        local.get 22
        v128.and
        local.set 19
        local.get 6
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        v128.load offset=16
        local.set 21
        local.get 21
        i32.const 16
        i32x4.shl
        local.set 18
        local.get 21
        local.get 22
        v128.and
        local.set 19
        local.get 6
        v128.load32_splat offset=4
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat offset=4
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat offset=4
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat offset=4
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        v128.load offset=32
        local.set 21
        local.get 21
        i32.const 16
        i32x4.shl
        local.set 18
        local.get 21
        local.get 22
        v128.and
        local.set 19
        local.get 6
        v128.load32_splat offset=8
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat offset=8
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat offset=8
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat offset=8
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        v128.load offset=48
        local.set 21
        local.get 21
        i32.const 16
        i32x4.shl
        local.set 18
        local.get 21
        local.get 22
        v128.and
        local.set 19
        local.get 6
        v128.load32_splat offset=12
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat offset=12
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat offset=12
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat offset=12
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        i32.const 64
        i32.add
        local.set 2
        local.get 6
        i32.const 16
        i32.add
        local.set 6
        local.get 7
        i32.const 16
        i32.add
        local.set 7
        local.get 8
        i32.const 16
        i32.add
        local.set 8
        local.get 9
        i32.const 16
        i32.add
        local.set 9
        local.get 3
        i32.const 4
        i32.sub
        local.set 3
        local.get 3
        i32.const 4
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 21
        local.get 21
        i32.const 16
        i32x4.shl
        local.set 18
        local.get 21
        local.get 22
        v128.and
        local.set 19
        local.get 6
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 6
        i32.const 4
        i32.add
        local.set 6
        local.get 7
        i32.const 4
        i32.add
        local.set 7
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 9
        i32.const 4
        i32.add
        local.set 9
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 10
    v128.store
    local.get 4
    local.get 11
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 12
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 13
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 14
    v128.store
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 15
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 16
    v128.store
    local.get 4
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 17
    v128.store offset=16
  )
  (func $gemv_packed_f16_1 (param i32 i32 i32 i32 i32 i32)
    (local i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 15
    i32.const 2147483647
    i32x4.splat
    local.set 16
    i32.const -2147483648
    i32x4.splat
    local.set 17
    v128.const f32x4 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33
    local.set 18
    local.get 0
    local.set 6
    v128.const f32x4 0 0 0 0
    local.set 7
    v128.const f32x4 0 0 0 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 10
    block
      local.get 3
      i32.const 4
      i32.lt_s
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 14
        local.get 14
        i32.const 16
        i32x4.shl
        local.set 11
        local.get 14
        local.get 15
        v128.and
        local.set 12
        local.get 11
        local.get 16
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 18
        f32x4.mul
        local.get 11
        local.get 17
        v128.and
        v128.or
        local.set 11
        local.get 12
        local.get 16
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 18
        f32x4.mul
        local.get 12
        local.get 17
        v128.and
        v128.or
        local.set 12
        local.get 6
        v128.load32_splat
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 7
        f32x4.add
        local.set 7
        local.get 13
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 2
        v128.load offset=16
        local.set 14
        local.get 14
        i32.const 16
        i32x4.shl
        local.set 11
        local.get 14
        local.get 15
        v128.and
        local.set 12
        local.get 11
        local.get 16
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 18
        f32x4.mul
        local.get 11
        local.get 17
        v128.and
        v128.or
        local.set 11
        local.get 12
        local.get 16
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 18
        f32x4.mul
        local.get 12
        local.get 17
        v128.and
        v128.or
        local.set 12
        local.get 6
        v128.load32_splat offset=4
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 13
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 2
        v128.load offset=32
        local.set 14
        local.get 14
        i32.const 16
        i32x4.shl
        local.set 11
        local.get 14
        local.get 15
        v128.and
        local.set 12
        local.get 11
        local.get 16
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 18
        f32x4.mul
        local.get 11
        local.get 17
        v128.and
        v128.or
        local.set 11
        local.get 12
        local.get 16
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 18
        f32x4.mul
        local.get 12
        local.get 17
        v128.and
        v128.or
        local.set 12
        local.get 6
        v128.load32_splat offset=8
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 7
        f32x4.add
        local.set 7
        local.get 13
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 2
        v128.load offset=48
        local.set 14
        local.get 14
        i32.const 16
        i32x4.shl
        local.set 11
        local.get 14
        local.get 15
        v128.and
        local.set 12
        local.get 11
        local.get 16
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 18
        f32x4.mul
        local.get 11
        local.get 17
        v128.and
        v128.or
        local.set 11
        local.get 12
        local.get 16
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 18
        f32x4.mul
        local.get 12
        local.get 17
        v128.and
        v128.or
        local.set 12
        local.get 6
        v128.load32_splat offset=12
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 13
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 2
        i32.const 64
        i32.add
        local.set 2
        local.get 6
        i32.const 16
        i32.add
        local.set 6
        local.get 3
        i32.const 4
        i32.sub
        local.set 3
        local.get 3
        i32.const 4
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 14
        local.get 14
        i32.const 16
        i32x4.shl
        local.set 11
        local.get 14
        local.get 15
        v128.and
        local.set 12
        local.get 11
        local.get 16
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 18
        f32x4.mul
        local.get 11
        local.get 17
        v128.and
        v128.or
        local.set 11
        local.get 12
        local.get 16
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 18
        f32x4.mul
        local.get 12
        local.get 17
        v128.and
        v128.or
        local.set 12
        local.get 6
        v128.load32_splat
        local.set 13
        local.get 13
        local.get 11
        f32x4.mul
        local.get 7
        f32x4.add
        local.set 7
        local.get 13
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 6
        i32.const 4
        i32.add
        local.set 6
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 7
    local.get 9
    f32x4.add
    v128.store
    local.get 4
    local.get 8
    local.get 10
    f32x4.add
    v128.store offset=16
  )
  (func $gemv_packed_f16_2 (param i32 i32 i32 i32 i32 i32)
    (local i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 16
    i32.const 2147483647
    i32x4.splat
    local.set 17
    i32.const -2147483648
    i32x4.splat
    local.set 18
    v128.const f32x4 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33
    local.set 19
    local.get 0
    local.set 6
    v128.const f32x4 0 0 0 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 9
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 7
    v128.const f32x4 0 0 0 0
    local.set 10
    v128.const f32x4 0 0 0 0
    local.set 11
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 15
        local.get 15
        i32.const 16
        i32x4.shl
        local.set 12
        local.get 15
        local.get 16
        v128.and
        local.set 13
        local.get 12
        local.get 17
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 19
        f32x4.mul
        local.get 12
        local.get 18
        v128.and
        v128.or
        local.set 12
        local.get 13
        local.get 17
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 19
        f32x4.mul
        local.get 13
        local.get 18
        v128.and
        v128.or
        local.set 13
        local.get 6
        v128.load32_splat
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 14
        local.get 13
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 7
        v128.load32_splat
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 14
        local.get 13
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 2
        v128.load offset=16
        local.set 15
        local.get 15
        i32.const 16
        i32x4.shl
        local.set 12
        local.get 15
        local.get 16
        v128.and
        local.set 13
        local.get 12
        local.get 17
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 19
        f32x4.mul
        local.get 12
        local.get 18
        v128.and
        v128.or
        local.set 12
        local.get 13
        local.get 17
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 19
        f32x4.mul
        local.get 13
        local.get 18
        v128.and
        v128.or
        local.set 13
        local.get 6
        v128.load32_splat offset=4
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 14
        local.get 13
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 7
        v128.load32_splat offset=4
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 14
        local.get 13
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 6
        i32.const 8
        i32.add
        local.set 6
        local.get 7
        i32.const 8
        i32.add
        local.set 7
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 15
        local.get 15
        i32.const 16
        i32x4.shl
        local.set 12
        local.get 15
        local.get 16
        v128.and
        local.set 13
        local.get 12
        local.get 17
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 19
        f32x4.mul
        local.get 12
        local.get 18
        v128.and
        v128.or
        local.set 12
        local.get 13
        local.get 17
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 19
        f32x4.mul
        local.get 13
        local.get 18
        v128.and
        v128.or
        local.set 13
        local.get 6
        v128.load32_splat
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 8
        f32x4.add
        local.set 8
        local.get 14
        local.get 13
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 7
        v128.load32_splat
        local.set 14
        local.get 14
        local.get 12
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 14
        local.get 13
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 6
        i32.const 4
        i32.add
        local.set 6
        local.get 7
        i32.const 4
        i32.add
        local.set 7
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 8
    v128.store
    local.get 4
    local.get 9
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 10
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 11
    v128.store offset=16
  )
  (func $gemv_packed_f16_3 (param i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 19
    i32.const 2147483647
    i32x4.splat
    local.set 20
    i32.const -2147483648
    i32x4.splat
    local.set 21
    v128.const f32x4 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33
    local.set 22
    local.get 0
    local.set 6
    v128.const f32x4 0 0 0 0
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 10
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 7
    v128.const f32x4 0 0 0 0
    local.set 11
    v128.const f32x4 0 0 0 0
    local.set 12
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 13
    v128.const f32x4 0 0 0 0
    local.set 14
    block
      local.get 3
      i32.const 4
      i32.lt_s
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 18
        local.get 18
        i32.const 16
        i32x4.shl
        local.set 15
        local.get 18
        local.get 19
        v128.and
        local.set 16
        local.get 15
        local.get 20
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 22
        f32x4.mul
        local.get 15
        local.get 21
        v128.and
        v128.or
        local.set 15
        local.get 16
        local.get 20
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 22
        f32x4.mul
        local.get 16
        local.get 21
        v128.and
        v128.or
        local.set 16
        local.get 6
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        v128.load offset=16
        local.set 18
        local.get 18
        i32.const 16
        i32x4.shl
        local.set 15
        local.get 18
        local.get 19
        v128.and
        local.set 16
        local.get 15
        local.get 20
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 22
        f32x4.mul
        local.get 15
        local.get 21
        v128.and
        v128.or
        local.set 15
        local.get 16
        local.get 20
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 22
        f32x4.mul
        local.get 16
        local.get 21
        v128.and
        v128.or
        local.set 16
        local.get 6
        v128.load32_splat offset=4
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat offset=4
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat offset=4
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        v128.load offset=32
        local.set 18
        local.get 18
        i32.const 16
        i32x4.shl
        local.set 15
        local.get 18
        local.get 19
        v128.and
        local.set 16
        local.get 15
        local.get 20
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 22
        f32x4.mul
        local.get 15
        local.get 21
        v128.and
        v128.or
        local.set 15
        local.get 16
        local.get 20
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 22
        f32x4.mul
        local.get 16
        local.get 21
        v128.and
        v128.or
        local.set 16
        local.get 6
        v128.load32_splat offset=8
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat offset=8
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat offset=8
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        v128.load offset=48
        local.set 18
        local.get 18
        i32.const 16
        i32x4.shl
        local.set 15
        local.get 18
        local.get 19
        v128.and
        local.set 16
        local.get 15
        local.get 20
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 22
        f32x4.mul
        local.get 15
        local.get 21
        v128.and
        v128.or
        local.set 15
        local.get 16
        local.get 20
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 22
        f32x4.mul
        local.get 16
        local.get 21
        v128.and
        v128.or
        local.set 16
        local.get 6
        v128.load32_splat offset=12
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat offset=12
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat offset=12
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        i32.const 64
        i32.add
        local.set 2
        local.get 6
        i32.const 16
        i32.add
        local.set 6
        local.get 7
        i32.const 16
        i32.add
        local.set 7
        local.get 8
        i32.const 16
        i32.add
        local.set 8
        local.get 3
        i32.const 4
        i32.sub
        local.set 3
        local.get 3
        i32.const 4
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 18
        local.get 18
        i32.const 16
        i32x4.shl
        local.set 15
        local.get 18
        local.get 19
        v128.and
        local.set 16
        local.get 15
        local.get 20
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 22
        f32x4.mul
        local.get 15
        local.get 21
        v128.and
        v128.or
        local.set 15
        local.get 16
        local.get 20
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 22
        f32x4.mul
        local.get 16
        local.get 21
        v128.and
        v128.or
        local.set 16
        local.get 6
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 9
        f32x4.add
        local.set 9
        local.get 17
        local.get 16
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 7
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 17
        local.get 16
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 8
        v128.load32_splat
        local.set 17
        local.get 17
        local.get 15
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 17
        local.get 16
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 6
        i32.const 4
        i32.add
        local.set 6
        local.get 7
        i32.const 4
        i32.add
        local.set 7
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 9
    v128.store
    local.get 4
    local.get 10
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 11
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 12
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 13
    v128.store
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 14
    v128.store offset=16
  )
  (func $gemv_packed_f16_4 (param i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 22
    i32.const 2147483647
    i32x4.splat
    local.set 23
    i32.const -2147483648
    i32x4.splat
    local.set 24
    v128.const f32x4 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33
    local.set 25
    local.get 0
    local.set 6
    v128.const f32x4 0 0 0 0
    local.set 10
    v128.const f32x4 0 0 0 0
    local.set 11
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 7
    v128.const f32x4 0 0 0 0
    local.set 12
    v128.const f32x4 0 0 0 0
    local.set 13
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 14
    v128.const f32x4 0 0 0 0
    local.set 15
    local.get 0
    local.get 1
    i32.const 3
    i32.mul
    i32.add
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 17
    block
      local.get 3
      i32.const 4
      i32.lt_s
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 21
        local.get 21
        i32.const 16
        i32x4.shl
        local.set 18
        local.get 21
        local.get 22
        v128.and
        local.set 19
        local.get 18
        local.get 23
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 25
        f32x4.mul
        local.get 18
        local.get 24
        v128.and
        v128.or
        local.set 18
        local.get 19
        local.get 23
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 25
        f32x4.mul
        local.get 19
        local.get 24
        v128.and
        v128.or
        local.set 19
        local.get 6
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        v128.load offset=16
        local.set 21
        local.get 21
        i32.const 16
        i32x4.shl
        local.set 18
        local.get 21
        local.get 22
        v128.and
        local.set 19
        local.get 18
        local.get 23
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 25
        f32x4.mul
        local.get 18
        local.get 24
        v128.and
        v128.or
        local.set 18
        local.get 19
        local.get 23
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 25
        f32x4.mul
        local.get 19
        local.get 24
        v128.and
        v128.or
        local.set 19
        local.get 6
        v128.load32_splat offset=4
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat offset=4
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat offset=4
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat offset=4
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        v128.load offset=32
        local.set 21
        local.get 21
        i32.const 16
        i32x4.shl
        local.set 18
        local.get 21
        local.get 22
        v128.and
        local.set 19
        local.get 18
        local.get 23
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 25
        f32x4.mul
        local.get 18
        local.get 24
        v128.and
        v128.or
        local.set 18
        local.get 19
        local.get 23
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 25
        f32x4.mul
        local.get 19
        local.get 24
        v128.and
        v128.or
        local.set 19
        local.get 6
        v128.load32_splat offset=8
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat offset=8
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat offset=8
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat offset=8
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        v128.load offset=48
        local.set 21
        local.get 21
        i32.const 16
        i32x4.shl
        local.set 18
        local.get 21
        local.get 22
        v128.and
        local.set 19
        local.get 18
        local.get 23
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 25
        f32x4.mul
        local.get 18
        local.get 24
        v128.and
        v128.or
        local.set 18
        local.get 19
        local.get 23
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 25
        f32x4.mul
        local.get 19
        local.get 24
        v128.and
        v128.or
        local.set 19
        local.get 6
        v128.load32_splat offset=12
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat offset=12
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat offset=12
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat offset=12
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        i32.const 64
        i32.add
        local.set 2
        local.get 6
        i32.const 16
        i32.add
        local.set 6
        local.get 7
        i32.const 16
        i32.add
        local.set 7
        local.get 8
        i32.const 16
        i32.add
        local.set 8
        local.get 9
        i32.const 16
        i32.add
        local.set 9
        local.get 3
        i32.const 4
        i32.sub
        local.set 3
        local.get 3
        i32.const 4
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 2
        v128.load
        local.set 21
        local.get 21
        i32.const 16
        i32x4.shl
        local.set 18
        local.get 21
        local.get 22
        v128.and
        local.set 19
        local.get 18
        local.get 23
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 25
        f32x4.mul
        local.get 18
        local.get 24
        v128.and
        v128.or
        local.set 18
        local.get 19
        local.get 23
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 25
        f32x4.mul
        local.get 19
        local.get 24
        v128.and
        v128.or
        local.set 19
        local.get 6
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 10
        f32x4.add
        local.set 10
        local.get 20
        local.get 19
        f32x4.mul
        local.get 11
        f32x4.add
        local.set 11
        local.get 7
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 20
        local.get 19
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 8
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 20
        local.get 19
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 9
        v128.load32_splat
        local.set 20
        local.get 20
        local.get 18
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 20
        local.get 19
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 6
        i32.const 4
        i32.add
        local.set 6
        local.get 7
        i32.const 4
        i32.add
        local.set 7
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 9
        i32.const 4
        i32.add
        local.set 9
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 10
    v128.store
    local.get 4
    local.get 11
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 12
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 13
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 14
    v128.store
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 15
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 16
    v128.store
    local.get 4
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 17
    v128.store offset=16
  )
  (func $widen_bf16_panels (param i32 i32 i32)
    (local v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 6
    block
      local.get 2
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 0
        v128.load
        local.set 5
        local.get 5
        i32.const 16
        i32x4.shl
        local.set 3
        local.get 5
        local.get 6
        v128.and
        local.set 4
        local.get 1
        local.get 3
        v128.store
        local.get 1
        local.get 4
        v128.store offset=16
        local.get 0
        i32.const 16
        i32.add
        local.set 0
        local.get 1
        i32.const 32
        i32.add
        local.set 1
        local.get 2
        i32.const 1
        i32.sub
        local.tee 2
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
  )
  (func $widen_f16_panels (param i32 i32 i32)
    (local v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 6
    i32.const 2147483647
    i32x4.splat
    local.set 7
    i32.const -2147483648
    i32x4.splat
    local.set 8
    v128.const f32x4 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33
    local.set 9
    block
      local.get 2
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 0
        v128.load
        local.set 5
        local.get 5
        i32.const 16
        i32x4.shl
        local.set 3
        local.get 5
        local.get 6
        v128.and
        local.set 4
        local.get 3
        local.get 7
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 9
        f32x4.mul
        local.get 3
        local.get 8
        v128.and
        v128.or
        local.set 3
        local.get 4
        local.get 7
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 9
        f32x4.mul
        local.get 4
        local.get 8
        v128.and
        v128.or
        local.set 4
        local.get 1
        local.get 3
        v128.store
        local.get 1
        local.get 4
        v128.store offset=16
        local.get 0
        i32.const 16
        i32.add
        local.set 0
        local.get 1
        i32.const 32
        i32.add
        local.set 1
        local.get 2
        i32.const 1
        i32.sub
        local.tee 2
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
  )
  (func $gemv_packed_streams_f32_1 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    local.get 2
    local.get 6
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    local.get 2
    local.get 6
    i32.const 2
    i32.mul
    i32.add
    local.set 10
    local.get 2
    local.get 6
    i32.const 3
    i32.mul
    i32.add
    local.set 11
    local.get 2
    local.get 6
    i32.const 4
    i32.mul
    i32.add
    local.set 12
    local.get 2
    local.get 6
    i32.const 5
    i32.mul
    i32.add
    local.set 13
    local.get 2
    local.get 6
    i32.const 6
    i32.mul
    i32.add
    local.set 14
    local.get 2
    local.get 6
    i32.const 7
    i32.mul
    i32.add
    local.set 15
    local.get 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 17
    v128.const f32x4 0 0 0 0
    local.set 18
    v128.const f32x4 0 0 0 0
    local.set 19
    v128.const f32x4 0 0 0 0
    local.set 20
    v128.const f32x4 0 0 0 0
    local.set 21
    v128.const f32x4 0 0 0 0
    local.set 22
    v128.const f32x4 0 0 0 0
    local.set 23
    v128.const f32x4 0 0 0 0
    local.set 24
    v128.const f32x4 0 0 0 0
    local.set 25
    v128.const f32x4 0 0 0 0
    local.set 26
    v128.const f32x4 0 0 0 0
    local.set 27
    v128.const f32x4 0 0 0 0
    local.set 28
    v128.const f32x4 0 0 0 0
    local.set 29
    v128.const f32x4 0 0 0 0
    local.set 30
    v128.const f32x4 0 0 0 0
    local.set 31
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 34
        local.get 2
        v128.load
        local.set 32
        local.get 2
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 34
        local.get 33
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 9
        v128.load
        local.set 32
        local.get 9
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 33
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 10
        v128.load
        local.set 32
        local.get 10
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 34
        local.get 33
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 11
        v128.load
        local.set 32
        local.get 11
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 34
        local.get 33
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 12
        v128.load
        local.set 32
        local.get 12
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 34
        local.get 33
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 13
        v128.load
        local.set 32
        local.get 13
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 33
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 14
        v128.load
        local.set 32
        local.get 14
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 34
        local.get 33
        f32x4.mul
        local.get 29
        f32x4.add
        local.set 29
        local.get 15
        v128.load
        local.set 32
        local.get 15
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 30
        f32x4.add
        local.set 30
        local.get 34
        local.get 33
        f32x4.mul
        local.get 31
        f32x4.add
        local.set 31
        local.get 8
        v128.load32_splat offset=4
        local.set 34
        local.get 2
        v128.load offset=32
        local.set 32
        local.get 2
        v128.load offset=48
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 34
        local.get 33
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 9
        v128.load offset=32
        local.set 32
        local.get 9
        v128.load offset=48
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 33
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 10
        v128.load offset=32
        local.set 32
        local.get 10
        v128.load offset=48
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 34
        local.get 33
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 11
        v128.load offset=32
        local.set 32
        local.get 11
        v128.load offset=48
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 34
        local.get 33
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 12
        v128.load offset=32
        local.set 32
        local.get 12
        v128.load offset=48
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 34
        local.get 33
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 13
        v128.load offset=32
        local.set 32
        local.get 13
        v128.load offset=48
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 33
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 14
        v128.load offset=32
        local.set 32
        local.get 14
        v128.load offset=48
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 34
        local.get 33
        f32x4.mul
        local.get 29
        f32x4.add
        local.set 29
        local.get 15
        v128.load offset=32
        local.set 32
        local.get 15
        v128.load offset=48
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 30
        f32x4.add
        local.set 30
        local.get 34
        local.get 33
        f32x4.mul
        local.get 31
        f32x4.add
        local.set 31
        local.get 2
        i32.const 64
        i32.add
        local.set 2
        local.get 9
        i32.const 64
        i32.add
        local.set 9
        local.get 10
        i32.const 64
        i32.add
        local.set 10
        local.get 11
        i32.const 64
        i32.add
        local.set 11
        local.get 12
        i32.const 64
        i32.add
        local.set 12
        local.get 13
        i32.const 64
        i32.add
        local.set 13
        local.get 14
        i32.const 64
        i32.add
        local.set 14
        local.get 15
        i32.const 64
        i32.add
        local.set 15
        local.get 8
        i32.const 8
        i32.add
        local.set 8
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 34
        local.get 2
        v128.load
        local.set 32
        local.get 2
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 34
        local.get 33
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 9
        v128.load
        local.set 32
        local.get 9
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 33
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 10
        v128.load
        local.set 32
        local.get 10
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 34
        local.get 33
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 11
        v128.load
        local.set 32
        local.get 11
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 34
        local.get 33
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 12
        v128.load
        local.set 32
        local.get 12
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 34
        local.get 33
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 13
        v128.load
        local.set 32
        local.get 13
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 33
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 14
        v128.load
        local.set 32
        local.get 14
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 34
        local.get 33
        f32x4.mul
        local.get 29
        f32x4.add
        local.set 29
        local.get 15
        v128.load
        local.set 32
        local.get 15
        v128.load offset=16
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 30
        f32x4.add
        local.set 30
        local.get 34
        local.get 33
        f32x4.mul
        local.get 31
        f32x4.add
        local.set 31
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 9
        i32.const 32
        i32.add
        local.set 9
        local.get 10
        i32.const 32
        i32.add
        local.set 10
        local.get 11
        i32.const 32
        i32.add
        local.set 11
        local.get 12
        i32.const 32
        i32.add
        local.set 12
        local.get 13
        i32.const 32
        i32.add
        local.set 13
        local.get 14
        i32.const 32
        i32.add
        local.set 14
        local.get 15
        i32.const 32
        i32.add
        local.set 15
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 16
    v128.store
    local.get 4
    local.get 17
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 18
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 19
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 20
    v128.store
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 21
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 22
    v128.store
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 23
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 4
    i32.mul
    i32.add
    local.get 24
    v128.store
    local.get 4
    local.get 7
    i32.const 4
    i32.mul
    i32.add
    local.get 25
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 5
    i32.mul
    i32.add
    local.get 26
    v128.store
    local.get 4
    local.get 7
    i32.const 5
    i32.mul
    i32.add
    local.get 27
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 6
    i32.mul
    i32.add
    local.get 28
    v128.store
    local.get 4
    local.get 7
    i32.const 6
    i32.mul
    i32.add
    local.get 29
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 7
    i32.mul
    i32.add
    local.get 30
    v128.store
    local.get 4
    local.get 7
    i32.const 7
    i32.mul
    i32.add
    local.get 31
    v128.store offset=16
  )
  (func $gemv_packed_streams_f32_2 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    local.get 2
    local.get 6
    i32.const 1
    i32.mul
    i32.add
    local.set 10
    local.get 2
    local.get 6
    i32.const 2
    i32.mul
    i32.add
    local.set 11
    local.get 2
    local.get 6
    i32.const 3
    i32.mul
    i32.add
    local.set 12
    local.get 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 13
    v128.const f32x4 0 0 0 0
    local.set 14
    v128.const f32x4 0 0 0 0
    local.set 17
    v128.const f32x4 0 0 0 0
    local.set 18
    v128.const f32x4 0 0 0 0
    local.set 21
    v128.const f32x4 0 0 0 0
    local.set 22
    v128.const f32x4 0 0 0 0
    local.set 25
    v128.const f32x4 0 0 0 0
    local.set 26
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 15
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 19
    v128.const f32x4 0 0 0 0
    local.set 20
    v128.const f32x4 0 0 0 0
    local.set 23
    v128.const f32x4 0 0 0 0
    local.set 24
    v128.const f32x4 0 0 0 0
    local.set 27
    v128.const f32x4 0 0 0 0
    local.set 28
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 31
        local.get 9
        v128.load32_splat
        local.set 32
        local.get 2
        v128.load
        local.set 29
        local.get 2
        v128.load offset=16
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 10
        v128.load
        local.set 29
        local.get 10
        v128.load offset=16
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 31
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 32
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 32
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 11
        v128.load
        local.set 29
        local.get 11
        v128.load offset=16
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 12
        v128.load
        local.set 29
        local.get 12
        v128.load offset=16
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 31
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 32
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 32
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 8
        v128.load32_splat offset=4
        local.set 31
        local.get 9
        v128.load32_splat offset=4
        local.set 32
        local.get 2
        v128.load offset=32
        local.set 29
        local.get 2
        v128.load offset=48
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 10
        v128.load offset=32
        local.set 29
        local.get 10
        v128.load offset=48
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 31
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 32
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 32
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 11
        v128.load offset=32
        local.set 29
        local.get 11
        v128.load offset=48
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 12
        v128.load offset=32
        local.set 29
        local.get 12
        v128.load offset=48
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 31
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 32
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 32
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 2
        i32.const 64
        i32.add
        local.set 2
        local.get 10
        i32.const 64
        i32.add
        local.set 10
        local.get 11
        i32.const 64
        i32.add
        local.set 11
        local.get 12
        i32.const 64
        i32.add
        local.set 12
        local.get 8
        i32.const 8
        i32.add
        local.set 8
        local.get 9
        i32.const 8
        i32.add
        local.set 9
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 31
        local.get 9
        v128.load32_splat
        local.set 32
        local.get 2
        v128.load
        local.set 29
        local.get 2
        v128.load offset=16
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 10
        v128.load
        local.set 29
        local.get 10
        v128.load offset=16
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 31
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 32
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 32
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 11
        v128.load
        local.set 29
        local.get 11
        v128.load offset=16
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 12
        v128.load
        local.set 29
        local.get 12
        v128.load offset=16
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 31
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 32
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 32
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 10
        i32.const 32
        i32.add
        local.set 10
        local.get 11
        i32.const 32
        i32.add
        local.set 11
        local.get 12
        i32.const 32
        i32.add
        local.set 12
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 9
        i32.const 4
        i32.add
        local.set 9
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 13
    v128.store
    local.get 4
    local.get 14
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 15
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 16
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 17
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 18
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 19
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 20
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 21
    v128.store
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 22
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 23
    v128.store
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 24
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 25
    v128.store
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 26
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 27
    v128.store
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 28
    v128.store offset=16
  )
  (func $gemv_packed_streams_f32_3 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    local.get 2
    local.get 6
    i32.const 1
    i32.mul
    i32.add
    local.set 11
    local.get 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 12
    v128.const f32x4 0 0 0 0
    local.set 13
    v128.const f32x4 0 0 0 0
    local.set 18
    v128.const f32x4 0 0 0 0
    local.set 19
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 14
    v128.const f32x4 0 0 0 0
    local.set 15
    v128.const f32x4 0 0 0 0
    local.set 20
    v128.const f32x4 0 0 0 0
    local.set 21
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 10
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 17
    v128.const f32x4 0 0 0 0
    local.set 22
    v128.const f32x4 0 0 0 0
    local.set 23
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 26
        local.get 9
        v128.load32_splat
        local.set 27
        local.get 10
        v128.load32_splat
        local.set 28
        local.get 2
        v128.load
        local.set 24
        local.get 2
        v128.load offset=16
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 26
        local.get 25
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 27
        local.get 24
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 27
        local.get 25
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 28
        local.get 24
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 28
        local.get 25
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 11
        v128.load
        local.set 24
        local.get 11
        v128.load offset=16
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 26
        local.get 25
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 27
        local.get 24
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 27
        local.get 25
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 28
        local.get 24
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 28
        local.get 25
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 8
        v128.load32_splat offset=4
        local.set 26
        local.get 9
        v128.load32_splat offset=4
        local.set 27
        local.get 10
        v128.load32_splat offset=4
        local.set 28
        local.get 2
        v128.load offset=32
        local.set 24
        local.get 2
        v128.load offset=48
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 26
        local.get 25
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 27
        local.get 24
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 27
        local.get 25
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 28
        local.get 24
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 28
        local.get 25
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 11
        v128.load offset=32
        local.set 24
        local.get 11
        v128.load offset=48
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 26
        local.get 25
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 27
        local.get 24
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 27
        local.get 25
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 28
        local.get 24
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 28
        local.get 25
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 2
        i32.const 64
        i32.add
        local.set 2
        local.get 11
        i32.const 64
        i32.add
        local.set 11
        local.get 8
        i32.const 8
        i32.add
        local.set 8
        local.get 9
        i32.const 8
        i32.add
        local.set 9
        local.get 10
        i32.const 8
        i32.add
        local.set 10
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 26
        local.get 9
        v128.load32_splat
        local.set 27
        local.get 10
        v128.load32_splat
        local.set 28
        local.get 2
        v128.load
        local.set 24
        local.get 2
        v128.load offset=16
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 26
        local.get 25
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 27
        local.get 24
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 27
        local.get 25
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 28
        local.get 24
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 28
        local.get 25
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 11
        v128.load
        local.set 24
        local.get 11
        v128.load offset=16
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 26
        local.get 25
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 27
        local.get 24
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 27
        local.get 25
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 28
        local.get 24
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 28
        local.get 25
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 11
        i32.const 32
        i32.add
        local.set 11
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 9
        i32.const 4
        i32.add
        local.set 9
        local.get 10
        i32.const 4
        i32.add
        local.set 10
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 12
    v128.store
    local.get 4
    local.get 13
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 14
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 15
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 16
    v128.store
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 17
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 18
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 19
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 20
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 21
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 22
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 23
    v128.store offset=16
  )
  (func $gemv_packed_streams_f32_4 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    local.get 2
    local.get 6
    i32.const 1
    i32.mul
    i32.add
    local.set 12
    local.get 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 13
    v128.const f32x4 0 0 0 0
    local.set 14
    v128.const f32x4 0 0 0 0
    local.set 21
    v128.const f32x4 0 0 0 0
    local.set 22
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 15
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 23
    v128.const f32x4 0 0 0 0
    local.set 24
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 10
    v128.const f32x4 0 0 0 0
    local.set 17
    v128.const f32x4 0 0 0 0
    local.set 18
    v128.const f32x4 0 0 0 0
    local.set 25
    v128.const f32x4 0 0 0 0
    local.set 26
    local.get 0
    local.get 1
    i32.const 3
    i32.mul
    i32.add
    local.set 11
    v128.const f32x4 0 0 0 0
    local.set 19
    v128.const f32x4 0 0 0 0
    local.set 20
    v128.const f32x4 0 0 0 0
    local.set 27
    v128.const f32x4 0 0 0 0
    local.set 28
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 31
        local.get 9
        v128.load32_splat
        local.set 32
        local.get 10
        v128.load32_splat
        local.set 33
        local.get 11
        v128.load32_splat
        local.set 34
        local.get 2
        v128.load
        local.set 29
        local.get 2
        v128.load offset=16
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 33
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 33
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 34
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 12
        v128.load
        local.set 29
        local.get 12
        v128.load offset=16
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 33
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 33
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 34
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 8
        v128.load32_splat offset=4
        local.set 31
        local.get 9
        v128.load32_splat offset=4
        local.set 32
        local.get 10
        v128.load32_splat offset=4
        local.set 33
        local.get 11
        v128.load32_splat offset=4
        local.set 34
        local.get 2
        v128.load offset=32
        local.set 29
        local.get 2
        v128.load offset=48
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 33
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 33
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 34
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 12
        v128.load offset=32
        local.set 29
        local.get 12
        v128.load offset=48
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 33
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 33
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 34
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 2
        i32.const 64
        i32.add
        local.set 2
        local.get 12
        i32.const 64
        i32.add
        local.set 12
        local.get 8
        i32.const 8
        i32.add
        local.set 8
        local.get 9
        i32.const 8
        i32.add
        local.set 9
        local.get 10
        i32.const 8
        i32.add
        local.set 10
        local.get 11
        i32.const 8
        i32.add
        local.set 11
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 31
        local.get 9
        v128.load32_splat
        local.set 32
        local.get 10
        v128.load32_splat
        local.set 33
        local.get 11
        v128.load32_splat
        local.set 34
        local.get 2
        v128.load
        local.set 29
        local.get 2
        v128.load offset=16
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 33
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 33
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 34
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 12
        v128.load
        local.set 29
        local.get 12
        v128.load offset=16
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 33
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 33
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 34
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 12
        i32.const 32
        i32.add
        local.set 12
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 9
        i32.const 4
        i32.add
        local.set 9
        local.get 10
        i32.const 4
        i32.add
        local.set 10
        local.get 11
        i32.const 4
        i32.add
        local.set 11
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 13
    v128.store
    local.get 4
    local.get 14
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 15
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 16
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 17
    v128.store
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 18
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 19
    v128.store
    local.get 4
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 20
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 21
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 22
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 23
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 24
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 25
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 26
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 27
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 28
    v128.store offset=16
  )
  (func $gemv_packed_streams_bf16_1 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 36
    local.get 2
    local.get 6
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    local.get 2
    local.get 6
    i32.const 2
    i32.mul
    i32.add
    local.set 10
    local.get 2
    local.get 6
    i32.const 3
    i32.mul
    i32.add
    local.set 11
    local.get 2
    local.get 6
    i32.const 4
    i32.mul
    i32.add
    local.set 12
    local.get 2
    local.get 6
    i32.const 5
    i32.mul
    i32.add
    local.set 13
    local.get 2
    local.get 6
    i32.const 6
    i32.mul
    i32.add
    local.set 14
    local.get 2
    local.get 6
    i32.const 7
    i32.mul
    i32.add
    local.set 15
    local.get 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 17
    v128.const f32x4 0 0 0 0
    local.set 18
    v128.const f32x4 0 0 0 0
    local.set 19
    v128.const f32x4 0 0 0 0
    local.set 20
    v128.const f32x4 0 0 0 0
    local.set 21
    v128.const f32x4 0 0 0 0
    local.set 22
    v128.const f32x4 0 0 0 0
    local.set 23
    v128.const f32x4 0 0 0 0
    local.set 24
    v128.const f32x4 0 0 0 0
    local.set 25
    v128.const f32x4 0 0 0 0
    local.set 26
    v128.const f32x4 0 0 0 0
    local.set 27
    v128.const f32x4 0 0 0 0
    local.set 28
    v128.const f32x4 0 0 0 0
    local.set 29
    v128.const f32x4 0 0 0 0
    local.set 30
    v128.const f32x4 0 0 0 0
    local.set 31
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 34
        local.get 2
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 34
        local.get 33
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 9
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 33
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 10
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 34
        local.get 33
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 11
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 34
        local.get 33
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 12
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 34
        local.get 33
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 13
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 33
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 14
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 34
        local.get 33
        f32x4.mul
        local.get 29
        f32x4.add
        local.set 29
        local.get 15
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 30
        f32x4.add
        local.set 30
        local.get 34
        local.get 33
        f32x4.mul
        local.get 31
        f32x4.add
        local.set 31
        local.get 8
        v128.load32_splat offset=4
        local.set 34
        local.get 2
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 34
        local.get 33
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 9
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 33
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 10
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 34
        local.get 33
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 11
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 34
        local.get 33
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 12
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 34
        local.get 33
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 13
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 33
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 14
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 34
        local.get 33
        f32x4.mul
        local.get 29
        f32x4.add
        local.set 29
        local.get 15
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 30
        f32x4.add
        local.set 30
        local.get 34
        local.get 33
        f32x4.mul
        local.get 31
        f32x4.add
        local.set 31
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 9
        i32.const 32
        i32.add
        local.set 9
        local.get 10
        i32.const 32
        i32.add
        local.set 10
        local.get 11
        i32.const 32
        i32.add
        local.set 11
        local.get 12
        i32.const 32
        i32.add
        local.set 12
        local.get 13
        i32.const 32
        i32.add
        local.set 13
        local.get 14
        i32.const 32
        i32.add
        local.set 14
        local.get 15
        i32.const 32
        i32.add
        local.set 15
        local.get 8
        i32.const 8
        i32.add
        local.set 8
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 34
        local.get 2
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 34
        local.get 33
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 9
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 33
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 10
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 34
        local.get 33
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 11
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 34
        local.get 33
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 12
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 34
        local.get 33
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 13
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 33
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 14
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 34
        local.get 33
        f32x4.mul
        local.get 29
        f32x4.add
        local.set 29
        local.get 15
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 30
        f32x4.add
        local.set 30
        local.get 34
        local.get 33
        f32x4.mul
        local.get 31
        f32x4.add
        local.set 31
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 9
        i32.const 16
        i32.add
        local.set 9
        local.get 10
        i32.const 16
        i32.add
        local.set 10
        local.get 11
        i32.const 16
        i32.add
        local.set 11
        local.get 12
        i32.const 16
        i32.add
        local.set 12
        local.get 13
        i32.const 16
        i32.add
        local.set 13
        local.get 14
        i32.const 16
        i32.add
        local.set 14
        local.get 15
        i32.const 16
        i32.add
        local.set 15
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 16
    v128.store
    local.get 4
    local.get 17
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 18
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 19
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 20
    v128.store
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 21
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 22
    v128.store
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 23
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 4
    i32.mul
    i32.add
    local.get 24
    v128.store
    local.get 4
    local.get 7
    i32.const 4
    i32.mul
    i32.add
    local.get 25
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 5
    i32.mul
    i32.add
    local.get 26
    v128.store
    local.get 4
    local.get 7
    i32.const 5
    i32.mul
    i32.add
    local.get 27
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 6
    i32.mul
    i32.add
    local.get 28
    v128.store
    local.get 4
    local.get 7
    i32.const 6
    i32.mul
    i32.add
    local.get 29
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 7
    i32.mul
    i32.add
    local.get 30
    v128.store
    local.get 4
    local.get 7
    i32.const 7
    i32.mul
    i32.add
    local.get 31
    v128.store offset=16
  )
  (func $gemv_packed_streams_bf16_2 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 34
    local.get 2
    local.get 6
    i32.const 1
    i32.mul
    i32.add
    local.set 10
    local.get 2
    local.get 6
    i32.const 2
    i32.mul
    i32.add
    local.set 11
    local.get 2
    local.get 6
    i32.const 3
    i32.mul
    i32.add
    local.set 12
    local.get 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 13
    v128.const f32x4 0 0 0 0
    local.set 14
    v128.const f32x4 0 0 0 0
    local.set 17
    v128.const f32x4 0 0 0 0
    local.set 18
    v128.const f32x4 0 0 0 0
    local.set 21
    v128.const f32x4 0 0 0 0
    local.set 22
    v128.const f32x4 0 0 0 0
    local.set 25
    v128.const f32x4 0 0 0 0
    local.set 26
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 15
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 19
    v128.const f32x4 0 0 0 0
    local.set 20
    v128.const f32x4 0 0 0 0
    local.set 23
    v128.const f32x4 0 0 0 0
    local.set 24
    v128.const f32x4 0 0 0 0
    local.set 27
    v128.const f32x4 0 0 0 0
    local.set 28
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 31
        local.get 9
        v128.load32_splat
        local.set 32
        local.get 2
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 10
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 31
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 32
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 32
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 11
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 12
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 31
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 32
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 32
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 8
        v128.load32_splat offset=4
        local.set 31
        local.get 9
        v128.load32_splat offset=4
        local.set 32
        local.get 2
        v128.load offset=16
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 10
        v128.load offset=16
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 31
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 32
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 32
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 11
        v128.load offset=16
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 12
        v128.load offset=16
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 31
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 32
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 32
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 10
        i32.const 32
        i32.add
        local.set 10
        local.get 11
        i32.const 32
        i32.add
        local.set 11
        local.get 12
        i32.const 32
        i32.add
        local.set 12
        local.get 8
        i32.const 8
        i32.add
        local.set 8
        local.get 9
        i32.const 8
        i32.add
        local.set 9
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 31
        local.get 9
        v128.load32_splat
        local.set 32
        local.get 2
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 10
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 31
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 32
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 32
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 11
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 12
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 31
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 32
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 32
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 10
        i32.const 16
        i32.add
        local.set 10
        local.get 11
        i32.const 16
        i32.add
        local.set 11
        local.get 12
        i32.const 16
        i32.add
        local.set 12
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 9
        i32.const 4
        i32.add
        local.set 9
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 13
    v128.store
    local.get 4
    local.get 14
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 15
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 16
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 17
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 18
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 19
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 20
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 21
    v128.store
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 22
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 23
    v128.store
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 24
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 25
    v128.store
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 26
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 27
    v128.store
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 28
    v128.store offset=16
  )
  (func $gemv_packed_streams_bf16_3 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 30
    local.get 2
    local.get 6
    i32.const 1
    i32.mul
    i32.add
    local.set 11
    local.get 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 12
    v128.const f32x4 0 0 0 0
    local.set 13
    v128.const f32x4 0 0 0 0
    local.set 18
    v128.const f32x4 0 0 0 0
    local.set 19
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 14
    v128.const f32x4 0 0 0 0
    local.set 15
    v128.const f32x4 0 0 0 0
    local.set 20
    v128.const f32x4 0 0 0 0
    local.set 21
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 10
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 17
    v128.const f32x4 0 0 0 0
    local.set 22
    v128.const f32x4 0 0 0 0
    local.set 23
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 26
        local.get 9
        v128.load32_splat
        local.set 27
        local.get 10
        v128.load32_splat
        local.set 28
        local.get 2
        v128.load
        local.set 29
        local.get 29
        i32.const 16
        i32x4.shl
        local.set 24
        local.get 29
        local.get 30
        v128.and
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 26
        local.get 25
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 27
        local.get 24
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 27
        local.get 25
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 28
        local.get 24
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 28
        local.get 25
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 11
        v128.load
        local.set 29
        local.get 29
        i32.const 16
        i32x4.shl
        local.set 24
        local.get 29
        local.get 30
        v128.and
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 26
        local.get 25
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 27
        local.get 24
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 27
        local.get 25
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 28
        local.get 24
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 28
        local.get 25
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 8
        v128.load32_splat offset=4
        local.set 26
        local.get 9
        v128.load32_splat offset=4
        local.set 27
        local.get 10
        v128.load32_splat offset=4
        local.set 28
        local.get 2
        v128.load offset=16
        local.set 29
        local.get 29
        i32.const 16
        i32x4.shl
        local.set 24
        local.get 29
        local.get 30
        v128.and
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 26
        local.get 25
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 27
        local.get 24
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 27
        local.get 25
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 28
        local.get 24
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 28
        local.get 25
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 11
        v128.load offset=16
        local.set 29
        local.get 29
        i32.const 16
        i32x4.shl
        local.set 24
        local.get 29
        local.get 30
        v128.and
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 26
        local.get 25
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 27
        local.get 24
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 27
        local.get 25
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 28
        local.get 24
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 28
        local.get 25
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 11
        i32.const 32
        i32.add
        local.set 11
        local.get 8
        i32.const 8
        i32.add
        local.set 8
        local.get 9
        i32.const 8
        i32.add
        local.set 9
        local.get 10
        i32.const 8
        i32.add
        local.set 10
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 26
        local.get 9
        v128.load32_splat
        local.set 27
        local.get 10
        v128.load32_splat
        local.set 28
        local.get 2
        v128.load
        local.set 29
        local.get 29
        i32.const 16
        i32x4.shl
        local.set 24
        local.get 29
        local.get 30
        v128.and
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 26
        local.get 25
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 27
        local.get 24
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 27
        local.get 25
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 28
        local.get 24
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 28
        local.get 25
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 11
        v128.load
        local.set 29
        local.get 29
        i32.const 16
        i32x4.shl
        local.set 24
        local.get 29
        local.get 30
        v128.and
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 26
        local.get 25
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 27
        local.get 24
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 27
        local.get 25
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 28
        local.get 24
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 28
        local.get 25
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 11
        i32.const 16
        i32.add
        local.set 11
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 9
        i32.const 4
        i32.add
        local.set 9
        local.get 10
        i32.const 4
        i32.add
        local.set 10
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 12
    v128.store
    local.get 4
    local.get 13
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 14
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 15
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 16
    v128.store
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 17
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 18
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 19
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 20
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 21
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 22
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 23
    v128.store offset=16
  )
  (func $gemv_packed_streams_bf16_4 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 36
    local.get 2
    local.get 6
    i32.const 1
    i32.mul
    i32.add
    local.set 12
    local.get 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 13
    v128.const f32x4 0 0 0 0
    local.set 14
    v128.const f32x4 0 0 0 0
    local.set 21
    v128.const f32x4 0 0 0 0
    local.set 22
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 15
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 23
    v128.const f32x4 0 0 0 0
    local.set 24
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 10
    v128.const f32x4 0 0 0 0
    local.set 17
    v128.const f32x4 0 0 0 0
    local.set 18
    v128.const f32x4 0 0 0 0
    local.set 25
    v128.const f32x4 0 0 0 0
    local.set 26
    local.get 0
    local.get 1
    i32.const 3
    i32.mul
    i32.add
    local.set 11
    v128.const f32x4 0 0 0 0
    local.set 19
    v128.const f32x4 0 0 0 0
    local.set 20
    v128.const f32x4 0 0 0 0
    local.set 27
    v128.const f32x4 0 0 0 0
    local.set 28
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 31
        local.get 9
        v128.load32_splat
        local.set 32
        local.get 10
        v128.load32_splat
        local.set 33
        local.get 11
        v128.load32_splat
        local.set 34
        local.get 2
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 35
        local.get 36
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 33
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 33
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 34
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 12
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 35
        local.get 36
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 33
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 33
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 34
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 8
        v128.load32_splat offset=4
        local.set 31
        local.get 9
        v128.load32_splat offset=4
        local.set 32
        local.get 10
        v128.load32_splat offset=4
        local.set 33
        local.get 11
        v128.load32_splat offset=4
        local.set 34
        local.get 2
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 35
        local.get 36
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 33
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 33
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 34
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 12
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 35
        local.get 36
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 33
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 33
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 34
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 12
        i32.const 32
        i32.add
        local.set 12
        local.get 8
        i32.const 8
        i32.add
        local.set 8
        local.get 9
        i32.const 8
        i32.add
        local.set 9
        local.get 10
        i32.const 8
        i32.add
        local.set 10
        local.get 11
        i32.const 8
        i32.add
        local.set 11
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 31
        local.get 9
        v128.load32_splat
        local.set 32
        local.get 10
        v128.load32_splat
        local.set 33
        local.get 11
        v128.load32_splat
        local.set 34
        local.get 2
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 35
        local.get 36
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 33
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 33
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 34
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 12
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 35
        local.get 36
        v128.and
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 33
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 33
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 34
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 12
        i32.const 16
        i32.add
        local.set 12
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 9
        i32.const 4
        i32.add
        local.set 9
        local.get 10
        i32.const 4
        i32.add
        local.set 10
        local.get 11
        i32.const 4
        i32.add
        local.set 11
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 13
    v128.store
    local.get 4
    local.get 14
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 15
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 16
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 17
    v128.store
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 18
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 19
    v128.store
    local.get 4
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 20
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 21
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 22
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 23
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 24
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 25
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 26
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 27
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 28
    v128.store offset=16
  )
  (func $gemv_packed_streams_f16_1 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 36
    i32.const 2147483647
    i32x4.splat
    local.set 37
    i32.const -2147483648
    i32x4.splat
    local.set 38
    v128.const f32x4 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33
    local.set 39
    local.get 2
    local.get 6
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    local.get 2
    local.get 6
    i32.const 2
    i32.mul
    i32.add
    local.set 10
    local.get 2
    local.get 6
    i32.const 3
    i32.mul
    i32.add
    local.set 11
    local.get 2
    local.get 6
    i32.const 4
    i32.mul
    i32.add
    local.set 12
    local.get 2
    local.get 6
    i32.const 5
    i32.mul
    i32.add
    local.set 13
    local.get 2
    local.get 6
    i32.const 6
    i32.mul
    i32.add
    local.set 14
    local.get 2
    local.get 6
    i32.const 7
    i32.mul
    i32.add
    local.set 15
    local.get 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 17
    v128.const f32x4 0 0 0 0
    local.set 18
    v128.const f32x4 0 0 0 0
    local.set 19
    v128.const f32x4 0 0 0 0
    local.set 20
    v128.const f32x4 0 0 0 0
    local.set 21
    v128.const f32x4 0 0 0 0
    local.set 22
    v128.const f32x4 0 0 0 0
    local.set 23
    v128.const f32x4 0 0 0 0
    local.set 24
    v128.const f32x4 0 0 0 0
    local.set 25
    v128.const f32x4 0 0 0 0
    local.set 26
    v128.const f32x4 0 0 0 0
    local.set 27
    v128.const f32x4 0 0 0 0
    local.set 28
    v128.const f32x4 0 0 0 0
    local.set 29
    v128.const f32x4 0 0 0 0
    local.set 30
    v128.const f32x4 0 0 0 0
    local.set 31
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 34
        local.get 2
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 34
        local.get 33
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 9
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 33
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 10
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 34
        local.get 33
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 11
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 34
        local.get 33
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 12
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 34
        local.get 33
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 13
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 33
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 14
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 34
        local.get 33
        f32x4.mul
        local.get 29
        f32x4.add
        local.set 29
        local.get 15
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 30
        f32x4.add
        local.set 30
        local.get 34
        local.get 33
        f32x4.mul
        local.get 31
        f32x4.add
        local.set 31
        local.get 8
        v128.load32_splat offset=4
        local.set 34
        local.get 2
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 34
        local.get 33
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 9
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 33
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 10
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 34
        local.get 33
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 11
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 34
        local.get 33
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 12
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 34
        local.get 33
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 13
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 33
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 14
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 34
        local.get 33
        f32x4.mul
        local.get 29
        f32x4.add
        local.set 29
        local.get 15
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 30
        f32x4.add
        local.set 30
        local.get 34
        local.get 33
        f32x4.mul
        local.get 31
        f32x4.add
        local.set 31
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 9
        i32.const 32
        i32.add
        local.set 9
        local.get 10
        i32.const 32
        i32.add
        local.set 10
        local.get 11
        i32.const 32
        i32.add
        local.set 11
        local.get 12
        i32.const 32
        i32.add
        local.set 12
        local.get 13
        i32.const 32
        i32.add
        local.set 13
        local.get 14
        i32.const 32
        i32.add
        local.set 14
        local.get 15
        i32.const 32
        i32.add
        local.set 15
        local.get 8
        i32.const 8
        i32.add
        local.set 8
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 34
        local.get 2
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 34
        local.get 33
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 9
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 33
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 10
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 34
        local.get 33
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 11
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 34
        local.get 33
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 12
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 34
        local.get 33
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 13
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 33
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 14
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 34
        local.get 33
        f32x4.mul
        local.get 29
        f32x4.add
        local.set 29
        local.get 15
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 32
        local.get 35
        local.get 36
        v128.and
        local.set 33
        local.get 32
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 32
        local.get 38
        v128.and
        v128.or
        local.set 32
        local.get 33
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 33
        local.get 38
        v128.and
        v128.or
        local.set 33
        local.get 34
        local.get 32
        f32x4.mul
        local.get 30
        f32x4.add
        local.set 30
        local.get 34
        local.get 33
        f32x4.mul
        local.get 31
        f32x4.add
        local.set 31
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 9
        i32.const 16
        i32.add
        local.set 9
        local.get 10
        i32.const 16
        i32.add
        local.set 10
        local.get 11
        i32.const 16
        i32.add
        local.set 11
        local.get 12
        i32.const 16
        i32.add
        local.set 12
        local.get 13
        i32.const 16
        i32.add
        local.set 13
        local.get 14
        i32.const 16
        i32.add
        local.set 14
        local.get 15
        i32.const 16
        i32.add
        local.set 15
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 16
    v128.store
    local.get 4
    local.get 17
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 18
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 19
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 20
    v128.store
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 21
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 22
    v128.store
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 23
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 4
    i32.mul
    i32.add
    local.get 24
    v128.store
    local.get 4
    local.get 7
    i32.const 4
    i32.mul
    i32.add
    local.get 25
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 5
    i32.mul
    i32.add
    local.get 26
    v128.store
    local.get 4
    local.get 7
    i32.const 5
    i32.mul
    i32.add
    local.get 27
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 6
    i32.mul
    i32.add
    local.get 28
    v128.store
    local.get 4
    local.get 7
    i32.const 6
    i32.mul
    i32.add
    local.get 29
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 7
    i32.mul
    i32.add
    local.get 30
    v128.store
    local.get 4
    local.get 7
    i32.const 7
    i32.mul
    i32.add
    local.get 31
    v128.store offset=16
  )
  (func $gemv_packed_streams_f16_2 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 34
    i32.const 2147483647
    i32x4.splat
    local.set 35
    i32.const -2147483648
    i32x4.splat
    local.set 36
    v128.const f32x4 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33
    local.set 37
    local.get 2
    local.get 6
    i32.const 1
    i32.mul
    i32.add
    local.set 10
    local.get 2
    local.get 6
    i32.const 2
    i32.mul
    i32.add
    local.set 11
    local.get 2
    local.get 6
    i32.const 3
    i32.mul
    i32.add
    local.set 12
    local.get 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 13
    v128.const f32x4 0 0 0 0
    local.set 14
    v128.const f32x4 0 0 0 0
    local.set 17
    v128.const f32x4 0 0 0 0
    local.set 18
    v128.const f32x4 0 0 0 0
    local.set 21
    v128.const f32x4 0 0 0 0
    local.set 22
    v128.const f32x4 0 0 0 0
    local.set 25
    v128.const f32x4 0 0 0 0
    local.set 26
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 15
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 19
    v128.const f32x4 0 0 0 0
    local.set 20
    v128.const f32x4 0 0 0 0
    local.set 23
    v128.const f32x4 0 0 0 0
    local.set 24
    v128.const f32x4 0 0 0 0
    local.set 27
    v128.const f32x4 0 0 0 0
    local.set 28
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 31
        local.get 9
        v128.load32_splat
        local.set 32
        local.get 2
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 29
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 29
        local.get 36
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 30
        local.get 36
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 10
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 29
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 29
        local.get 36
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 30
        local.get 36
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 31
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 32
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 32
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 11
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 29
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 29
        local.get 36
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 30
        local.get 36
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 12
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 29
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 29
        local.get 36
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 30
        local.get 36
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 31
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 32
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 32
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 8
        v128.load32_splat offset=4
        local.set 31
        local.get 9
        v128.load32_splat offset=4
        local.set 32
        local.get 2
        v128.load offset=16
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 29
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 29
        local.get 36
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 30
        local.get 36
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 10
        v128.load offset=16
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 29
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 29
        local.get 36
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 30
        local.get 36
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 31
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 32
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 32
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 11
        v128.load offset=16
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 29
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 29
        local.get 36
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 30
        local.get 36
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 12
        v128.load offset=16
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 29
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 29
        local.get 36
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 30
        local.get 36
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 31
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 32
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 32
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 10
        i32.const 32
        i32.add
        local.set 10
        local.get 11
        i32.const 32
        i32.add
        local.set 11
        local.get 12
        i32.const 32
        i32.add
        local.set 12
        local.get 8
        i32.const 8
        i32.add
        local.set 8
        local.get 9
        i32.const 8
        i32.add
        local.set 9
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 31
        local.get 9
        v128.load32_splat
        local.set 32
        local.get 2
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 29
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 29
        local.get 36
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 30
        local.get 36
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 10
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 29
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 29
        local.get 36
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 30
        local.get 36
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 31
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 32
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 32
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 11
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 29
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 29
        local.get 36
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 30
        local.get 36
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 12
        v128.load
        local.set 33
        local.get 33
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 33
        local.get 34
        v128.and
        local.set 30
        local.get 29
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 29
        local.get 36
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 35
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 37
        f32x4.mul
        local.get 30
        local.get 36
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 31
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 32
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 32
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 10
        i32.const 16
        i32.add
        local.set 10
        local.get 11
        i32.const 16
        i32.add
        local.set 11
        local.get 12
        i32.const 16
        i32.add
        local.set 12
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 9
        i32.const 4
        i32.add
        local.set 9
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 13
    v128.store
    local.get 4
    local.get 14
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 15
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 16
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 17
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 18
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 19
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 20
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 21
    v128.store
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 22
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 23
    v128.store
    local.get 4
    local.get 7
    i32.const 2
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 24
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 25
    v128.store
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 26
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 27
    v128.store
    local.get 4
    local.get 7
    i32.const 3
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 28
    v128.store offset=16
  )
  (func $gemv_packed_streams_f16_3 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 30
    i32.const 2147483647
    i32x4.splat
    local.set 31
    i32.const -2147483648
    i32x4.splat
    local.set 32
    v128.const f32x4 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33
    local.set 33
    local.get 2
    local.get 6
    i32.const 1
    i32.mul
    i32.add
    local.set 11
    local.get 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 12
    v128.const f32x4 0 0 0 0
    local.set 13
    v128.const f32x4 0 0 0 0
    local.set 18
    v128.const f32x4 0 0 0 0
    local.set 19
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 14
    v128.const f32x4 0 0 0 0
    local.set 15
    v128.const f32x4 0 0 0 0
    local.set 20
    v128.const f32x4 0 0 0 0
    local.set 21
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 10
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 17
    v128.const f32x4 0 0 0 0
    local.set 22
    v128.const f32x4 0 0 0 0
    local.set 23
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 26
        local.get 9
        v128.load32_splat
        local.set 27
        local.get 10
        v128.load32_splat
        local.set 28
        local.get 2
        v128.load
        local.set 29
        local.get 29
        i32.const 16
        i32x4.shl
        local.set 24
        local.get 29
        local.get 30
        v128.and
        local.set 25
        local.get 24
        local.get 31
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 33
        f32x4.mul
        local.get 24
        local.get 32
        v128.and
        v128.or
        local.set 24
        local.get 25
        local.get 31
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 33
        f32x4.mul
        local.get 25
        local.get 32
        v128.and
        v128.or
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 26
        local.get 25
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 27
        local.get 24
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 27
        local.get 25
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 28
        local.get 24
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 28
        local.get 25
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 11
        v128.load
        local.set 29
        local.get 29
        i32.const 16
        i32x4.shl
        local.set 24
        local.get 29
        local.get 30
        v128.and
        local.set 25
        local.get 24
        local.get 31
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 33
        f32x4.mul
        local.get 24
        local.get 32
        v128.and
        v128.or
        local.set 24
        local.get 25
        local.get 31
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 33
        f32x4.mul
        local.get 25
        local.get 32
        v128.and
        v128.or
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 26
        local.get 25
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 27
        local.get 24
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 27
        local.get 25
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 28
        local.get 24
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 28
        local.get 25
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 8
        v128.load32_splat offset=4
        local.set 26
        local.get 9
        v128.load32_splat offset=4
        local.set 27
        local.get 10
        v128.load32_splat offset=4
        local.set 28
        local.get 2
        v128.load offset=16
        local.set 29
        local.get 29
        i32.const 16
        i32x4.shl
        local.set 24
        local.get 29
        local.get 30
        v128.and
        local.set 25
        local.get 24
        local.get 31
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 33
        f32x4.mul
        local.get 24
        local.get 32
        v128.and
        v128.or
        local.set 24
        local.get 25
        local.get 31
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 33
        f32x4.mul
        local.get 25
        local.get 32
        v128.and
        v128.or
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 26
        local.get 25
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 27
        local.get 24
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 27
        local.get 25
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 28
        local.get 24
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 28
        local.get 25
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 11
        v128.load offset=16
        local.set 29
        local.get 29
        i32.const 16
        i32x4.shl
        local.set 24
        local.get 29
        local.get 30
        v128.and
        local.set 25
        local.get 24
        local.get 31
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 33
        f32x4.mul
        local.get 24
        local.get 32
        v128.and
        v128.or
        local.set 24
        local.get 25
        local.get 31
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 33
        f32x4.mul
        local.get 25
        local.get 32
        v128.and
        v128.or
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 26
        local.get 25
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 27
        local.get 24
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 27
        local.get 25
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 28
        local.get 24
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 28
        local.get 25
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 11
        i32.const 32
        i32.add
        local.set 11
        local.get 8
        i32.const 8
        i32.add
        local.set 8
        local.get 9
        i32.const 8
        i32.add
        local.set 9
        local.get 10
        i32.const 8
        i32.add
        local.set 10
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 26
        local.get 9
        v128.load32_splat
        local.set 27
        local.get 10
        v128.load32_splat
        local.set 28
        local.get 2
        v128.load
        local.set 29
        local.get 29
        i32.const 16
        i32x4.shl
        local.set 24
        local.get 29
        local.get 30
        v128.and
        local.set 25
        local.get 24
        local.get 31
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 33
        f32x4.mul
        local.get 24
        local.get 32
        v128.and
        v128.or
        local.set 24
        local.get 25
        local.get 31
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 33
        f32x4.mul
        local.get 25
        local.get 32
        v128.and
        v128.or
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 12
        f32x4.add
        local.set 12
        local.get 26
        local.get 25
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 27
        local.get 24
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 27
        local.get 25
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 28
        local.get 24
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 28
        local.get 25
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 11
        v128.load
        local.set 29
        local.get 29
        i32.const 16
        i32x4.shl
        local.set 24
        local.get 29
        local.get 30
        v128.and
        local.set 25
        local.get 24
        local.get 31
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 33
        f32x4.mul
        local.get 24
        local.get 32
        v128.and
        v128.or
        local.set 24
        local.get 25
        local.get 31
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 33
        f32x4.mul
        local.get 25
        local.get 32
        v128.and
        v128.or
        local.set 25
        local.get 26
        local.get 24
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 26
        local.get 25
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 27
        local.get 24
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 27
        local.get 25
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 28
        local.get 24
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 28
        local.get 25
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 11
        i32.const 16
        i32.add
        local.set 11
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 9
        i32.const 4
        i32.add
        local.set 9
        local.get 10
        i32.const 4
        i32.add
        local.set 10
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 12
    v128.store
    local.get 4
    local.get 13
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 14
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 15
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 16
    v128.store
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 17
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 18
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 19
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 20
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 21
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 22
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 23
    v128.store offset=16
  )
  (func $gemv_packed_streams_f16_4 (param i32 i32 i32 i32 i32 i32 i32 i32)
    (local i32 i32 i32 i32 i32 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    i32.const -65536
    i32x4.splat
    local.set 36
    i32.const 2147483647
    i32x4.splat
    local.set 37
    i32.const -2147483648
    i32x4.splat
    local.set 38
    v128.const f32x4 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33 5.192296858534828e+33
    local.set 39
    local.get 2
    local.get 6
    i32.const 1
    i32.mul
    i32.add
    local.set 12
    local.get 0
    local.set 8
    v128.const f32x4 0 0 0 0
    local.set 13
    v128.const f32x4 0 0 0 0
    local.set 14
    v128.const f32x4 0 0 0 0
    local.set 21
    v128.const f32x4 0 0 0 0
    local.set 22
    local.get 0
    local.get 1
    i32.const 1
    i32.mul
    i32.add
    local.set 9
    v128.const f32x4 0 0 0 0
    local.set 15
    v128.const f32x4 0 0 0 0
    local.set 16
    v128.const f32x4 0 0 0 0
    local.set 23
    v128.const f32x4 0 0 0 0
    local.set 24
    local.get 0
    local.get 1
    i32.const 2
    i32.mul
    i32.add
    local.set 10
    v128.const f32x4 0 0 0 0
    local.set 17
    v128.const f32x4 0 0 0 0
    local.set 18
    v128.const f32x4 0 0 0 0
    local.set 25
    v128.const f32x4 0 0 0 0
    local.set 26
    local.get 0
    local.get 1
    i32.const 3
    i32.mul
    i32.add
    local.set 11
    v128.const f32x4 0 0 0 0
    local.set 19
    v128.const f32x4 0 0 0 0
    local.set 20
    v128.const f32x4 0 0 0 0
    local.set 27
    v128.const f32x4 0 0 0 0
    local.set 28
    block
      local.get 3
      i32.const 2
      i32.lt_s
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 31
        local.get 9
        v128.load32_splat
        local.set 32
        local.get 10
        v128.load32_splat
        local.set 33
        local.get 11
        v128.load32_splat
        local.set 34
        local.get 2
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 35
        local.get 36
        v128.and
        local.set 30
        local.get 29
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 29
        local.get 38
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 30
        local.get 38
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 33
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 33
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 34
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 12
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 35
        local.get 36
        v128.and
        local.set 30
        local.get 29
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 29
        local.get 38
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 30
        local.get 38
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 33
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 33
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 34
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 8
        v128.load32_splat offset=4
        local.set 31
        local.get 9
        v128.load32_splat offset=4
        local.set 32
        local.get 10
        v128.load32_splat offset=4
        local.set 33
        local.get 11
        v128.load32_splat offset=4
        local.set 34
        local.get 2
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 35
        local.get 36
        v128.and
        local.set 30
        local.get 29
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 29
        local.get 38
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 30
        local.get 38
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 33
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 33
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 34
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 12
        v128.load offset=16
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 35
        local.get 36
        v128.and
        local.set 30
        local.get 29
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 29
        local.get 38
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 30
        local.get 38
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 33
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 33
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 34
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 2
        i32.const 32
        i32.add
        local.set 2
        local.get 12
        i32.const 32
        i32.add
        local.set 12
        local.get 8
        i32.const 8
        i32.add
        local.set 8
        local.get 9
        i32.const 8
        i32.add
        local.set 9
        local.get 10
        i32.const 8
        i32.add
        local.set 10
        local.get 11
        i32.const 8
        i32.add
        local.set 11
        local.get 3
        i32.const 2
        i32.sub
        local.set 3
        local.get 3
        i32.const 2
        i32.ge_s
        br_if 0
      end
    end
    block
      local.get 3
      i32.const 0
      i32.gt_s
      i32.eqz
      br_if 0
      loop
        local.get 8
        v128.load32_splat
        local.set 31
        local.get 9
        v128.load32_splat
        local.set 32
        local.get 10
        v128.load32_splat
        local.set 33
        local.get 11
        v128.load32_splat
        local.set 34
        local.get 2
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 35
        local.get 36
        v128.and
        local.set 30
        local.get 29
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 29
        local.get 38
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 30
        local.get 38
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 13
        f32x4.add
        local.set 13
        local.get 31
        local.get 30
        f32x4.mul
        local.get 14
        f32x4.add
        local.set 14
        local.get 32
        local.get 29
        f32x4.mul
        local.get 15
        f32x4.add
        local.set 15
        local.get 32
        local.get 30
        f32x4.mul
        local.get 16
        f32x4.add
        local.set 16
        local.get 33
        local.get 29
        f32x4.mul
        local.get 17
        f32x4.add
        local.set 17
        local.get 33
        local.get 30
        f32x4.mul
        local.get 18
        f32x4.add
        local.set 18
        local.get 34
        local.get 29
        f32x4.mul
        local.get 19
        f32x4.add
        local.set 19
        local.get 34
        local.get 30
        f32x4.mul
        local.get 20
        f32x4.add
        local.set 20
        local.get 12
        v128.load
        local.set 35
        local.get 35
        i32.const 16
        i32x4.shl
        local.set 29
        local.get 35
        local.get 36
        v128.and
        local.set 30
        local.get 29
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 29
        local.get 38
        v128.and
        v128.or
        local.set 29
        local.get 30
        local.get 37
        v128.and
        i32.const 3
        i32x4.shr_u
        local.get 39
        f32x4.mul
        local.get 30
        local.get 38
        v128.and
        v128.or
        local.set 30
        local.get 31
        local.get 29
        f32x4.mul
        local.get 21
        f32x4.add
        local.set 21
        local.get 31
        local.get 30
        f32x4.mul
        local.get 22
        f32x4.add
        local.set 22
        local.get 32
        local.get 29
        f32x4.mul
        local.get 23
        f32x4.add
        local.set 23
        local.get 32
        local.get 30
        f32x4.mul
        local.get 24
        f32x4.add
        local.set 24
        local.get 33
        local.get 29
        f32x4.mul
        local.get 25
        f32x4.add
        local.set 25
        local.get 33
        local.get 30
        f32x4.mul
        local.get 26
        f32x4.add
        local.set 26
        local.get 34
        local.get 29
        f32x4.mul
        local.get 27
        f32x4.add
        local.set 27
        local.get 34
        local.get 30
        f32x4.mul
        local.get 28
        f32x4.add
        local.set 28
        local.get 2
        i32.const 16
        i32.add
        local.set 2
        local.get 12
        i32.const 16
        i32.add
        local.set 12
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 9
        i32.const 4
        i32.add
        local.set 9
        local.get 10
        i32.const 4
        i32.add
        local.set 10
        local.get 11
        i32.const 4
        i32.add
        local.set 11
        local.get 3
        i32.const 1
        i32.sub
        local.set 3
        local.get 3
        i32.const 0
        i32.gt_s
        br_if 0
      end
    end
    local.get 4
    local.get 13
    v128.store
    local.get 4
    local.get 14
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 15
    v128.store
    local.get 4
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 16
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 17
    v128.store
    local.get 4
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 18
    v128.store offset=16
    local.get 4
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 19
    v128.store
    local.get 4
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 20
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 21
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 22
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 23
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 1
    i32.mul
    i32.add
    local.get 24
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 25
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 2
    i32.mul
    i32.add
    local.get 26
    v128.store offset=16
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 27
    v128.store
    local.get 4
    local.get 7
    i32.const 1
    i32.mul
    i32.add
    local.get 5
    i32.const 3
    i32.mul
    i32.add
    local.get 28
    v128.store offset=16
  )
)
