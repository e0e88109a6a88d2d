-- strings: build 2,000,000 small strings, push them into an array, join with ",",
-- then split the big string back apart.
local function main()
  local n = 2000000
  local parts = {}
  local total = 0
  for i = 0, n - 1 do
    local s = "item" .. i
    total = total + #s
    parts[#parts + 1] = s
  end
  local joined = table.concat(parts, ",")
  local back = {}
  for piece in string.gmatch(joined, "[^,]+") do
    back[#back + 1] = piece
  end
  print(string.format("parts = %d, joined length = %d, sum of lengths = %d", #parts, #joined, total))
  print(string.format("parts[1234567] = %s, last = %s", parts[1234567 + 1], parts[n]))
  print(string.format("split back = %d, back[777777] = %s", #back, back[777777 + 1]))
  local prefix, suffix = "item0,item1,item2,", ",item1999999"
  local starts = joined:sub(1, #prefix) == prefix
  local ends = joined:sub(-#suffix) == suffix
  print(string.format("starts ok = %s, ends ok = %s", tostring(starts), tostring(ends)))
end

main()
