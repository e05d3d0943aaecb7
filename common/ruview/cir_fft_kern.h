/* libruview — private template of the fft-ista kernels, included by
 * cir_fft.c once per instruction set with:
 *   K_SFX          name suffix
 *   K_ATTR         function attributes (target)
 *   K_CL           complex lanes per step: 1 (scalar) or 4
 *   KC             a "complex vector" of K_CL lanes, with
 *   KC_LD(p), KC_ST(p, v)   load / store at a block position (re at p, im
 *                           at p + 4)
 *   KC_ADD, KC_SUB          lane-wise
 *   KC_RSC(c, v)            the real scalar c times v
 *   KC_MI(v)                −i·v = (v.im, −v.re)
 *   KC_TW(v, w, conj)       v·w (conj: v·w̄) for the twiddle w at w (16
 *                           floats: w.re ×8, −w.im ×4, w.im ×4)
 *   KC_CMUL(v, w, conj)     lane-wise v·w (conj: v·w̄), w a complex vector
 *   KC_TR4(r0, r1, r2, r3)  4×4 transpose of the re and the im lanes
 *   K_V, K_VI, K_VL, K_SPLAT(x)
 *                           the split vectors of the element-wise kernels
 *                           (8 lanes as one or two vectors, or 1)
 *   K_ALL_LE(x, y)          every lane x ≤ y (x not NaN)
 * Data: complex numbers in blocks of 4 (4 re, then 4 im); complex index e
 * sits at float offset KOFF (e).  Every instance performs, for every
 * element, the same IEEE operations in the same order (the lane-wise forms
 * above are chosen so: x − y = x + (−y), commutative adds, exact negation),
 * and the sums of prox run in the same 8 lanes. */

#define K_CAT2(a, b) a##_##b
#define K_CAT(a, b) K_CAT2 (a, b)
#define KF(name) K_CAT (name, K_SFX)
#define K_INLINE static inline __attribute__((always_inline, unused)) K_ATTR
#define K_FUNC K_ATTR __attribute__((unused)) static
#define K_UNROLL _Pragma ("GCC unroll 24")

/* ---- one Stockham stage (see RvFftStage) on the span [i0, i1) ----------- */

/* Odd prime p by symmetric pairs: with s_j = a_j + a_{p−j}, t_j = a_j − a_{p−j},
 * X_r = a_0 + Σ_j cos(2πjr/p)·s_j ∓ i·Σ_j sin(2πjr/p)·t_j  (− forward), each
 * sum in ascending j.  p is a constant in the unrolled cases, so the pair
 * arrays are indexed by constants; the pruned counts (nj < h: inputs beyond
 * are zero; nr < h: outputs beyond are not needed) drive the runtime loop. */
