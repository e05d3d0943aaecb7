/* libruview — A/B comparison of two branches' results (see ab_compare.h). */
#include "ruview/ab_compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  const char *path;
  RvAbKind kind;
  RvAbType type;
  int complex_pairs;
} FieldInfo;

#define N RV_AB_NUMBER
#define V RV_AB_VECTOR
#define I RV_AB_IDENTITY
#define C RV_AB_CATEGORY
#define F32 RV_AB_TYPE_F32
#define F64 RV_AB_TYPE_F64
#define U64 RV_AB_TYPE_U64
#define OTH RV_AB_TYPE_OTHER

/* in RvAbField order */
static const FieldInfo fields[RV_AB_N_FIELDS] = {
  {"fused.freq_coherence", N, F32, 0},
  {"fused.cross_node_coherence", N, F32, 0},
  {"fused.active_nodes", N, U64, 0},
  {"fused.weights", V, OTH, 0},
  {"fused.amplitude", V, OTH, 0},
  {"quality.base_coherence", N, F32, 0},
  {"quality.penalized_coherence", N, F32, 0},
  {"quality.confidence_low", N, F32, 0},
  {"quality.confidence_high", N, F32, 0},
  {"quality.n_evidence", N, U64, 0},
  {"quality.n_contradictions", N, U64, 0},
  {"quality.forces_privacy_demotion", C, OTH, 0},
  {"gate.decision", C, OTH, 0},
  {"gate.drift_profile", C, OTH, 0},
  {"gate.coherence_score", N, F32, 0},
  {"gate.stale_count", N, U64, 0},
  {"cir.error", C, OTH, 0},
  {"cir.blended", C, OTH, 0},
  {"cir.dominant_tap_idx", N, U64, 0},
  {"cir.dominant_tap_ratio", N, F32, 0},
  {"cir.residual", N, F32, 0},
  {"cir.iters_used", N, U64, 0},
  {"cir.active_tap_count", N, U64, 0},
  {"cir.ranging_valid", C, OTH, 0},
  {"cir.rms_delay_spread_s", N, F64, 0},
  {"cir.taps", V, OTH, 1},
  {"occupancy.occupied_count", N, U64, 0},
  {"occupancy.residual", N, F64, 0},
  {"occupancy.iterations", N, U64, 0},
  {"occupancy.densities", V, OTH, 0},
  {"pose.n_persons", N, U64, 0},
  {"pose.ids", I, OTH, 0},
  {"pose.positions", V, OTH, 0},
  {"pose.confidence", V, OTH, 0},
  {"pose.lifecycle", C, OTH, 0},
  {"witness.witness", I, OTH, 0},
  {"witness.effective_class", C, OTH, 0},
  {"witness.privacy_mode", C, OTH, 0},
  {"witness.demoted", C, OTH, 0},
  {"witness.change_point", C, OTH, 0},
  {"witness.recalibration_recommended", C, OTH, 0},
  {"witness.base_coherence", N, F32, 0},
  {"witness.penalized_coherence", N, F32, 0},
};

#undef N
#undef V
#undef I
#undef C
#undef F32
#undef F64
#undef U64
#undef OTH

#define NONE_LABEL "none"

const char *
rv_ab_field_path (RvAbField f)
{
  return (unsigned) f < RV_AB_N_FIELDS ? fields[f].path : NULL;
}

RvAbKind
rv_ab_field_kind (RvAbField f)
{
  return (unsigned) f < RV_AB_N_FIELDS ? fields[f].kind : RV_AB_NUMBER;
}

RvAbType
rv_ab_field_type (RvAbField f)
{
  return (unsigned) f < RV_AB_N_FIELDS ? fields[f].type : RV_AB_TYPE_OTHER;
}

RvAbField
rv_ab_field_from_path (const char *path)
{
  unsigned i;
  for (i = 0; path && i < RV_AB_N_FIELDS; i++)
    if (strcmp (fields[i].path, path) == 0)
      return (RvAbField) i;
  return RV_AB_N_FIELDS;
}

