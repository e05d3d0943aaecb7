/* libruview — empty-room baseline calibration (frontend.md §5). */
#include "ruview/calibration.h"
#include "ruview/rvmath.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI_F32 3.14159274f   /* 0x40490FDB */

struct RvCalibrationRecorder {
  RvCalibrationConfig cfg;
  int64_t started_at_unix_s;
  uint32_t frame_count;
  uint64_t *count;
  double *mean, *m2, *sin_sum, *cos_sum;
  float *z, *drift;             /* scratch, num_active each */
};

const char *
rv_calibration_error_str (RvCalibrationError e)
{
  switch (e) {
    case RV_CALIBRATION_OK: return "ok";
    case RV_CALIBRATION_ERROR_SUBCARRIER_MISMATCH: return "subcarrier count mismatch";
    case RV_CALIBRATION_ERROR_TIER_MISMATCH: return "tier mismatch";
    case RV_CALIBRATION_ERROR_INSUFFICIENT_FRAMES: return "insufficient frames";
    case RV_CALIBRATION_ERROR_VERSION_MISMATCH: return "baseline serialization version mismatch";
    case RV_CALIBRATION_ERROR_TRUNCATED_BUFFER: return "buffer too short to deserialize baseline";
    case RV_CALIBRATION_ERROR_INVALID_MAGIC: return "invalid magic word (expected 0xCA1B0001)";
    case RV_CALIBRATION_ERROR_UNKNOWN_TIER: return "unknown tier byte";
    case RV_CALIBRATION_ERROR_NON_FINITE: return "non-finite value in a median";
    case RV_CALIBRATION_ERROR_INVALID_CONFIG: return "invalid calibration configuration";
    case RV_CALIBRATION_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case RV_CALIBRATION_ERROR_OUT_OF_MEMORY: return "out of memory";
  }
  return "unknown error";
}

size_t
rv_phy_tier_num_subcarriers (RvPhyTier t)
{
  switch (t) {
    case RV_PHY_TIER_HT20: return 64;
    case RV_PHY_TIER_HT40: return 128;
    case RV_PHY_TIER_HE20: return 256;
    case RV_PHY_TIER_HE40: return 512;
  }
  return 0;
}

size_t
rv_phy_tier_num_active (RvPhyTier t)
{
  switch (t) {
    case RV_PHY_TIER_HT20: return 52;
    case RV_PHY_TIER_HT40: return 114;
    case RV_PHY_TIER_HE20: return 256;
    case RV_PHY_TIER_HE40: return 484;
  }
  return 0;
}

const char *
rv_phy_tier_name (RvPhyTier t)
{
  switch (t) {
    case RV_PHY_TIER_HT20: return "Ht20";
    case RV_PHY_TIER_HT40: return "Ht40";
    case RV_PHY_TIER_HE20: return "He20";
    case RV_PHY_TIER_HE40: return "He40";
  }
  return "Unknown";
}

bool
rv_phy_tier_from_width (size_t cols, RvPhyTier *out)
{
  RvPhyTier t;
  switch (cols) {
    case 52: case 64: t = RV_PHY_TIER_HT20; break;
    case 114: case 128: t = RV_PHY_TIER_HT40; break;
    case 256: t = RV_PHY_TIER_HE20; break;
    case 484: case 512: t = RV_PHY_TIER_HE40; break;
    default: return false;
  }
  if (out)
    *out = t;
  return true;
}

void
rv_calibration_config_for_tier (RvCalibrationConfig *cfg, RvPhyTier tier)
{
  cfg->tier = tier;
  cfg->num_subcarriers = rv_phy_tier_num_subcarriers (tier);
  cfg->num_active = rv_phy_tier_num_active (tier);
  cfg->min_frames = RV_CALIBRATION_DEFAULT_MIN_FRAMES;
  cfg->max_phase_variance = 0.3f;
}

/* ---- median by partial selection ---- */

/* strict weak order: numeric, NaN after everything */
static inline bool
lt (float a, float b)
{
  if (isnan (a))
    return false;
  if (isnan (b))
    return true;
  return a < b;
}

static inline void
swapf (float *v, ptrdiff_t i, ptrdiff_t j)
{
  float t = v[i];
  v[i] = v[j];
  v[j] = t;
}