K_INLINE void
KF (prime) (const unsigned p, const int inv, const RvFftStage *s, size_t i0, size_t i1,
    const float *in, float *out)
{
  const unsigned h = (p - 1) / 2;
  const size_t L = s->L, is = 2 * s->span, os = L * is;
  size_t j, i;
  for (j = 0; j < L; j++) {
    const float *tw = s->tw + (j * (p - 1) - 1) * 16;   /* q at tw + 16·q */
    const float *src = in + j * p * is;
    float *dst = out + j * is;
    const unsigned nr = s->nrj ? s->nrj[j] : s->nr;
    for (i = i0; i < i1; i += K_CL) {
      const size_t o = K_CL == 4 ? 2 * i : KOFF (i);
      const unsigned nj = s->njk ? s->njk[i / s->w] : s->nj;
      KC a = KC_LD (src + o), d = a;
      KC sp[RV_FFT_PMAX / 2], tp[RV_FFT_PMAX / 2];
      unsigned jj, r;
      K_UNROLL for (jj = 1; jj <= h; jj++) {
        KC u, v;
        if (jj > nj) {   /* zero inputs, never read */
          sp[jj] = tp[jj] = KC_ZERO;
          continue;
        }
        u = KC_LD (src + jj * is + o);
        v = KC_LD (src + (p - jj) * is + o);
        if (j > 0) {
          u = KC_TW (u, tw + 16 * jj, inv);
          v = KC_TW (v, tw + 16 * (p - jj), inv);
        }
        sp[jj] = KC_ADD (u, v);
        tp[jj] = KC_SUB (u, v);
        d = KC_ADD (d, sp[jj]);
      }
      KC_ST (dst + o, d);
      if (nj == h) {
        /* every input: outputs r ≤ nr, the pair sums unrolled */
        for (r = 1; r <= nr; r++) {
          const float *cv = s->cs + (r - 1) * h - 1, *sv = s->sn + (r - 1) * h - 1;
          KC rr = a, jr = KC_ZERO, m;
          K_UNROLL for (jj = 1; jj <= h; jj++) {
            rr = KC_ADD (rr, KC_RSC (cv[jj], sp[jj]));
            jr = KC_ADD (jr, KC_RSC (sv[jj], tp[jj]));
          }
          m = KC_MI (jr);
          KC_ST (dst + r * os + o, inv ? KC_SUB (rr, m) : KC_ADD (rr, m));
          KC_ST (dst + (p - r) * os + o, inv ? KC_ADD (rr, m) : KC_SUB (rr, m));
        }
      } else {
        /* inputs beyond pair nj are zero: every output, the pairs in the
         * runtime loop, the outputs unrolled */
        KC rr[RV_FFT_PMAX / 2], jr[RV_FFT_PMAX / 2];
        K_UNROLL for (r = 1; r <= h; r++) {
          rr[r] = a;
          jr[r] = KC_ZERO;
        }
        for (jj = 1; jj <= nj && jj <= h; jj++) {
          KC ps = sp[jj], pt = tp[jj];
          K_UNROLL for (r = 1; r <= h; r++) {
            rr[r] = KC_ADD (rr[r], KC_RSC (s->cs[(r - 1) * h + jj - 1], ps));
            jr[r] = KC_ADD (jr[r], KC_RSC (s->sn[(r - 1) * h + jj - 1], pt));
          }
        }
        K_UNROLL for (r = 1; r <= h; r++) {
          KC m = KC_MI (jr[r]);
          KC_ST (dst + r * os + o, inv ? KC_SUB (rr[r], m) : KC_ADD (rr[r], m));
          KC_ST (dst + (p - r) * os + o, inv ? KC_ADD (rr[r], m) : KC_SUB (rr[r], m));
        }
      }
    }
  }
}

/* radix 2 and 4 (never pruned) */
K_INLINE void
KF (pow2) (const unsigned p, const int inv, const RvFftStage *s, size_t i0, size_t i1,
    const float *in, float *out)
{
  const size_t L = s->L, is = 2 * s->span, os = L * is;
  size_t j, i;
  for (j = 0; j < L; j++) {
    const float *tw = s->tw + (j * (p - 1) - 1) * 16;
    const float *src = in + j * p * is;
    float *dst = out + j * is;
    for (i = i0; i < i1; i += K_CL) {
      const size_t o = K_CL == 4 ? 2 * i : KOFF (i);
      KC a[4];
      unsigned q;
      K_UNROLL for (q = 0; q < p; q++) {
        a[q] = KC_LD (src + q * is + o);
        if (j > 0 && q > 0)
          a[q] = KC_TW (a[q], tw + 16 * q, inv);
      }
      if (p == 2) {
        KC_ST (dst + o, KC_ADD (a[0], a[1]));
        KC_ST (dst + os + o, KC_SUB (a[0], a[1]));
      } else {
        /* X1 = t1 − i·t3, X3 = t1 + i·t3 (forward) */
        KC t0 = KC_ADD (a[0], a[2]), t1 = KC_SUB (a[0], a[2]);
        KC t2 = KC_ADD (a[1], a[3]), m = KC_MI (KC_SUB (a[1], a[3]));
        KC_ST (dst + o, KC_ADD (t0, t2));
        KC_ST (dst + 2 * os + o, KC_SUB (t0, t2));
        KC_ST (dst + os + o, inv ? KC_SUB (t1, m) : KC_ADD (t1, m));
        KC_ST (dst + 3 * os + o, inv ? KC_ADD (t1, m) : KC_SUB (t1, m));
      }
    }
  }
}

/* One function per radix and direction: small functions whose registers
 * the compiler allocates well (one function holding every case spilled its
 * loop state to the stack). */
#define K_BODY(NAME, BODY, P, INV)                                            \
  K_ATTR __attribute__((noinline, unused)) static void                        \
  KF (NAME) (const RvFftStage *s, size_t i0, size_t i1, const float *in, float *out) \
  {                                                                           \
    KF (BODY) (P, INV, s, i0, i1, in, out);                                   \
  }
