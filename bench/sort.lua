-- sort: fill an array with 1,000,000 LCG integers, sort it, checksum it.
local function main()
  local n = 1000000
  local xs = {}
  local x = 42
  for i = 1, n do
    x = (x * 1103515245 + 12345) % 2147483648
    xs[#xs + 1] = x
  end
  -- table.sort sorts in place; copy first so `xs` stays unsorted like the others
  local s = table.move(xs, 1, n, 1, {})
  table.sort(s)
  local total = 0
  local i = 0
  while i < n do
    total = total + s[i + 1]
    i = i + 1000
  end
  print(string.format("first = %d, middle = %d, last = %d", s[1], s[n // 2 + 1], s[n]))
  print(string.format("sum of every 1000th = %d, unsorted[0] = %d", total, xs[1]))
end

main()