/* place the k-th smallest at v[k], smaller-or-equal before, greater-or-equal after */
static void
select_kth (float *v, ptrdiff_t n, ptrdiff_t k)
{
  ptrdiff_t lo = 0, hi = n - 1;

  while (hi > lo) {
    ptrdiff_t mid = lo + (hi - lo) / 2, i, j;
    float pivot;

    if (lt (v[mid], v[lo]))
      swapf (v, mid, lo);
    if (lt (v[hi], v[lo]))
      swapf (v, hi, lo);
    if (lt (v[hi], v[mid]))
      swapf (v, hi, mid);
    if (hi - lo < 3)
      return;
    pivot = v[mid];
    i = lo;
    j = hi;
    while (i <= j) {
      while (lt (v[i], pivot))
        i++;
      while (lt (pivot, v[j]))
        j--;
      if (i <= j) {
        swapf (v, i, j);
        i++;
        j--;
      }
    }
    if (k <= j)
      hi = j;
    else if (k >= i)
      lo = i;
    else
      return;
  }
}

float
rv_calibration_median (float *v, size_t n)
{
  size_t m, i;
  float lower;

  if (n == 0)
    return 0.0f;
  m = n / 2;
  select_kth (v, (ptrdiff_t) n, (ptrdiff_t) m);
  if (n % 2 == 1)
    return v[m];
  lower = v[0];
  for (i = 1; i < m; i++)
    if (lt (lower, v[i]))
      lower = v[i];
  return (lower + v[m]) / 2.0f;
}

float
rv_calibration_circ_dist (float a, float b)
{
  float d = fabsf (a - b);
  if (d > PI_F32)
    d = 2.0f * PI_F32 - d;
  return d;
}

static bool
any_nan (const float *v, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (isnan (v[i]))
      return true;
  return false;
}

/* z[] holds |z|, drift[] the drifts; fills out, reorders both. */
static RvCalibrationError
finish_score (float *z, float *drift, size_t n, RvCalibrationScore *out)
{
  RvCalibrationError ret = RV_CALIBRATION_OK;
  float zmax = 0.0f;
  size_t i;
  RvCalibrationScore s;

  for (i = 0; i < n; i++)
    zmax = fmaxf (zmax, z[i]);
  if (any_nan (z, n) || any_nan (drift, n))
    ret = RV_CALIBRATION_ERROR_NON_FINITE;
  s.amplitude_z_median = rv_calibration_median (z, n);
  s.amplitude_z_max = zmax;
  s.phase_drift_median = rv_calibration_median (drift, n);
  s.motion_flagged = s.amplitude_z_median > RV_CALIBRATION_MOTION_AMP_Z
      || s.phase_drift_median > RV_CALIBRATION_MOTION_PHASE_DRIFT;
  if (out)
    *out = s;
  return ret;
}

static void
set_info (RvCalibrationErrorInfo *info, uint64_t expected, uint64_t got, uint64_t need)
{
  if (info) {
    info->expected = expected;
    info->got = got;
    info->need = need;
  }
}

/* ---- baseline ---- */

RvBaseline *
rv_baseline_new (RvPhyTier tier, int64_t captured, uint64_t frame_count, size_t n)
{
  RvBaseline *b;

  if ((unsigned) tier > RV_PHY_TIER_HE40)
    return NULL;
  if (n > SIZE_MAX / (2 * sizeof (RvSubcarrierBaseline)))
    return NULL;
  b = calloc (1, sizeof (*b));
  if (!b)
    return NULL;
  b->tier = tier;
  b->captured_at_unix_s = captured;
  b->frame_count = frame_count;
  b->n = n;
  b->subcarriers = calloc (n ? n : 1, sizeof (RvSubcarrierBaseline));
  b->scratch = calloc (n ? 2 * n : 1, sizeof (float));
  if (!b->subcarriers || !b->scratch) {
    rv_baseline_free (b);
    return NULL;
  }
  return b;
}

void
rv_baseline_free (RvBaseline *b)
{
  if (!b)
    return;
  free (b->subcarriers);
  free (b->scratch);
  free (b);
}

static bool
cols_ok (const RvBaseline *b, size_t cols)
{
  return cols == b->n || cols == rv_phy_tier_num_subcarriers (b->tier);
}

