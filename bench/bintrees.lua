-- bintrees: allocate and walk many binary trees built from tables
-- (benchmarks-game binary-trees shape, max depth 15). false is a leaf.
local function make(depth)
  if depth == 0 then
    return {false, 0, false}
  end
  return {make(depth - 1), depth, make(depth - 1)}
end

local function check(t)
  if not t then
    return 0
  end
  return 1 + t[2] % 3 + check(t[1]) + check(t[3])
end

local function main()
  local min_depth = 4
  local max_depth = 15
  local stretch = max_depth + 1
  print(string.format("stretch tree of depth %d check: %d", stretch, check(make(stretch))))
  local long_lived = make(max_depth)
  local depth = min_depth
  while depth <= max_depth do
    local iterations = 1 << (max_depth - depth + min_depth)
    local sum = 0
    for _ = 1, iterations do
      sum = sum + check(make(depth))
    end
    print(string.format("%d trees of depth %d check: %d", iterations, depth, sum))
    depth = depth + 2
  end
  print(string.format("long lived tree of depth %d check: %d", max_depth, check(long_lived)))
end

main()