/* ---------------------------------------------------------- branch */

void
rv_ab_branch_clear (RvAbBranch * b)
{
  memset (b->v, 0, sizeof (b->v));
  b->n_persons = 0;
}

void
rv_ab_set_number (RvAbBranch * b, RvAbField f, double v)
{
  b->v[f].present = 1;
  b->v[f].number = v;
}

void
rv_ab_set_f32s (RvAbBranch * b, RvAbField f, const float *v, size_t n)
{
  b->v[f].present = 1;
  b->v[f].f32 = v;
  b->v[f].f64 = NULL;
  b->v[f].n = v ? n : 0;
}

void
rv_ab_set_f64s (RvAbBranch * b, RvAbField f, const double *v, size_t n)
{
  b->v[f].present = 1;
  b->v[f].f64 = v;
  b->v[f].f32 = NULL;
  b->v[f].n = v ? n : 0;
}

void
rv_ab_set_bytes (RvAbBranch * b, RvAbField f, const uint8_t * bytes, size_t n)
{
  b->v[f].present = bytes != NULL;
  b->v[f].bytes = bytes;
  b->v[f].n = n;
}

void
rv_ab_set_label (RvAbBranch * b, RvAbField f, const char *label)
{
  b->v[f].present = label != NULL;
  b->v[f].label = label;
}

void
rv_ab_set_bool (RvAbBranch * b, RvAbField f, int v)
{
  rv_ab_set_label (b, f, v ? "true" : "false");
}

void
rv_ab_set_pose (RvAbBranch * b)
{
  b->n_persons = 0;
  rv_ab_set_number (b, RV_AB_POSE_PERSONS, 0);
}

int
rv_ab_add_person (RvAbBranch * b, uint32_t id, const char *lifecycle,
    double confidence, const double keypoints[RV_AB_KEYPOINTS * 3])
{
  RvAbPerson *p;
  if (b->n_persons >= RV_AB_MAX_PERSONS)
    return 0;
  p = &b->persons[b->n_persons++];
  p->id = id;
  p->lifecycle = lifecycle;
  p->confidence = confidence;
  memcpy (p->keypoints, keypoints, sizeof (p->keypoints));
  rv_ab_set_number (b, RV_AB_POSE_PERSONS, b->n_persons);
  return 1;
}

/* ---------------------------------------------------------- compare */

static int
same_number (double a, double b)
{
  return a == b || (isnan (a) && isnan (b));
}

static void
compare_numbers (double a, double b, RvAbFieldDiff * fd)
{
  fd->equal = same_number (a, b);
  if (fd->equal) {
    fd->comparable = 1;
    return;
  }
  if (!isfinite (a) || !isfinite (b))
    return;
  fd->comparable = 1;
  fd->abs_diff = fabs (a - b);
  fd->rel_diff = fd->abs_diff / fmax (fabs (a), fabs (b));
}

static double
element (const RvAbValue * v, size_t i)
{
  return v->f32 ? (double) v->f32[i] : v->f64[i];
}

static void
compare_vectors (const RvAbValue * a, const RvAbValue * b, int complex_pairs,
    RvAbFieldDiff * fd)
{
  size_t i, step = complex_pairs ? 2 : 1;
  double dmax = 0.0, mag = 0.0;
  int equal = 1, nonfinite = 0;

  if (a->n != b->n)
    return;
  for (i = 0; i + step <= a->n; i += step) {
    double d, ma, mb;
    int same;
    if (complex_pairs) {
      double ar = element (a, i), ai = element (a, i + 1);
      double br = element (b, i), bi = element (b, i + 1);
      double dr = ar - br, di = ai - bi;
      same = same_number (ar, br) && same_number (ai, bi);
      d = sqrt (dr * dr + di * di);
      ma = sqrt (ar * ar + ai * ai);
      mb = sqrt (br * br + bi * bi);
    } else {
      double x = element (a, i), y = element (b, i);
      same = same_number (x, y);
      d = fabs (x - y);
      ma = fabs (x);
      mb = fabs (y);
    }
    if (isfinite (ma) && ma > mag)
      mag = ma;
    if (isfinite (mb) && mb > mag)
      mag = mb;
    if (same)
      continue;
    equal = 0;
    if (!isfinite (d))
      nonfinite = 1;
    else if (d > dmax)
      dmax = d;
  }
  fd->equal = equal;
  if (nonfinite)
    return;
  fd->comparable = 1;
  fd->abs_diff = dmax;
  fd->rel_diff = mag > 0.0 ? dmax / mag : 0.0;
}