RvCalibrationError
rv_baseline_deviation (RvBaseline *b, const double *data, size_t rows, size_t cols,
                       RvCalibrationScore *out, RvCalibrationErrorInfo *info)
{
  size_t take, k;
  float *z, *drift;

  if (!b || (!data && cols > 0))
    return RV_CALIBRATION_ERROR_INVALID_ARGUMENT;
  if (!cols_ok (b, cols)) {
    set_info (info, b->n, cols, 0);
    return RV_CALIBRATION_ERROR_SUBCARRIER_MISMATCH;
  }
  if (rows == 0)
    return RV_CALIBRATION_ERROR_INVALID_ARGUMENT;
  take = b->n < cols ? b->n : cols;
  z = b->scratch;
  drift = b->scratch + b->n;
  for (k = 0; k < take; k++) {
    float re = (float) data[2 * k], im = (float) data[2 * k + 1];
    const RvSubcarrierBaseline *sb = &b->subcarriers[k];
    float amp = rv_hypotf (re, im);
    float sd = fmaxf (sqrtf (sb->amp_variance), RV_CALIBRATION_AMP_STD_FLOOR);
    float zz = (amp - sb->amp_mean) / sd;
    z[k] = fabsf (zz);
    drift[k] = rv_calibration_circ_dist (rv_atan2f (im, re), sb->phase_mean);
  }
  return finish_score (z, drift, take, out);
}

RvCalibrationError
rv_baseline_zscores (const RvBaseline *b, const double *data, size_t rows, size_t cols,
                     float *z_out, size_t *n_out, RvCalibrationErrorInfo *info)
{
  size_t take, k;

  if (!b || !z_out || (!data && cols > 0))
    return RV_CALIBRATION_ERROR_INVALID_ARGUMENT;
  if (!cols_ok (b, cols)) {
    set_info (info, b->n, cols, 0);
    return RV_CALIBRATION_ERROR_SUBCARRIER_MISMATCH;
  }
  if (rows == 0)
    return RV_CALIBRATION_ERROR_INVALID_ARGUMENT;
  take = b->n < cols ? b->n : cols;
  for (k = 0; k < take; k++) {
    float re = (float) data[2 * k], im = (float) data[2 * k + 1];
    const RvSubcarrierBaseline *sb = &b->subcarriers[k];
    float sd = fmaxf (sqrtf (sb->amp_variance), RV_CALIBRATION_AMP_STD_FLOOR);
    z_out[k] = (rv_hypotf (re, im) - sb->amp_mean) / sd;
  }
  if (n_out)
    *n_out = take;
  return RV_CALIBRATION_OK;
}

/* ---- ADR-135 drift statistic ---- */

struct RvCalibrationDrift {
  size_t n, w, count, pos;
  float threshold;
  uint64_t sustain, sustained;
  float *ring;       /* n × w, insertion order */
  float *sorted;     /* n × w, ascending, first `count` valid */
};

RvCalibrationDrift *
rv_calibration_drift_new (size_t n, size_t window, float threshold, uint64_t sustain)
{
  RvCalibrationDrift *d;

  if (n == 0 || window == 0 || !isfinite (threshold) || n > SIZE_MAX / 8 / window)
    return NULL;
  d = calloc (1, sizeof (*d));
  if (d) {
    d->ring = calloc (n * window, sizeof (float));
    d->sorted = calloc (n * window, sizeof (float));
  }
  if (!d || !d->ring || !d->sorted) {
    rv_calibration_drift_free (d);
    return NULL;
  }
  d->n = n;
  d->w = window;
  d->threshold = threshold;
  d->sustain = sustain;
  return d;
}

void
rv_calibration_drift_free (RvCalibrationDrift *d)
{
  if (!d)
    return;
  free (d->ring);
  free (d->sorted);
  free (d);
}

void
rv_calibration_drift_reset (RvCalibrationDrift *d)
{
  d->count = 0;
  d->pos = 0;
  d->sustained = 0;
}

/* first index with s[i] >= v (s ascending, no NaN) */
static size_t
lower_bound (const float *s, size_t n, float v)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s[mid] < v)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