K_BODY (r2f, pow2, 2, 0)
K_BODY (r2i, pow2, 2, 1)
K_BODY (r4f, pow2, 4, 0)
K_BODY (r4i, pow2, 4, 1)
K_BODY (p3f, prime, 3, 0)
K_BODY (p3i, prime, 3, 1)
K_BODY (p7f, prime, 7, 0)
K_BODY (p7i, prime, 7, 1)
K_BODY (p11f, prime, 11, 0)
K_BODY (p11i, prime, 11, 1)
K_BODY (p13f, prime, 13, 0)
K_BODY (p13i, prime, 13, 1)
K_BODY (p19f, prime, 19, 0)
K_BODY (p19i, prime, 19, 1)
/* the generic odd prime: the same body, not unrolled for a constant p */
K_BODY (pnf, prime, s->p, 0)
K_BODY (pni, prime, s->p, 1)
#undef K_BODY

K_FUNC void
KF (stage) (const RvFftStage *s, int inv, size_t i0, size_t i1, const float *in, float *out)
{
#define K_CASE(P, F, I)                                                       \
  case P:                                                                     \
    if (inv)                                                                  \
      KF (I) (s, i0, i1, in, out);                                            \
    else                                                                      \
      KF (F) (s, i0, i1, in, out);                                            \
    break;
  switch (s->p) {
    K_CASE (2, r2f, r2i)
    K_CASE (4, r4f, r4i)
    K_CASE (3, p3f, p3i)
    K_CASE (7, p7f, p7i)
    K_CASE (11, p11f, p11i)
    K_CASE (13, p13f, p13i)
    K_CASE (19, p19f, p19i)
    default:
      if (inv)
        KF (pni) (s, i0, i1, in, out);
      else
        KF (pnf) (s, i0, i1, in, out);
      break;
  }
#undef K_CASE
}

/* ---- between the halves: twiddle W_G^{±a·d} and transpose ---------------
 * On whole 4×4 blocks: T has bp rows of ap lanes, U ap rows of bp lanes
 * (complex lanes); the caller keeps the rows beyond B of T and beyond A of U
 * zero.  tw is in T's layout. */

/* U[a][d] = T[d][a]·tw[d][a] */
K_FUNC void
KF (twist_fwd) (size_t ap, size_t bp, const float *tw, const float *t, float *u)
{
  size_t a, d;
  for (d = 0; d < bp; d += 4)
    for (a = 0; a < ap; a += 4) {
      const size_t o = KOFF (d * ap + a), v = KOFF (a * bp + d), rs = 2 * ap, us = 2 * bp;
#if K_CL == 1
      unsigned x, y;
      for (x = 0; x < 4; x++)
        for (y = 0; y < 4; y++) {
          KC c = KC_CMUL (KC_LD (t + o + x * rs + y), KC_LD (tw + o + x * rs + y), 0);
          KC_ST (u + v + y * us + x, c);
        }
#else
      KC r0 = KC_CMUL (KC_LD (t + o), KC_LD (tw + o), 0);
      KC r1 = KC_CMUL (KC_LD (t + o + rs), KC_LD (tw + o + rs), 0);
      KC r2 = KC_CMUL (KC_LD (t + o + 2 * rs), KC_LD (tw + o + 2 * rs), 0);
      KC r3 = KC_CMUL (KC_LD (t + o + 3 * rs), KC_LD (tw + o + 3 * rs), 0);
      KC_TR4 (r0, r1, r2, r3);
      KC_ST (u + v, r0);
      KC_ST (u + v + us, r1);
      KC_ST (u + v + 2 * us, r2);
      KC_ST (u + v + 3 * us, r3);
#endif
    }
}

/* T[d][a] = U[a][d]·conj (tw[d][a]) */
K_FUNC void
KF (twist_inv) (size_t ap, size_t bp, const float *tw, const float *u, float *t)
{
  size_t a, d;
  for (d = 0; d < bp; d += 4)
    for (a = 0; a < ap; a += 4) {
      const size_t o = KOFF (d * ap + a), v = KOFF (a * bp + d), rs = 2 * ap, us = 2 * bp;
#if K_CL == 1
      unsigned x, y;
      for (x = 0; x < 4; x++)
        for (y = 0; y < 4; y++) {
          KC c = KC_CMUL (KC_LD (u + v + y * us + x), KC_LD (tw + o + x * rs + y), 1);
          KC_ST (t + o + x * rs + y, c);
        }
#else
      KC r0 = KC_LD (u + v), r1 = KC_LD (u + v + us), r2 = KC_LD (u + v + 2 * us);
      KC r3 = KC_LD (u + v + 3 * us);
      KC_TR4 (r0, r1, r2, r3);
      KC_ST (t + o, KC_CMUL (r0, KC_LD (tw + o), 1));
      KC_ST (t + o + rs, KC_CMUL (r1, KC_LD (tw + o + rs), 1));
      KC_ST (t + o + 2 * rs, KC_CMUL (r2, KC_LD (tw + o + 2 * rs), 1));
      KC_ST (t + o + 3 * rs, KC_CMUL (r3, KC_LD (tw + o + 3 * rs), 1));
#endif
    }
}

