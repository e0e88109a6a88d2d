-- structs: struct-heavy particle simulation: small immutable Vec2 values with
-- methods, a Particle object updated in place by a method.
-- 1,000 particles x 2,000 steps = 2,000,000 method calls, 4,000,000 new Vec2s.
local Vec2 = {}
Vec2.__index = Vec2

function Vec2.new(x, y)
  return setmetatable({x = x, y = y}, Vec2)
end

function Vec2:add(o)
  return Vec2.new(self.x + o.x, self.y + o.y)
end

function Vec2:scale(k)
  return Vec2.new(self.x * k, self.y * k)
end

function Vec2:len2()
  return self.x * self.x + self.y * self.y
end

local Particle = {}
Particle.__index = Particle

function Particle.new(pos, vel, bounces)
  return setmetatable({pos = pos, vel = vel, bounces = bounces}, Particle)
end

function Particle:step(dt)
  self.pos = self.pos:add(self.vel:scale(dt))
  if self.pos.x < 0.0 or self.pos.x > 100.0 then
    self.vel.x = -self.vel.x
    self.bounces = self.bounces + 1
  end
  if self.pos.y < 0.0 or self.pos.y > 100.0 then
    self.vel.y = -self.vel.y
    self.bounces = self.bounces + 1
  end
end

function Particle:energy()
  return 0.5 * self.vel:len2()
end

local function main()
  local count = 1000
  local steps = 2000
  local dt = 0.05
  local ps = {}
  local seed = 12345
  for _ = 1, count do
    seed = (seed * 1103515245 + 12345) % 2147483648
    local px = (seed % 10000) / 100.0
    seed = (seed * 1103515245 + 12345) % 2147483648
    local py = (seed % 10000) / 100.0
    seed = (seed * 1103515245 + 12345) % 2147483648
    local vx = (seed % 2001 - 1000) / 100.0
    seed = (seed * 1103515245 + 12345) % 2147483648
    local vy = (seed % 2001 - 1000) / 100.0
    ps[#ps + 1] = Particle.new(Vec2.new(px, py), Vec2.new(vx, vy), 0)
  end

  for _ = 1, steps do
    for i = 1, count do
      ps[i]:step(dt)
    end
  end

  local sx, sy, energy, bounces = 0.0, 0.0, 0.0, 0
  for _, p in ipairs(ps) do
    sx = sx + p.pos.x
    sy = sy + p.pos.y
    energy = energy + p:energy()
    bounces = bounces + p.bounces
  end
  print(string.format("bounces = %d", bounces))
  print(string.format("sum x = %.6f, sum y = %.6f, energy = %.6f", sx, sy, energy))
  local p = ps[count]
  print(string.format("last = (%.6f, %.6f) vel (%.6f, %.6f)", p.pos.x, p.pos.y, p.vel.x, p.vel.y))
end

main()