RvCalibrationError
rv_calibration_drift_push (RvCalibrationDrift *d, const float *z, size_t n,
                           RvCalibrationDriftState *out)
{
  size_t k, c;
  float sum = 0.0f, score;
  bool full;

  if (!d || (!z && n > 0))
    return RV_CALIBRATION_ERROR_INVALID_ARGUMENT;
  if (n != d->n)
    return RV_CALIBRATION_ERROR_SUBCARRIER_MISMATCH;
  for (k = 0; k < n; k++)
    if (isnan (z[k]))
      return RV_CALIBRATION_ERROR_NON_FINITE;
  full = d->count == d->w;
  for (k = 0; k < n; k++) {
    float *ring = d->ring + k * d->w, *s = d->sorted + k * d->w;
    float v = z[k] * z[k];
    size_t cnt = d->count, i;
    if (full) {
      /* drop the oldest value (any equal copy is the same value; it is
       * present, so i < cnt: the test only makes that visible to the
       * compiler, whose sanitizer builds warn otherwise) */
      i = lower_bound (s, cnt, ring[d->pos]);
      if (i < cnt)
        memmove (s + i, s + i + 1, (cnt - i - 1) * sizeof (float));
      cnt--;
    }
    i = lower_bound (s, cnt, v);
    memmove (s + i + 1, s + i, (cnt - i) * sizeof (float));
    s[i] = v;
    ring[d->pos] = v;
  }
  if (!full)
    d->count++;
  d->pos = (d->pos + 1) % d->w;
  c = d->count;
  for (k = 0; k < n; k++) {
    const float *s = d->sorted + k * d->w;
    sum += c % 2 ? s[c / 2] : (s[c / 2 - 1] + s[c / 2]) / 2.0f;
  }
  score = sum / (float) n;
  if (d->count == d->w && score > d->threshold)
    d->sustained++;
  else
    d->sustained = 0;
  if (out) {
    out->drift_score = score;
    out->frames_in_window = d->count;
    out->above = d->sustained > 0;
    out->sustained_frames = d->sustained;
    out->stale = d->sustained > 0 && d->sustained >= d->sustain;
  }
  return RV_CALIBRATION_OK;
}

RvCalibrationError
rv_baseline_subtract_in_place (const RvBaseline *b, double *data, size_t rows,
                               size_t cols, RvCalibrationErrorInfo *info)
{
  size_t take, k, s;

  if (!b || (!data && cols > 0 && rows > 0))
    return RV_CALIBRATION_ERROR_INVALID_ARGUMENT;
  if (!cols_ok (b, cols)) {
    set_info (info, b->n, cols, 0);
    return RV_CALIBRATION_ERROR_SUBCARRIER_MISMATCH;
  }
  take = b->n < cols ? b->n : cols;
  for (k = 0; k < take; k++) {
    double base = (double) b->subcarriers[k].amp_mean;
    for (s = 0; s < rows; s++) {
      double *c = data + 2 * (s * cols + k);
      double norm = rv_hypot (c[0], c[1]);
      if (norm > RV_CALIBRATION_SUBTRACT_MIN_NORM) {
        double scale = fmax (norm - base, 0.0) / norm;
        c[0] = c[0] * scale;
        c[1] = c[1] * scale;
      }
    }
  }
  return RV_CALIBRATION_OK;
}

RvCalibrationError
rv_baseline_apply (const RvBaseline *b, double *data, size_t rows, size_t cols,
                   uint64_t *calibration_id_out, RvCalibrationErrorInfo *info)
{
  RvCalibrationError e = rv_baseline_subtract_in_place (b, data, rows, cols, info);
  if (e != RV_CALIBRATION_OK)
    return e;
  if (calibration_id_out)
    *calibration_id_out = rv_baseline_calibration_id (b);
  return RV_CALIBRATION_OK;
}

uint64_t
rv_calibration_id (int64_t captured, uint64_t frame_count, uint64_t n, RvPhyTier tier)
{
  uint64_t h = (uint64_t) captured * UINT64_C (0x9E3779B97F4A7C15)
      + frame_count * UINT64_C (0xBF58476D1CE4E5B9)
      + n * UINT64_C (0x94D049BB133111EB)
      + (uint64_t) tier;
  h ^= h >> 30;
  h *= UINT64_C (0xBF58476D1CE4E5B9);
  h ^= h >> 27;
  return h;
}

uint64_t
rv_baseline_calibration_id (const RvBaseline *b)
{
  return rv_calibration_id (b->captured_at_unix_s, b->frame_count, (uint64_t) b->n,
      b->tier);
}

void
rv_calibration_uuid_bytes (uint64_t id, uint8_t uuid[16])
{
  int i;
  memset (uuid, 0, 8);
  for (i = 0; i < 8; i++)
    uuid[8 + i] = (uint8_t) (id >> (56 - 8 * i));
}