static void
compare_values (RvAbField f, const RvAbValue * a, const RvAbValue * b,
    RvAbFieldDiff * fd)
{
  switch (fields[f].kind) {
    case RV_AB_NUMBER:
      compare_numbers (a->number, b->number, fd);
      break;
    case RV_AB_VECTOR:
      compare_vectors (a, b, fields[f].complex_pairs, fd);
      break;
    case RV_AB_IDENTITY:
      fd->equal = a->n == b->n && (a->n == 0
          || memcmp (a->bytes, b->bytes, a->n) == 0);
      fd->comparable = 1;
      break;
    case RV_AB_CATEGORY:
      fd->equal = strcmp (a->label, b->label) == 0;
      fd->comparable = 1;
      break;
  }
}

static int
has_person (const RvAbBranch * b, uint32_t id)
{
  unsigned i;
  for (i = 0; i < b->n_persons; i++)
    if (b->persons[i].id == id)
      return (int) i;
  return -1;
}

static int
same_id_sets (const RvAbBranch * a, const RvAbBranch * b)
{
  unsigned i;
  if (a->n_persons != b->n_persons)
    return 0;
  for (i = 0; i < a->n_persons; i++)
    if (has_person (b, a->persons[i].id) < 0)
      return 0;
  return 1;
}

/* pose.positions / pose.confidence of both branches over the persons they
 * share (A's order), into their scratch; the number matched */
static unsigned
match_persons (RvAbBranch * a, RvAbBranch * b, RvAbDiff * d)
{
  const size_t kp = RV_AB_KEYPOINTS * 3;
  unsigned i, m = 0;

  d->n_person_pairs = 0;
  for (i = 0; i < a->n_persons; i++) {
    const RvAbPerson *pa = &a->persons[i];
    int j = has_person (b, pa->id);
    RvAbPersonPair *pp = &d->person_pairs[d->n_person_pairs++];
    pp->id = pa->id;
    pp->a = pa->lifecycle ? pa->lifecycle : NONE_LABEL;
    pp->b = j >= 0 && b->persons[j].lifecycle ? b->persons[j].lifecycle :
        NULL;
    if (j < 0)
      continue;
    memcpy (a->matched_keypoints + m * kp, pa->keypoints, kp * sizeof (double));
    memcpy (b->matched_keypoints + m * kp, b->persons[j].keypoints,
        kp * sizeof (double));
    a->matched_confidence[m] = pa->confidence;
    b->matched_confidence[m] = b->persons[j].confidence;
    m++;
  }
  for (i = 0; i < b->n_persons; i++) {
    RvAbPersonPair *pp;
    if (has_person (a, b->persons[i].id) >= 0)
      continue;
    pp = &d->person_pairs[d->n_person_pairs++];
    pp->id = b->persons[i].id;
    pp->a = NULL;
    pp->b = b->persons[i].lifecycle ? b->persons[i].lifecycle : NONE_LABEL;
  }
  return m;
}

