/* rvperfcheck: the core kernels one by one, each between callgrind client
 * requests, for `./run perfcheck` (tools/perfcheck.py counts each kernel's
 * instructions and compares them with bench/perfcheck-baseline.txt).
 *
 * Run it under
 *   valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=DIR/cg
 * every kernel leaves one dump named after it; setup runs uninstrumented.
 * Outside valgrind the requests do nothing and the kernels just run.
 *
 * What is measured does not depend on the host: the CIR kernels run on an
 * explicit instruction set (SSE2, the x86-64 baseline, and AVX where the CPU
 * has it), inputs are the fixed generators of the tests, nothing here uses
 * threads, and the wrapper pins glibc's own CPU dispatch (GLIBC_TUNABLES). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

#include "ruview/cir.h"
#include "ruview/multistatic.h"
#include "ruview/tomography.h"
#if RV_HAVE_BLAKE3
#include "ruview/engine.h"
#endif
#include "cir_gen.h"

static volatile float sink;

/* one measured call of stmt: instrumented from here, counted, dumped */
#define MEASURE(name, stmt)                                                   \
  do {                                                                        \
    CALLGRIND_START_INSTRUMENTATION;                                          \
    CALLGRIND_ZERO_STATS;                                                     \
    stmt;                                                                     \
    CALLGRIND_DUMP_STATS_AT (name);                                           \
    CALLGRIND_STOP_INSTRUMENTATION;                                           \
  } while (0)

/* ---- CIR: one estimate per tier (dense, fft-ista, fista), construction -- */

static void
cir_kernels (void)
{
  static const RvCirIsa isas[2] = { RV_CIR_ISA_SSE2, RV_CIR_ISA_AVX };
  int tier, ii, mode;
  for (tier = 0; tier < RV_CIR_N_TIERS; tier++) {
    RvCirConfig cfg;
    double buf[2 * 484];
    float taps[2 * 1452];
    char name[96];
    rv_cir_config_init (&cfg, (RvCirTier) tier);
    rv_gen_synth_csi (cfg.num_active, 312500.0, buf);
    for (ii = 0; ii < 2; ii++) {
      if (!rv_cir_isa_available (isas[ii]))
        continue;
      /* 0 dense ISTA (bit-exact), 1 fft-ista, 2 fista on the FFT operator */
      for (mode = 0; mode < 3; mode++) {
        static const char *const modes[3] = { "dense", "fft-ista", "fft-fista" };
        RvCirConfig c = cfg;
        RvCirEstimator *e;
        RvCirWorkspace *w;
        RvCir out;
        c.isa = isas[ii];
        c.fft_operator = mode > 0;
        c.solver = mode == 2 ? RV_CIR_SOLVER_FISTA : RV_CIR_SOLVER_ISTA;
        e = rv_cir_estimator_new (&c, NULL);
        w = rv_cir_workspace_new (e);
        if (!e || !w) {
          fprintf (stderr, "rvperfcheck: no estimator for %s\n", rv_cir_tier_name ((RvCirTier) tier));
          exit (1);
        }
        snprintf (name, sizeof name, "cir/%s/%s/%s", modes[mode],
            rv_cir_tier_name ((RvCirTier) tier), rv_cir_isa_name (isas[ii]));
        MEASURE (name, rv_cir_estimate (e, w, buf, 1, cfg.num_active, taps, &out));
        sink += taps[0];
        rv_cir_workspace_free (w);
        rv_cir_estimator_free (e);
      }
      {
        RvCirConfig c = cfg;
        RvCirEstimator *e = NULL;
        c.isa = isas[ii];
        snprintf (name, sizeof name, "cir/construct/%s/%s", rv_cir_tier_name ((RvCirTier) tier),
            rv_cir_isa_name (isas[ii]));
        MEASURE (name, e = rv_cir_estimator_new (&c, NULL));
        sink += rv_cir_estimator_lipschitz (e);
        rv_cir_estimator_free (e);
      }
    }
  }
}

/* ---- fusion: 4 nodes × 56 bins, scored + calibrated -------------------- */