void
rv_calibration_uuid_string (uint64_t id, char buf[37])
{
  snprintf (buf, 37, "00000000-0000-0000-%04x-%012llx",
      (unsigned) (id >> 48), (unsigned long long) (id & UINT64_C (0xFFFFFFFFFFFF)));
}

void
rv_baseline_reference_csi (const RvBaseline *b, float *out)
{
  size_t k;
  for (k = 0; k < b->n; k++) {
    float a = b->subcarriers[k].amp_mean, p = b->subcarriers[k].phase_mean;
    out[2 * k] = a * rv_cosf (p);
    out[2 * k + 1] = a * rv_sinf (p);
  }
}

/* ---- serialisation ---- */

static void
put_u32 (uint8_t *p, uint32_t v)
{
  p[0] = (uint8_t) v;
  p[1] = (uint8_t) (v >> 8);
  p[2] = (uint8_t) (v >> 16);
  p[3] = (uint8_t) (v >> 24);
}

static void
put_u64 (uint8_t *p, uint64_t v)
{
  put_u32 (p, (uint32_t) v);
  put_u32 (p + 4, (uint32_t) (v >> 32));
}

static void
put_f32 (uint8_t *p, float f)
{
  uint32_t u;
  memcpy (&u, &f, 4);
  put_u32 (p, u);
}

static uint32_t
get_u32 (const uint8_t *p)
{
  return (uint32_t) p[0] | ((uint32_t) p[1] << 8) | ((uint32_t) p[2] << 16)
      | ((uint32_t) p[3] << 24);
}

static uint64_t
get_u64 (const uint8_t *p)
{
  return (uint64_t) get_u32 (p) | ((uint64_t) get_u32 (p + 4) << 32);
}

static float
get_f32 (const uint8_t *p)
{
  uint32_t u = get_u32 (p);
  float f;
  memcpy (&f, &u, 4);
  return f;
}

size_t
rv_baseline_serialized_size (const RvBaseline *b)
{
  return RV_CALIBRATION_HEADER_LEN + RV_CALIBRATION_RECORD_LEN * b->n;
}

size_t
rv_baseline_to_bytes (const RvBaseline *b, uint8_t *buf, size_t cap)
{
  size_t need = rv_baseline_serialized_size (b), k;
  uint8_t *p;

  if (!buf || cap < need || b->n > UINT32_MAX)
    return 0;
  put_u32 (buf, RV_CALIBRATION_MAGIC);
  buf[4] = RV_CALIBRATION_VERSION;
  buf[5] = (uint8_t) b->tier;
  buf[6] = 0;
  buf[7] = 0;
  put_u64 (buf + 8, (uint64_t) b->captured_at_unix_s);
  put_u64 (buf + 16, b->frame_count);
  put_u32 (buf + 24, (uint32_t) b->n);
  p = buf + RV_CALIBRATION_HEADER_LEN;
  for (k = 0; k < b->n; k++, p += RV_CALIBRATION_RECORD_LEN) {
    put_f32 (p, b->subcarriers[k].amp_mean);
    put_f32 (p + 4, b->subcarriers[k].amp_variance);
    put_f32 (p + 8, b->subcarriers[k].phase_mean);
    put_f32 (p + 12, b->subcarriers[k].phase_dispersion);
  }
  return need;
}