/* the person fields of a branch, from its persons */
static void
derive_person_fields (RvAbBranch * x, unsigned matched)
{
  const size_t kp = RV_AB_KEYPOINTS * 3;
  int pose = x->v[RV_AB_POSE_PERSONS].present;

  memset (&x->v[RV_AB_POSE_IDS], 0, sizeof (RvAbValue));
  memset (&x->v[RV_AB_POSE_POSITIONS], 0, sizeof (RvAbValue));
  memset (&x->v[RV_AB_POSE_CONFIDENCE], 0, sizeof (RvAbValue));
  memset (&x->v[RV_AB_POSE_LIFECYCLE], 0, sizeof (RvAbValue));
  if (!pose)
    return;
  x->v[RV_AB_POSE_IDS].present = 1;
  x->v[RV_AB_POSE_IDS].n = x->n_persons;
  x->v[RV_AB_POSE_LIFECYCLE].present = 1;
  if (x->n_persons == 0)
    return;
  rv_ab_set_f64s (x, RV_AB_POSE_POSITIONS, x->matched_keypoints,
      matched * kp);
  rv_ab_set_f64s (x, RV_AB_POSE_CONFIDENCE, x->matched_confidence, matched);
}

void
rv_ab_compare (RvAbBranch * a, RvAbBranch * b, RvAbDiff * d)
{
  unsigned f;

  memset (d->f, 0, sizeof (d->f));
  d->n_matched = match_persons (a, b, d);
  derive_person_fields (a, d->n_matched);
  derive_person_fields (b, d->n_matched);

  d->equal = 1;
  for (f = 0; f < RV_AB_N_FIELDS; f++) {
    const RvAbValue *va = &a->v[f], *vb = &b->v[f];
    RvAbFieldDiff *fd = &d->f[f];

    if (fields[f].kind == RV_AB_CATEGORY) {
      fd->label_a = va->present ? va->label : NULL;
      fd->label_b = vb->present ? vb->label : NULL;
    }
    fd->presence = va->present ? (vb->present ? RV_AB_BOTH : RV_AB_ONLY_A)
        : (vb->present ? RV_AB_ONLY_B : RV_AB_NEITHER);
    if (fd->presence != RV_AB_BOTH)
      goto next;
    if (f == RV_AB_POSE_IDS) {
      fd->equal = same_id_sets (a, b);
      fd->comparable = 1;
    } else if (f == RV_AB_POSE_LIFECYCLE) {
      unsigned i;
      fd->equal = 1;
      for (i = 0; i < d->n_person_pairs; i++)
        if (!d->person_pairs[i].a || !d->person_pairs[i].b
            || strcmp (d->person_pairs[i].a, d->person_pairs[i].b) != 0)
          fd->equal = 0;
      fd->comparable = 1;
    } else if ((f == RV_AB_POSE_POSITIONS || f == RV_AB_POSE_CONFIDENCE)
        && d->n_matched == 0) {
      /* persons on both sides, none in common: nothing to measure */
    } else {
      compare_values ((RvAbField) f, va, vb, fd);
    }
  next:
    if (rv_ab_field_differs (d, (RvAbField) f))
      d->equal = 0;
  }
}

int
rv_ab_field_differs (const RvAbDiff * d, RvAbField f)
{
  const RvAbFieldDiff *fd = &d->f[f];
  switch (fd->presence) {
    case RV_AB_NEITHER:
      return 0;
    case RV_AB_ONLY_A:
    case RV_AB_ONLY_B:
      return 1;
    case RV_AB_BOTH:
      return !fd->equal;
  }
  return 0;
}

/* ---------------------------------------------------------- statistics */

RvAbStats *
rv_ab_stats_new (void)
{
  return calloc (1, sizeof (RvAbStats));
}

void
rv_ab_stats_free (RvAbStats * s)
{
  free (s);
}

void
rv_ab_stats_reset (RvAbStats * s)
{
  memset (s, 0, sizeof (*s));
}

static void
copy_label (char dst[RV_AB_LABEL_MAX], const char *src)
{
  size_t n = strlen (src);
  if (n >= RV_AB_LABEL_MAX)
    n = RV_AB_LABEL_MAX - 1;
  memcpy (dst, src, n);
  dst[n] = '\0';
}

