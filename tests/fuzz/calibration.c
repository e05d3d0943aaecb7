/* Fuzz target: the empty-room baseline file (common/ruview/calibration.c),
 * as rvcalibrate loads it: read, write back (must give the same bytes),
 * then score and apply a frame against it. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "ruview/calibration.h"

/* frames wider than this are not scored (the parse is still checked) */
#define MAX_SCORED 4096

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  RvBaseline *b = NULL;
  RvCalibrationErrorInfo info;
  RvCalibrationError e = rv_baseline_from_bytes (data, size, &b, &info);
  size_t need, k;
  uint8_t *out;

  RV_FUZZ_CHECK (rv_calibration_error_str (e) != NULL);
  if (e != RV_CALIBRATION_OK) {
    RV_FUZZ_CHECK (b == NULL);
    return 0;
  }
  RV_FUZZ_CHECK (b != NULL);
  need = rv_baseline_serialized_size (b);
  RV_FUZZ_CHECK (need == RV_CALIBRATION_HEADER_LEN
      + RV_CALIBRATION_RECORD_LEN * b->n);
  RV_FUZZ_CHECK (need <= size);
  out = malloc (need);
  RV_FUZZ_CHECK (out != NULL);
  RV_FUZZ_CHECK (rv_baseline_to_bytes (b, out, need) == need);
  /* bytes 6..7 are reserved: written as 0, ignored when read */
  RV_FUZZ_CHECK (memcmp (out, data, 6) == 0);
  RV_FUZZ_CHECK (memcmp (out + 8, data + 8, need - 8) == 0);
  free (out);

  (void) rv_baseline_calibration_id (b);
  if (b->n >= 1 && b->n <= MAX_SCORED) {
    double *frame = malloc (2 * b->n * sizeof *frame);
    float *ref = malloc (2 * b->n * sizeof *ref);
    RvCalibrationScore score;
    uint64_t id;
    RV_FUZZ_CHECK (frame && ref);
    for (k = 0; k < b->n; k++) {
      frame[2 * k] = 1.0 + (double) (k % 5);
      frame[2 * k + 1] = -0.5 + (double) (k % 3);
    }
    (void) rv_baseline_deviation (b, frame, 1, b->n, &score, &info);
    (void) rv_baseline_apply (b, frame, 1, b->n, &id, &info);
    rv_baseline_reference_csi (b, ref);
    free (frame);
    free (ref);
  }
  rv_baseline_free (b);
  return 0;
}

void
rv_fuzz_seeds (void)
{
  static const RvPhyTier tiers[] = { RV_PHY_TIER_HT20, RV_PHY_TIER_HT40,
    RV_PHY_TIER_HE20, RV_PHY_TIER_HE40 };
  static const char *const names[] = { "ht20", "ht40", "he20", "he40" };
  size_t i, k;

  for (i = 0; i < 4; i++) {
    size_t n = rv_phy_tier_num_active (tiers[i]);
    RvBaseline *b = rv_baseline_new (tiers[i], 1700000000, 600, n);
    size_t len;
    uint8_t *buf;
    if (!b)
      abort ();
    for (k = 0; k < n; k++) {
      b->subcarriers[k].amp_mean = 10.0f + (float) (k % 7);
      b->subcarriers[k].amp_variance = 0.25f * (float) (1 + k % 3);
      b->subcarriers[k].phase_mean = -1.5f + 0.05f * (float) k;
      b->subcarriers[k].phase_dispersion = 0.125f;
    }
    len = rv_baseline_serialized_size (b);
    buf = malloc (len);
    if (!buf || rv_baseline_to_bytes (b, buf, len) != len)
      abort ();
    rv_fuzz_seed (names[i], buf, len);
    free (buf);
    rv_baseline_free (b);
  }
}