RvCalibrationError
rv_baseline_from_bytes (const uint8_t *buf, size_t len, RvBaseline **out,
                        RvCalibrationErrorInfo *info)
{
  uint32_t magic, n;
  uint8_t version, tier;
  uint64_t needed;
  RvBaseline *b;
  const uint8_t *p;
  size_t k;

  if (!out || (!buf && len > 0))
    return RV_CALIBRATION_ERROR_INVALID_ARGUMENT;
  *out = NULL;
  if (len < RV_CALIBRATION_HEADER_LEN) {
    set_info (info, 0, len, RV_CALIBRATION_HEADER_LEN);
    return RV_CALIBRATION_ERROR_TRUNCATED_BUFFER;
  }
  magic = get_u32 (buf);
  if (magic != RV_CALIBRATION_MAGIC) {
    if (info)
      info->magic = magic;
    return RV_CALIBRATION_ERROR_INVALID_MAGIC;
  }
  version = buf[4];
  if (version != RV_CALIBRATION_VERSION) {
    set_info (info, 0, version, RV_CALIBRATION_VERSION);
    return RV_CALIBRATION_ERROR_VERSION_MISMATCH;
  }
  tier = buf[5];
  if (tier > RV_PHY_TIER_HE40) {
    set_info (info, 0, tier, 0);
    return RV_CALIBRATION_ERROR_UNKNOWN_TIER;
  }
  n = get_u32 (buf + 24);
  needed = RV_CALIBRATION_HEADER_LEN + (uint64_t) RV_CALIBRATION_RECORD_LEN * n;
  if ((uint64_t) len < needed) {
    set_info (info, 0, len, needed);
    return RV_CALIBRATION_ERROR_TRUNCATED_BUFFER;
  }
  b = rv_baseline_new ((RvPhyTier) tier, (int64_t) get_u64 (buf + 8), get_u64 (buf + 16), n);
  if (!b)
    return RV_CALIBRATION_ERROR_OUT_OF_MEMORY;
  p = buf + RV_CALIBRATION_HEADER_LEN;
  for (k = 0; k < n; k++, p += RV_CALIBRATION_RECORD_LEN) {
    b->subcarriers[k].amp_mean = get_f32 (p);
    b->subcarriers[k].amp_variance = get_f32 (p + 4);
    b->subcarriers[k].phase_mean = get_f32 (p + 8);
    b->subcarriers[k].phase_dispersion = get_f32 (p + 12);
  }
  *out = b;
  return RV_CALIBRATION_OK;
}

static uint16_t
quant (float x)
{
  float q = fminf (fmaxf (roundf (x), 0.0f), 65535.0f);
  return (uint16_t) q;
}

size_t
rv_baseline_proof_payload (const RvBaseline *b, uint8_t *buf, size_t cap)
{
  size_t need = 9 + 8 * b->n, k;
  uint8_t *p;

  if (!buf || cap < need)
    return 0;
  buf[0] = (uint8_t) b->tier;
  put_u64 (buf + 1, b->frame_count);
  p = buf + 9;
  for (k = 0; k < b->n; k++, p += 8) {
    const RvSubcarrierBaseline *s = &b->subcarriers[k];
    uint16_t q[4];
    int j;
    q[0] = quant (s->amp_mean * 1e2f);
    q[1] = quant (s->amp_variance * 1e4f);
    q[2] = quant ((s->phase_mean + PI_F32) * 1e3f);
    q[3] = quant (s->phase_dispersion * 1e3f);
    for (j = 0; j < 4; j++) {
      p[2 * j] = (uint8_t) q[j];
      p[2 * j + 1] = (uint8_t) (q[j] >> 8);
    }
  }
  return need;
}

/* ---- recorder ---- */

RvCalibrationRecorder *
rv_calibration_recorder_new (const RvCalibrationConfig *cfg, int64_t started_at,
                             RvCalibrationError *err)
{
  RvCalibrationRecorder *r;
  size_t n;

  if (!cfg || (unsigned) cfg->tier > RV_PHY_TIER_HE40 || cfg->num_active == 0
      || cfg->num_active > cfg->num_subcarriers || cfg->num_active > (SIZE_MAX >> 6)) {
    if (err)
      *err = RV_CALIBRATION_ERROR_INVALID_CONFIG;
    return NULL;
  }
  n = cfg->num_active;
  r = calloc (1, sizeof (*r));
  if (r) {
    r->count = calloc (n, sizeof (uint64_t));
    r->mean = calloc (4 * n, sizeof (double));
    r->z = calloc (2 * n, sizeof (float));
  }
  if (!r || !r->count || !r->mean || !r->z) {
    rv_calibration_recorder_free (r);
    if (err)
      *err = RV_CALIBRATION_ERROR_OUT_OF_MEMORY;
    return NULL;
  }
  r->m2 = r->mean + n;
  r->sin_sum = r->mean + 2 * n;
  r->cos_sum = r->mean + 3 * n;
  r->drift = r->z + n;
  r->cfg = *cfg;
  r->started_at_unix_s = started_at;
  if (err)
    *err = RV_CALIBRATION_OK;
  return r;
}

void
rv_calibration_recorder_free (RvCalibrationRecorder *r)
{
  if (!r)
    return;
  free (r->count);
  free (r->mean);
  free (r->z);
  free (r);
}