/* a label as stored in a cell (cut to RV_AB_LABEL_MAX − 1 bytes) */
static int
label_is (const char cell[RV_AB_LABEL_MAX], const char *label)
{
  size_t n = strlen (label);
  if (n >= RV_AB_LABEL_MAX)
    n = RV_AB_LABEL_MAX - 1;
  return strncmp (cell, label, n) == 0 && cell[n] == '\0';
}

static void
count_cell (RvAbFieldStats * fs, const char *a, const char *b)
{
  unsigned i;
  a = a ? a : NONE_LABEL;
  b = b ? b : NONE_LABEL;
  for (i = 0; i < fs->n_cells; i++)
    if (label_is (fs->cells[i].a, a) && label_is (fs->cells[i].b, b)) {
      fs->cells[i].count++;
      return;
    }
  if (fs->n_cells == RV_AB_MAX_CELLS) {
    fs->other++;
    return;
  }
  copy_label (fs->cells[fs->n_cells].a, a);
  copy_label (fs->cells[fs->n_cells].b, b);
  fs->cells[fs->n_cells].count = 1;
  fs->n_cells++;
}

void
rv_ab_stats_add (RvAbStats * s, const RvAbDiff * d)
{
  unsigned f, i;

  s->cycles++;
  if (d->equal)
    s->equal_cycles++;
  for (f = 0; f < RV_AB_N_FIELDS; f++) {
    const RvAbFieldDiff *fd = &d->f[f];
    RvAbFieldStats *fs = &s->f[f];

    switch (fd->presence) {
      case RV_AB_NEITHER:
        continue;
      case RV_AB_ONLY_A:
        fs->only_a++;
        break;
      case RV_AB_ONLY_B:
        fs->only_b++;
        break;
      case RV_AB_BOTH:
        fs->compared++;
        if (fd->equal)
          fs->equal++;
        else if (!fd->comparable)
          fs->incomparable++;
        else {
          fs->sum_abs += fd->abs_diff;
          if (fd->abs_diff > fs->max_abs)
            fs->max_abs = fd->abs_diff;
          if (fd->rel_diff > fs->max_rel)
            fs->max_rel = fd->rel_diff;
        }
        break;
    }
    if (fields[f].kind != RV_AB_CATEGORY)
      continue;
    if (f == RV_AB_POSE_LIFECYCLE) {
      for (i = 0; i < d->n_person_pairs; i++)
        count_cell (fs, d->person_pairs[i].a, d->person_pairs[i].b);
    } else {
      count_cell (fs, fd->label_a, fd->label_b);
    }
  }
}

int
rv_ab_stats_changed (const RvAbStats * s, RvAbField f)
{
  const RvAbFieldStats *fs = &s->f[f];
  unsigned i;

  if (fs->only_a || fs->only_b || fs->equal < fs->compared)
    return 1;
  for (i = 0; i < fs->n_cells; i++)
    if (strcmp (fs->cells[i].a, fs->cells[i].b) != 0)
      return 1;
  return fs->other > 0;
}

uint64_t
rv_ab_stats_cell (const RvAbStats * s, RvAbField f, const char *a,
    const char *b)
{
  const RvAbFieldStats *fs = &s->f[f];
  unsigned i;
  for (i = 0; i < fs->n_cells; i++)
    if (label_is (fs->cells[i].a, a) && label_is (fs->cells[i].b, b))
      return fs->cells[i].count;
  return 0;
}

/* ---------------------------------------------------------- timing */

void
rv_ab_timing_add (RvAbTiming * t, double us)
{
  t->n++;
  t->sum_us += us;
  if (us > t->max_us)
    t->max_us = us;
}

/* ---------------------------------------------------------- JSON */

static void
write_number (RvJsonWriter * w, RvAbField f, const RvAbValue * v)
{
  if (!v->present) {
    rv_json_null (w);
    return;
  }
  switch (fields[f].type) {
    case RV_AB_TYPE_F32:
      rv_json_f32 (w, (float) v->number);
      break;
    case RV_AB_TYPE_U64:
      rv_json_u64 (w, (uint64_t) v->number);
      break;
    default:
      rv_json_f64 (w, v->number);
      break;
  }
}

