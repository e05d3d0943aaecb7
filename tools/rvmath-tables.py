#!/usr/bin/env python3
"""Print the constant tables of common/ruview/rvmath.c that follow from exact
mathematics: the bits of 2/pi (range reduction) and 2^(i/32) (expf).

pi comes from Machin's formula in exact decimal arithmetic; every value is
rounded to nearest from at least 200 more bits than it keeps.  Run it and
compare with the tables in rvmath.c:  tools/rvmath-tables.py
"""
from decimal import Decimal, getcontext

getcontext().prec = 450          # decimal digits, ~1490 bits


def atan_series(x):
    """arctan(x) by its Taylor series, for |x| well below 1."""
    x2 = x * x
    total, term, k = Decimal(0), x, 0
    eps = Decimal(10) ** -(getcontext().prec + 5)
    while abs(term) > eps:
        total += term / (2 * k + 1) if k % 2 == 0 else -term / (2 * k + 1)
        term *= x2
        k += 1
    return total


def arctan(t):
    """arctan(t) for 0 <= t <= 1: twice that of t/(1+sqrt(1+t^2)) <= 0.415."""
    if t == 0:
        return Decimal(0)
    return 2 * atan_series(t / (1 + (1 + t * t).sqrt()))


PI = 16 * atan_series(Decimal(1) / 5) - 4 * atan_series(Decimal(1) / 239)


def frac_bits(v, nbits):
    """The first nbits bits of the fraction of v >= 0, as an integer."""
    f = v - int(v)
    return int(f * (Decimal(2) ** nbits))


def round_double(v):
    """(mantissa, exponent) of v > 0 rounded to 53 bits, v = m * 2^e."""
    e = 0
    while v >= 2:
        v /= 2
        e += 1
    while v < 1:
        v *= 2
        e -= 1
    m = v * (Decimal(2) ** 52)
    mi = int(m)
    r = m - mi
    if r > Decimal('0.5') or (r == Decimal('0.5') and mi % 2):
        mi += 1
    if mi == 1 << 53:
        mi >>= 1
        e += 1
    return mi, e - 52


def double_bits(v):
    m, e = round_double(v)
    return ((e + 52 + 1023) << 52) | (m - (1 << 52))


def hexfloat(v):
    """v rounded to nearest double, as a C hexadecimal literal."""
    if v == 0:
        return "0x0p+0"
    sign = "-" if v < 0 else ""
    m, e = round_double(abs(v))
    return "%s0x1.%013xp%+d" % (sign, m - (1 << 52), e + 52)


def chop(v, nbits):
    """v > 0 truncated to its first nbits significant bits."""
    m, e = round_double(v)
    e2 = e
    x = v / (Decimal(2) ** e2)          # in [2^52, 2^53)
    keep = int(x) >> (53 - nbits) << (53 - nbits)
    return Decimal(keep) * (Decimal(2) ** e2)


def main():
    two_over_pi = 2 / PI
    bits = frac_bits(two_over_pi, 1216)     # 19 words of 64 bits
    print("/* 2/pi: the fraction's bits, 64 per word, most significant first */")
    words = [(bits >> (64 * (18 - i))) & ((1 << 64) - 1) for i in range(19)]
    for i in range(0, 19, 3):
        print("  " + ", ".join("0x%016xull" % w for w in words[i:i + 3]) + ",")
    half_pi = PI / 2
    p1 = chop(half_pi, 33)
    p2 = chop(half_pi - p1, 33)
    p3 = chop(half_pi - p1 - p2, 33)
    print("/* pi/2 in parts of 33 bits, each with the rest after it */")
    print("  pio2_1 = %s, pio2_1t = %s," % (hexfloat(p1), hexfloat(half_pi - p1)))
    print("  pio2_2 = %s, pio2_2t = %s," % (hexfloat(p2), hexfloat(half_pi - p1 - p2)))
    print("  pio2_3 = %s, pio2_3t = %s," % (hexfloat(p3), hexfloat(half_pi - p1 - p2 - p3)))
    hi = Decimal(float.fromhex(hexfloat(half_pi)))
    print("  pio2_hi = %s, pio2_lo = %s," % (hexfloat(half_pi), hexfloat(half_pi - hi)))
    print("/* atan(k/64), k = 0..64, in two parts */")
    for k in range(65):
        t = Decimal(k) / 64
        a = arctan(t)
        hi = Decimal(float.fromhex(hexfloat(a)))
        print("  { %s, %s }," % (hexfloat(a), hexfloat(a - hi)))
    print("/* expf: the bits of 2^(i/32) less i << 47 */")
    for i in range(32):
        v = Decimal(2) ** (Decimal(i) / 32)
        print("  0x%016xull," % ((double_bits(v) - (i << 47)) & ((1 << 64) - 1)))


if __name__ == "__main__":
    main()