void
rv_calibration_recorder_reset (RvCalibrationRecorder *r, int64_t started_at)
{
  size_t n = r->cfg.num_active;
  memset (r->count, 0, n * sizeof (uint64_t));
  memset (r->mean, 0, 4 * n * sizeof (double));
  r->frame_count = 0;
  r->started_at_unix_s = started_at;
}

const RvCalibrationConfig *
rv_calibration_recorder_config (const RvCalibrationRecorder *r)
{
  return &r->cfg;
}

uint32_t
rv_calibration_recorder_frames_recorded (const RvCalibrationRecorder *r)
{
  return r->frame_count;
}

static inline double
variance_of (uint64_t count, double m2)
{
  return count < 2 ? 0.0 : m2 / (double) (count - 1);
}

RvCalibrationError
rv_calibration_recorder_record (RvCalibrationRecorder *r, const double *data,
                                size_t rows, size_t cols, RvCalibrationScore *out,
                                RvCalibrationErrorInfo *info)
{
  size_t take, k;

  if (!r || (!data && cols > 0))
    return RV_CALIBRATION_ERROR_INVALID_ARGUMENT;
  if (cols != r->cfg.num_active && cols != r->cfg.num_subcarriers) {
    set_info (info, r->cfg.num_active, cols, 0);
    return RV_CALIBRATION_ERROR_SUBCARRIER_MISMATCH;
  }
  if (rows == 0)
    return RV_CALIBRATION_ERROR_INVALID_ARGUMENT;
  take = r->cfg.num_active < cols ? r->cfg.num_active : cols;
  for (k = 0; k < take; k++) {
    float re = (float) data[2 * k], im = (float) data[2 * k + 1];
    double amp = (double) rv_hypotf (re, im);
    double d, d2, theta;
    r->count[k] += 1;
    d = amp - r->mean[k];
    r->mean[k] += d / (double) r->count[k];
    d2 = amp - r->mean[k];
    r->m2[k] += d * d2;
    theta = (double) rv_atan2f (im, re);
    r->sin_sum[k] += rv_sin (theta);
    r->cos_sum[k] += rv_cos (theta);
  }
  r->frame_count += 1;

  for (k = 0; k < take; k++) {
    float re = (float) data[2 * k], im = (float) data[2 * k + 1];
    float amp = rv_hypotf (re, im);
    float sd = fmaxf (sqrtf ((float) variance_of (r->count[k], r->m2[k])), 1e-12f);
    r->z[k] = fabsf (amp - (float) r->mean[k]) / sd;
    r->drift[k] = rv_calibration_circ_dist (rv_atan2f (im, re),
        (float) rv_atan2 (r->sin_sum[k], r->cos_sum[k]));
  }
  return finish_score (r->z, r->drift, take, out);
}

RvCalibrationError
rv_calibration_recorder_finalize (const RvCalibrationRecorder *r, RvBaseline **out,
                                  RvCalibrationErrorInfo *info)
{
  RvBaseline *b;
  size_t k, n;

  if (!r || !out)
    return RV_CALIBRATION_ERROR_INVALID_ARGUMENT;
  *out = NULL;
  if (r->frame_count < r->cfg.min_frames) {
    set_info (info, 0, r->frame_count, r->cfg.min_frames);
    return RV_CALIBRATION_ERROR_INSUFFICIENT_FRAMES;
  }
  n = r->cfg.num_active;
  b = rv_baseline_new (r->cfg.tier, r->started_at_unix_s, (uint64_t) r->frame_count, n);
  if (!b)
    return RV_CALIBRATION_ERROR_OUT_OF_MEMORY;
  for (k = 0; k < n; k++) {
    double s = r->sin_sum[k], c = r->cos_sum[k], disp;
    b->subcarriers[k].amp_mean = (float) r->mean[k];
    b->subcarriers[k].amp_variance = (float) variance_of (r->count[k], r->m2[k]);
    b->subcarriers[k].phase_mean = (float) rv_atan2 (s, c);
    if (r->count[k] == 0)
      disp = 1.0;
    else
      disp = 1.0 - fmin (sqrt (s * s + c * c) / (double) r->count[k], 1.0);
    b->subcarriers[k].phase_dispersion = (float) disp;
  }
  *out = b;
  return RV_CALIBRATION_OK;
}