static void
fusion_kernel (void)
{
  RvMultistaticConfig mc;
  RvMultistaticFuser *fu;
  RvNodeFrame nf[4];
  RvMaybeCalibrationId cals[4];
  RvFusedFrame ff;
  RvQualityScore q;
  float amp[4][56], ph[4][56], oa[56], op[56];
  int n;
  rv_multistatic_config_default (&mc);
  fu = rv_multistatic_fuser_new (&mc, 56, NULL);
  for (n = 0; n < 4; n++) {
    rv_gen_node_frame (n, amp[n], ph[n]);
    memset (&nf[n], 0, sizeof nf[n]);
    nf[n].node_id = (uint32_t) n;
    nf[n].timestamp_us = 1000 + (uint64_t) n * 300;
    nf[n].n_channels = 1;
    nf[n].n_bins = 56;
    nf[n].amplitude[0] = amp[n];
    nf[n].phase[0] = ph[n];
    cals[n].present = true;
    cals[n].id = 77;
  }
  MEASURE ("fusion/4x56", rv_multistatic_fuse_scored_calibrated (fu, nf, 4, cals, 4, 0.85f,
          oa, op, 56, &ff, &q));
  sink += q.base_coherence + oa[7];
  rv_multistatic_fuser_free (fu);
}

/* ---- tomography: 8×8×4 grid, the square room's 12 links, y = 1 --------- */

static void
tomography_kernels (void)
{
  static const RvPosition3D pos[4] = { {0.5, 0.5, 1.5}, {5.5, 0.5, 1.5}, {5.5, 5.5, 1.5},
    {0.5, 5.5, 1.5} };
  RvLinkGeometry L[12];
  double y[12];
  int i, solver;
  rv_tomography_links_all_pairs (pos, 4, L, 12);
  for (i = 0; i < 12; i++)
    y[i] = 1.0;
  for (solver = 0; solver < 2; solver++) {
    RvTomographyConfig c;
    RvTomographer *t = NULL;
    RvOccupancyVolume v;
    rv_tomography_config_default (&c);
    c.solver = solver ? RV_TOMO_SOLVER_FISTA : RV_TOMO_SOLVER_ISTA;
    if (solver == 0)
      MEASURE ("tomography/construct", t = rv_tomographer_new (&c, L, 12, NULL));
    else
      t = rv_tomographer_new (&c, L, 12, NULL);
    MEASURE (solver ? "tomography/fista" : "tomography/ista",
        rv_tomographer_reconstruct (t, y, 12, &v));
    sink += (float) v.residual;
    rv_tomographer_free (t);
  }
}

/* ---- engine: one cycle of 4 nodes × 56, fresh and after 400 cycles ----- */

#if RV_HAVE_BLAKE3
static void
engine_kernels (void)
{
  static float amp[56];
  RvEngineFrame f[4];
  RvTrustedOutput o;
  RvEngine *e;
  RvWorldId room, s;
  int i;
  for (i = 0; i < 56; i++)
    amp[i] = 1.0f + 0.01f * (float) i;
  for (i = 0; i < 4; i++) {
    memset (&f[i], 0, sizeof f[i]);
    f[i].node_id = (uint32_t) i;
    f[i].timestamp_us = 1000 + (uint64_t) i;
    f[i].has_channel = true;
    f[i].amplitude = amp;
    f[i].n_bins = 56;
    f[i].coherence = 0.9f;
  }
  e = rv_engine_new (NULL, NULL);
  rv_engine_add_room (e, "default", "Default Room", &room);
  rv_engine_add_sensor (e, "esp32", room, &s);
  MEASURE ("engine/cycle-first", rv_engine_process_cycle (e, f, 4, 1, room, 0, &o));
  for (i = 1; i < 400; i++)
    rv_engine_process_cycle (e, f, 4, 1, room, i, &o);
  MEASURE ("engine/cycle", rv_engine_process_cycle (e, f, 4, 1, room, 400, &o));
  sink += (float) o.witness[0];
  rv_engine_free (e);
}
#endif

int
main (void)
{
  cir_kernels ();
  fusion_kernel ();
  tomography_kernels ();
#if RV_HAVE_BLAKE3
  engine_kernels ();
#endif
  return 0;
}
