/* libruview — multi-band frame of one node (frontend.md §4): channel frames
 * sorted by frequency and their inter-channel amplitude coherence.  Works on
 * views of canonical frames (no copies, no allocation). */
#ifndef RUVIEW_MULTIBAND_H
#define RUVIEW_MULTIBAND_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RV_MULTIBAND_MAX_CHANNELS 8
#define RV_MULTIBAND_EPSILON 1e-12f

/* MultiBandConfig defaults (not enforced anywhere upstream). */
#define RV_MULTIBAND_DEFAULT_WINDOW_US     200000
#define RV_MULTIBAND_DEFAULT_CHANNELS      3
#define RV_MULTIBAND_DEFAULT_MIN_COHERENCE 0.3f

typedef enum {
  RV_MULTIBAND_OK = 0,
  RV_MULTIBAND_ERROR_NO_FRAMES,
  RV_MULTIBAND_ERROR_DUPLICATE_FREQUENCY,  /* detail: freq_mhz, index (= j) */
  RV_MULTIBAND_ERROR_SUBCARRIER_MISMATCH,  /* detail: expected, got */
  RV_MULTIBAND_ERROR_TOO_MANY_CHANNELS,
  RV_MULTIBAND_ERROR_INVALID_ARGUMENT,
} RvMultibandError;

const char *rv_multiband_error_str (RvMultibandError e);

typedef struct {
  uint32_t freq_mhz;
  size_t index;
  size_t expected, got;
} RvMultibandErrorInfo;

/* One channel's canonical frame (view). */
typedef struct {
  uint32_t freq_mhz;
  size_t n_bins;                 /* amplitude length (phase assumed the same) */
  const float *amplitude;
  const float *phase;
} RvChannelFrame;

/* MultiBandCsiFrame as views into the input channel frames. */
typedef struct {
  uint32_t node_id;
  uint64_t timestamp_us;
  size_t n_channels;
  size_t n_bins;
  size_t order[RV_MULTIBAND_MAX_CHANNELS];        /* input index of each sorted channel */
  uint32_t freq_mhz[RV_MULTIBAND_MAX_CHANNELS];   /* ascending */
  const float *amplitude[RV_MULTIBAND_MAX_CHANNELS];
  const float *phase[RV_MULTIBAND_MAX_CHANNELS];
  float coherence;
} RvMultibandFrame;

/* MultiBandBuilder::build with its error order (§4): no frames, duplicate
 * frequency (i ascending, j > i), subcarrier mismatch, stable sort by
 * frequency, coherence.  info may be NULL. */
RvMultibandError rv_multiband_build (uint32_t node_id, uint64_t timestamp_us,
                                     const RvChannelFrame *frames, size_t n_frames,
                                     RvMultibandFrame *out, RvMultibandErrorInfo *info);

/* Coherence of already-sorted amplitude vectors (1 channel → 1.0). */
float rv_multiband_coherence (const float *const *amps, size_t n_channels, size_t n_bins);

/* Pearson correlation, all f32 (§4); n = min(na, nb); 0 when n == 0 or the
 * denominator < 1e-12. */
float rv_pearson_f32 (const float *a, size_t na, const float *b, size_t nb);

/* concatenate_amplitudes: out has n_channels·n_bins entries, channel order. */
void rv_multiband_concatenate_amplitudes (const RvMultibandFrame *f, float *out);
/* mean_amplitude: per bin, f32 acc(+0) in channel order, / (f32) n_channels.
 * n_channels == 0 writes nothing. */
void rv_multiband_mean_amplitude (const float *const *amps, size_t n_channels,
                                  size_t n_bins, float *out);

#ifdef __cplusplus
}
#endif
#endif