static void
write_identity (RvJsonWriter * w, RvAbField f, const RvAbBranch * x)
{
  static const char hex[] = "0123456789abcdef";
  const RvAbValue *v = &x->v[f];
  char buf[2 * 64 + 1];
  size_t i, n;

  if (!v->present) {
    rv_json_null (w);
    return;
  }
  if (f == RV_AB_POSE_IDS) {
    rv_json_begin_array (w);
    for (i = 0; i < x->n_persons; i++)
      rv_json_u64 (w, x->persons[i].id);
    rv_json_end_array (w);
    return;
  }
  n = v->n < 64 ? v->n : 64;
  for (i = 0; i < n; i++) {
    buf[2 * i] = hex[v->bytes[i] >> 4];
    buf[2 * i + 1] = hex[v->bytes[i] & 15];
  }
  rv_json_string_len (w, buf, 2 * n);
}

static void
write_label (RvJsonWriter * w, const char *label)
{
  if (label)
    rv_json_string (w, label);
  else
    rv_json_null (w);
}

static void
write_vector_sizes (RvJsonWriter * w, RvAbField f, const RvAbBranch * a,
    const RvAbBranch * b)
{
  size_t div = fields[f].complex_pairs ? 2 : 1;
  rv_json_key (w, "n_a");
  if (a->v[f].present)
    rv_json_u64 (w, a->v[f].n / div);
  else
    rv_json_null (w);
  rv_json_key (w, "n_b");
  if (b->v[f].present)
    rv_json_u64 (w, b->v[f].n / div);
  else
    rv_json_null (w);
}

void
rv_ab_write_diff (RvJsonWriter * w, const RvAbDiff * d, const RvAbBranch * a,
    const RvAbBranch * b)
{
  unsigned f, i;

  rv_json_begin_object (w);
  for (f = 0; f < RV_AB_N_FIELDS; f++) {
    const RvAbFieldDiff *fd = &d->f[f];
    if (!rv_ab_field_differs (d, (RvAbField) f))
      continue;
    rv_json_key (w, fields[f].path);
    if (f == RV_AB_POSE_LIFECYCLE) {
      rv_json_begin_array (w);
      for (i = 0; i < d->n_person_pairs; i++) {
        const RvAbPersonPair *pp = &d->person_pairs[i];
        if (pp->a && pp->b && strcmp (pp->a, pp->b) == 0)
          continue;
        rv_json_begin_object (w);
        rv_json_kv_u64 (w, "id", pp->id);
        rv_json_key (w, "a");
        write_label (w, pp->a);
        rv_json_key (w, "b");
        write_label (w, pp->b);
        rv_json_end_object (w);
      }
      rv_json_end_array (w);
      continue;
    }
    rv_json_begin_object (w);
    switch (fields[f].kind) {
      case RV_AB_NUMBER:
        rv_json_key (w, "a");
        write_number (w, (RvAbField) f, &a->v[f]);
        rv_json_key (w, "b");
        write_number (w, (RvAbField) f, &b->v[f]);
        if (fd->presence == RV_AB_BOTH) {
          rv_json_key (w, "abs_diff");
          if (fd->comparable)
            rv_json_f64 (w, fd->abs_diff);
          else
            rv_json_null (w);
        }
        break;
      case RV_AB_VECTOR:
        write_vector_sizes (w, (RvAbField) f, a, b);
        if (fd->presence == RV_AB_BOTH && fd->comparable) {
          rv_json_kv_f64 (w, "abs_diff", fd->abs_diff);
          rv_json_kv_f64 (w, "rel_diff", fd->rel_diff);
        }
        break;
      case RV_AB_IDENTITY:
        rv_json_key (w, "a");
        write_identity (w, (RvAbField) f, a);
        rv_json_key (w, "b");
        write_identity (w, (RvAbField) f, b);
        break;
      case RV_AB_CATEGORY:
        rv_json_key (w, "a");
        write_label (w, fd->label_a);
        rv_json_key (w, "b");
        write_label (w, fd->label_b);
        break;
    }
    rv_json_end_object (w);
  }
  rv_json_end_object (w);
}

