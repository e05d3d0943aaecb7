/* libruview — cross-channel phase alignment (frontend.md §6), all f32.
 *
 * Works in place on the caller's phase arrays; the aligner owns scratch
 * sized at construction (max_bins), so aligning never allocates (seed F10).
 * Static subcarriers are chosen by partial selection on (variance, index),
 * which yields exactly the set a stable sort would (seed F11). */
#ifndef RUVIEW_PHASE_ALIGN_H
#define RUVIEW_PHASE_ALIGN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RV_PHASE_ALIGN_MAX_CHANNELS 8

typedef enum {
  RV_PHASE_ALIGN_OK = 0,
  RV_PHASE_ALIGN_ERROR_NO_FRAMES,
  RV_PHASE_ALIGN_ERROR_PHASE_LENGTH_MISMATCH,     /* info: channel, expected, got */
  RV_PHASE_ALIGN_ERROR_AMPLITUDE_LENGTH_MISMATCH, /* (C only) amp_len ≠ phase_len */
  RV_PHASE_ALIGN_ERROR_INSUFFICIENT_STATIC,       /* n_sub < min_static_subcarriers */
  RV_PHASE_ALIGN_ERROR_TOO_MANY_CHANNELS,
  RV_PHASE_ALIGN_ERROR_TOO_MANY_BINS,             /* n_sub > max_bins of the aligner */
  RV_PHASE_ALIGN_ERROR_INVALID_CONFIG,
  RV_PHASE_ALIGN_ERROR_INVALID_ARGUMENT,
} RvPhaseAlignError;

const char *rv_phase_align_error_str (RvPhaseAlignError e);

typedef struct {
  size_t channel, expected, got;
} RvPhaseAlignErrorInfo;

typedef struct {
  size_t max_iterations;          /* 20 */
  float tolerance;                /* 1e-4 */
  float static_fraction;          /* 0.3 */
  size_t min_static_subcarriers;  /* 5 */
} RvPhaseAlignConfig;

void rv_phase_align_config_default (RvPhaseAlignConfig *cfg);

/* One channel of one node: amplitude is read, phase is rewritten in place. */
typedef struct {
  const float *amplitude;
  size_t amp_len;
  float *phase;
  size_t phase_len;
} RvAlignChannel;

typedef struct {
  size_t n_channels;
  float offsets[RV_PHASE_ALIGN_MAX_CHANNELS];  /* offsets[0] = 0 */
  size_t iterations;       /* refinement iterations run (0 for one channel) */
  size_t n_static;         /* number of static subcarriers used */
} RvPhaseAlignResult;

typedef struct RvPhaseAligner RvPhaseAligner;

/* Config validated: finite tolerance ≥ 0, static_fraction in [0, 1],
 * min_static ≥ 1; 1 ≤ num_channels ≤ RV_PHASE_ALIGN_MAX_CHANNELS; max_bins ≥ 1. */
RvPhaseAligner *rv_phase_aligner_new (const RvPhaseAlignConfig *cfg, size_t num_channels,
                                      size_t max_bins, RvPhaseAlignError *err);
void rv_phase_aligner_free (RvPhaseAligner *a);
const RvPhaseAlignConfig *rv_phase_aligner_config (const RvPhaseAligner *a);

/* §6 align(frames).  One channel: last offsets = [0], phase unchanged (not
 * wrapped).  result may be NULL; info may be NULL. */
RvPhaseAlignError rv_phase_aligner_align (RvPhaseAligner *a, RvAlignChannel *channels,
                                          size_t n_channels, RvPhaseAlignResult *result,
                                          RvPhaseAlignErrorInfo *info);

/* last_offsets (length *n; initially num_channels zeros). */
const float *rv_phase_aligner_last_offsets (const RvPhaseAligner *a, size_t *n);
/* Static subcarriers of the last multi-channel align, ascending. */
const size_t *rv_phase_aligner_static_indices (const RvPhaseAligner *a, size_t *n);

/* wrap to [−PI, PI] (f32; ±PI kept). */
float rv_phase_wrap (float p);
/* atan2f(Σ sinf, Σ cosf) over idx (ascending as given), acc(+0); empty → 0;
 * indices ≥ n_phase skipped. */
float rv_phase_circ_mean (const float *phase, size_t n_phase, const size_t *idx,
                          size_t n_idx);

#ifdef __cplusplus
}
#endif
#endif
