# structs: struct-heavy particle simulation: small immutable Vec2 values with
# methods, a Particle object updated in place by a method.
# 1,000 particles x 2,000 steps = 2,000,000 method calls, 4,000,000 new Vec2s.
class Vec2:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, o):
        return Vec2(self.x + o.x, self.y + o.y)

    def scale(self, k):
        return Vec2(self.x * k, self.y * k)

    def len2(self):
        return self.x * self.x + self.y * self.y


class Particle:
    __slots__ = ("pos", "vel", "bounces")

    def __init__(self, pos, vel, bounces):
        self.pos = pos
        self.vel = vel
        self.bounces = bounces

    def step(self, dt):
        self.pos = self.pos.add(self.vel.scale(dt))
        if self.pos.x < 0.0 or self.pos.x > 100.0:
            self.vel.x = -self.vel.x
            self.bounces += 1
        if self.pos.y < 0.0 or self.pos.y > 100.0:
            self.vel.y = -self.vel.y
            self.bounces += 1

    def energy(self):
        return 0.5 * self.vel.len2()


def main():
    count = 1000
    steps = 2000
    dt = 0.05
    ps = []
    seed = 12345
    for _ in range(count):
        seed = (seed * 1103515245 + 12345) % 2147483648
        px = (seed % 10000) / 100.0
        seed = (seed * 1103515245 + 12345) % 2147483648
        py = (seed % 10000) / 100.0
        seed = (seed * 1103515245 + 12345) % 2147483648
        vx = (seed % 2001 - 1000) / 100.0
        seed = (seed * 1103515245 + 12345) % 2147483648
        vy = (seed % 2001 - 1000) / 100.0
        ps.append(Particle(Vec2(px, py), Vec2(vx, vy), 0))

    for _ in range(steps):
        for p in ps:
            p.step(dt)

    sx = 0.0
    sy = 0.0
    energy = 0.0
    bounces = 0
    for p in ps:
        sx += p.pos.x
        sy += p.pos.y
        energy += p.energy()
        bounces += p.bounces
    print(f"bounces = {bounces}")
    print(f"sum x = {sx:.6f}, sum y = {sy:.6f}, energy = {energy:.6f}")
    p = ps[count - 1]
    print(f"last = ({p.pos.x:.6f}, {p.pos.y:.6f}) vel ({p.vel.x:.6f}, {p.vel.y:.6f})")


main()