static int
seen (const RvAbFieldStats * fs)
{
  return fs->compared + fs->only_a + fs->only_b > 0 || fs->n_cells > 0;
}

void
rv_ab_write_fields (RvJsonWriter * w, const RvAbStats * s)
{
  unsigned f;

  rv_json_begin_object (w);
  for (f = 0; f < RV_AB_N_FIELDS; f++) {
    const RvAbFieldStats *fs = &s->f[f];
    uint64_t comparable;
    if (fields[f].kind == RV_AB_CATEGORY || !seen (fs))
      continue;
    rv_json_key (w, fields[f].path);
    rv_json_begin_object (w);
    rv_json_kv_u64 (w, "compared", fs->compared);
    rv_json_kv_u64 (w, "equal", fs->equal);
    rv_json_kv_u64 (w, "only_a", fs->only_a);
    rv_json_kv_u64 (w, "only_b", fs->only_b);
    rv_json_kv_u64 (w, "incomparable", fs->incomparable);
    if (fields[f].kind == RV_AB_NUMBER || fields[f].kind == RV_AB_VECTOR) {
      comparable = fs->compared - fs->incomparable;
      if (comparable > 0) {
        rv_json_kv_f64 (w, "max_abs_diff", fs->max_abs);
        rv_json_kv_f64 (w, "mean_abs_diff", fs->sum_abs / (double) comparable);
        rv_json_kv_f64 (w, "max_rel_diff", fs->max_rel);
      } else {
        rv_json_key (w, "max_abs_diff");
        rv_json_null (w);
        rv_json_key (w, "mean_abs_diff");
        rv_json_null (w);
        rv_json_key (w, "max_rel_diff");
        rv_json_null (w);
      }
    }
    rv_json_end_object (w);
  }
  rv_json_end_object (w);
}

void
rv_ab_write_decisions (RvJsonWriter * w, const RvAbStats * s)
{
  unsigned f, i;
  char key[2 * RV_AB_LABEL_MAX + 1];

  rv_json_begin_object (w);
  for (f = 0; f < RV_AB_N_FIELDS; f++) {
    const RvAbFieldStats *fs = &s->f[f];
    if (fields[f].kind != RV_AB_CATEGORY || !seen (fs))
      continue;
    rv_json_key (w, fields[f].path);
    rv_json_begin_object (w);
    for (i = 0; i < fs->n_cells; i++) {
      size_t na = strlen (fs->cells[i].a), nb = strlen (fs->cells[i].b);
      memcpy (key, fs->cells[i].a, na);
      key[na] = '/';
      memcpy (key + na + 1, fs->cells[i].b, nb + 1);
      rv_json_kv_u64 (w, key, fs->cells[i].count);
    }
    if (fs->other)
      rv_json_kv_u64 (w, "other", fs->other);
    rv_json_end_object (w);
  }
  rv_json_end_object (w);
}

void
rv_ab_write_changed (RvJsonWriter * w, const RvAbStats * s)
{
  unsigned f;
  rv_json_begin_array (w);
  for (f = 0; f < RV_AB_N_FIELDS; f++)
    if (rv_ab_stats_changed (s, (RvAbField) f))
      rv_json_string (w, fields[f].path);
  rv_json_end_array (w);
}

void
rv_ab_write_timing (RvJsonWriter * w, const RvAbTiming * t)
{
  if (t->n == 0) {
    rv_json_null (w);
    return;
  }
  rv_json_begin_object (w);
  rv_json_kv_u64 (w, "cycles", t->n);
  rv_json_kv_f64 (w, "mean_us", t->sum_us / (double) t->n);
  rv_json_kv_f64 (w, "max_us", t->max_us);
  rv_json_end_object (w);
}