/* ---- element-wise kernels ------------------------------------------------ */

#if K_VL == 1
typedef float KF (vu);
#else
typedef K_V KF (vu) __attribute__((aligned (4)));
#endif

K_INLINE K_V
KF (ld) (const float *p)
{
  return *(const KF (vu) *) p;
}

K_INLINE void
KF (st) (float *p, K_V v)
{
  *(KF (vu) *) p = v;
}

/* x & mask (mask lanes all ones or zero): x or +0 */
K_INLINE K_V
KF (and) (K_V x, K_VI m)
{
#if K_VL == 1
  return m ? x : 0.0f;
#else
  return (K_V) ((K_VI) x & m);
#endif
}

/* p = (s·z − y) & mask over n floats (a multiple of 8) */
K_FUNC void
KF (residual) (size_t n, const float *z, const float *y, const int32_t *mask, float s, float *p)
{
  const K_V vs = K_SPLAT (s);
  size_t i;
  for (i = 0; i < n; i += K_VL) {
    K_VI m;
    memcpy (&m, mask + i, sizeof m);
    KF (st) (p + i, KF (and) (vs * KF (ld) (z + i) - KF (ld) (y + i), m));
  }
}

/* z = xn + beta·(xn − x) over n floats (a multiple of 8) */
K_FUNC void
KF (momentum) (size_t n, const float *xn, const float *x, float beta, float *z)
{
  const K_V vb = K_SPLAT (beta);
  size_t i;
  for (i = 0; i < n; i += K_VL) {
    K_V a = KF (ld) (xn + i);
    KF (st) (z + i, a + vb * (a - KF (ld) (x + i)));
  }
}

/* the 8 lane sums, combined pairwise */
K_INLINE float
KF (fold8) (const K_V *acc)
{
  float v[8];
  memcpy (v, acc, sizeof v);
  return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
}

/* 1/sqrt(x) for finite x > 0 without the divider: the integer first guess
 * and two Newton steps, only integer and IEEE mul/sub operations, so every
 * instance gives the same bits.  Relative error below 5e-6: the shrink
 * factor 1 − t/|v| is then off by less than 5e-6·t/|v|, i.e. a tap by less
 * than 5e-6·t absolute (1.4e-7 at t = λ/L = 0.027), far inside the
 * distance between the FFT and the dense path. */
K_INLINE K_V
KF (rsqrt) (K_V x)
{
  const K_V half = K_SPLAT (0.5f), three_halves = K_SPLAT (1.5f), h = half * x;
  K_V y;
  K_VI i;
  unsigned n;
  memcpy (&i, &x, sizeof i);
  i = 0x5f375a86 - (i >> 1);
  memcpy (&y, &i, sizeof y);
  for (n = 0; n < 2; n++)
    y = y * (three_halves - h * (y * y));
  return y;
}

/* One prox step on K_VL elements (split re/im vectors). */
K_INLINE void
KF (prox1) (K_V pr, K_V pi, K_V or_, K_V oi, K_V hr, K_V hi, K_V vc, K_V vt, K_V vt2,
    K_V *nr, K_V *ni, K_V *sd, K_V *sp, K_V *sr)
{
  const K_V zero = K_SPLAT (0.0f), one = K_SPLAT (1.0f), fmx = K_SPLAT (FLT_MAX);
  K_V a = pr - vc * hr, b = pi - vc * hi;
  K_V m2 = a * a + b * b, sc, er, ei;
  if (K_ALL_LE (m2, fmx)) {
    K_V d = one - vt * KF (rsqrt) (m2);
    sc = KF (and) (d, (d > zero) & (m2 > vt2));
  } else {
#if K_VL == 1
    sc = rv_shrink1 (m2, a, b, vt, vt2);
#else
    unsigned q;
    for (q = 0; q < K_VL; q++)
      sc[q] = rv_shrink1 (m2[q], a[q], b[q], vt[0], vt2[0]);
#endif
  }
  a = a * sc;
  b = b * sc;
  *nr = a;
  *ni = b;
  er = a - pr;
  ei = b - pi;
  *sd = *sd + (er * er + ei * ei);
  *sp = *sp + (pr * pr + pi * pi);
  *sr = *sr + ((pr - a) * (a - or_) + (pi - b) * (b - oi));
}

