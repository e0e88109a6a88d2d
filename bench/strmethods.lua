-- strmethods: everyday string methods (lines, trim, split, to_upper, to_lower,
-- replace, contains, starts_with, ends_with, join) over 300,000 generated lines.
-- Lua has no split/trim/starts_with: the usual small helpers are defined here.
local function trim(s)
  return s:match("^%s*(.*%S)") or ""
end

local function split(s, sep)
  local out = {}
  local start = 1
  while true do
    local i, j = string.find(s, sep, start, true)
    if i == nil then
      out[#out + 1] = s:sub(start)
      return out
    end
    out[#out + 1] = s:sub(start, i - 1)
    start = j + 1
  end
end

local function starts_with(s, p)
  return s:sub(1, #p) == p
end

local function ends_with(s, p)
  return p == "" or s:sub(-#p) == p
end

local function main()
  local names = {"alpha", "Beta", "gamma", "DELTA", "epsilon", "Zeta", "eta", "theta"}
  local kinds = {"red", "green", "blue", "cyan", "Magenta"}
  local n = 300000
  local raw = {}
  local x = 99
  for i = 0, n - 1 do
    x = (x * 1103515245 + 12345) % 2147483648
    local name = names[(x // 65536) % 8 + 1]
    local kind = kinds[(x // 1024) % 5 + 1]
    raw[#raw + 1] = "  " .. name .. " ; " .. kind .. "-" .. tostring(x % 1000) .. " ; tag" .. tostring(i) .. "  "
  end
  local text = table.concat(raw, "\n")

  local eta, blue, sevens, total_len = 0, 0, 0, 0
  local out = {}
  for line in string.gmatch(text, "[^\n]+") do
    local t = trim(line)
    local fields = split(t, ";")
    local name = string.upper(trim(fields[1]))
    local value = string.gsub(trim(fields[2]), "%-", ":")
    local tag = trim(fields[3])
    if string.find(name, "ETA", 1, true) then
      eta = eta + 1
    end
    if starts_with(string.lower(value), "blue") or starts_with(value, "cyan") then
      blue = blue + 1
    end
    if ends_with(tag, "7") then
      sevens = sevens + 1
    end
    total_len = total_len + #name + #value + #tag
    out[#out + 1] = name .. "=" .. value
  end
  local report = table.concat(out, "|")
  print(string.format("lines = %d, text length = %d, report length = %d", #out, #text, #report))
  print(string.format("eta = %d, blue/cyan = %d, tags ending in 7 = %d, total field length = %d",
                      eta, blue, sevens, total_len))
  print(string.format("first = %s, last = %s", out[1], out[n]))
end

main()