/* the largest t2 with sqrtf (t2) ≤ t */
K_INLINE float
KF (skip2) (float t)
{
  float t2 = t * t;
  while (t2 > 0.0f && sqrtf (t2) > t)
    t2 = nextafterf (t2, 0.0f);
  return t2;
}

/* split planes: element i at (r[i], i[i]); n a multiple of 8.  The loops
 * take 8 elements a step, 8/K_VL vectors of constant index, so the lane
 * sums stay in registers. */
K_FUNC void
KF (prox_split) (size_t n, const float *zr, const float *zi, const float *xr, const float *xi,
    const float *gr, const float *gi, float c, float thresh, float *xnr, float *xni,
    float sums[3])
{
  const K_V vc = K_SPLAT (c), vt = K_SPLAT (thresh), vt2 = K_SPLAT (KF (skip2) (thresh));
  K_V sd[8 / K_VL], sp[8 / K_VL], sr[8 / K_VL];
  size_t i;
  unsigned q;
  for (q = 0; q < 8 / K_VL; q++)
    sd[q] = sp[q] = sr[q] = K_SPLAT (0.0f);
  for (i = 0; i < n; i += 8)
    K_UNROLL for (q = 0; q < 8 / K_VL; q++) {
      const size_t o = i + q * K_VL;
      K_V nr, ni;
      KF (prox1) (KF (ld) (zr + o), KF (ld) (zi + o), KF (ld) (xr + o), KF (ld) (xi + o),
          KF (ld) (gr + o), KF (ld) (gi + o), vc, vt, vt2, &nr, &ni, &sd[q], &sp[q], &sr[q]);
      KF (st) (xnr + o, nr);
      KF (st) (xni + o, ni);
    }
  sums[0] = KF (fold8) (sd);
  sums[1] = KF (fold8) (sp);
  sums[2] = KF (fold8) (sr);
}

/* blocks of 4: element e at KOFF (e); n elements, a multiple of 8 */
K_FUNC void
KF (prox_block) (size_t n, const float *z, const float *x, const float *g, float c,
    float thresh, float *xn, float sums[3])
{
  const K_V vc = K_SPLAT (c), vt = K_SPLAT (thresh), vt2 = K_SPLAT (KF (skip2) (thresh));
  K_V sd[8 / K_VL], sp[8 / K_VL], sr[8 / K_VL];
  size_t e;
  unsigned q;
  for (q = 0; q < 8 / K_VL; q++)
    sd[q] = sp[q] = sr[q] = K_SPLAT (0.0f);
  for (e = 0; e < n; e += 8)
    K_UNROLL for (q = 0; q < 8 / K_VL; q++) {
      const size_t o = KOFF (e + q * K_VL);
      K_V pr, pi, or_, oi, hr, hi, nr, ni;
      K_SPLIT (z + o, pr, pi);
      K_SPLIT (x + o, or_, oi);
      K_SPLIT (g + o, hr, hi);
      KF (prox1) (pr, pi, or_, oi, hr, hi, vc, vt, vt2, &nr, &ni, &sd[q], &sp[q], &sr[q]);
      K_JOIN (xn + o, nr, ni);
    }
  sums[0] = KF (fold8) (sd);
  sums[1] = KF (fold8) (sp);
  sums[2] = KF (fold8) (sr);
}

#undef K_CAT2
#undef K_CAT
#undef KF
#undef K_INLINE
#undef K_FUNC
#undef K_UNROLL
/* the parameters, for the next instance */
#undef K_SFX
#undef K_ATTR
#undef K_CL
#undef KC
#undef KC_ZERO
#undef KC_LD
#undef KC_ST
#undef KC_ADD
#undef KC_SUB
#undef KC_RSC
#undef KC_MI
#undef KC_TW
#undef KC_CMUL
#undef KC_TR4
#undef K_V
#undef K_VI
#undef K_VL
#undef K_SPLAT
#undef K_ALL_LE
#undef K_SPLIT
#undef K_JOIN
