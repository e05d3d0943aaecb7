/* rvbench-csisrc: cost of csisrc's numeric paths in libruview.
 *
 *   rvbench-csisrc [iterations] [repeats]
 *
 * 1. ADR-018 ingest of a datagram into a frame record (parse + decode into
 *    a record laid out once and reused), for the 148-byte HT and the
 *    532-byte HE fixture, against a same-run baseline that does what the
 *    RuView sensing server does per datagram (frontend.md §2.2–§2.3):
 *    parse, then allocate amplitude and phase f64 vectors and fill them with
 *    sqrt(I²+Q²) and atan2(Q, I).
 * 2. Synthetic room: one 1 × 64 frame rendered (rv_synth_render), and the
 *    real-time factor of a 4-node room at 100 Hz per node.
 * 3. Frame record parse (rv_record_csi_parse) of a 1 × 64 record.
 * Figures are medians over the repeats, in ns per item. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ruview/adr018.h"
#include "ruview/record.h"
#include "ruview/synth.h"

static const char HE_HEX[] =
    "010011c50c010001800900005a2d0000d8a9011000000000000000000000f70ef70ef50cf30bf209f108f006ef03ee02ee00eefdeffbeff8f0f7f1f4f2f3f4f1f5f0f7eef8edfaecfdecffeb01ea03ea05e908ea0aeb0deb0fec11ee13f015f216f318f519f71afa1bfd1bff1c021c051b071b0a1a0c190f1811161315161218101a0e1b0c1c091d071e041f0120ff20fc20f91ff71ff41ef11def1cec1be919e717e615e413e311e10edf0cde09dd06dc04dc01dcffdcfbdcf9ddf6def3dff0e0ede2eae4e8e6e6e8e4eae2ebe0eedef1dcf4dbf7dafad9fdd900d903d806d909d90cda0fdc12dc14dd17df1ae11ce31ee520e722e924ed25f127f328f629f929fd2900290329062809270c260e26122516061a00001c201c1f1a211722142411250e260c27082804280129fe29fb28f927f627f426f125ef23ec22ea20e81eea20e81e891b53a82951565d4ffafbfebe9abddb10222aa47b3b371fd2c0860cd4d86ea2f35faccd46b0b66f6ff0050f2da27d1c92f7f8e1017cb545afd3e3fe60db6f478dc85a33b3454cf6df9061194a0a0fc3e0eedf76f1d292cb25c8f541dfcc4109f9f1a34955520ad8ffa3694ac395cbf6c19073a4aefb1ebf47c76730458431805d9f18ff2e81955e8752b29757f66e289f72f8e35309a737547c040444cbda1a81d221d950037ec38fd9d1dd0f56c3dc707a7bbfe66ca5a97ab7cc17d68d38ba43a1806f91f5911a5967e2c9f7f07186";
static const char HT_HEX[] =
    "010011c50c01400080090000662d0000b1a900100000000000000000fcfaf909f013f112f213f212f311f410f511f510f610f510f411f410f411f312f213f214f214f212f313f513f512f611f610f80ef90df90c0000010eff11fe13ff11fe1300000000ff01000001010002000200020204000301040103000400040002ff03ff03fe02fe02fe01fd00edfc03fa000000000000";

static volatile double sink;

static double
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

static int
hexval (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  return c - 'a' + 10;
}

static size_t
unhex (const char *h, uint8_t * out)
{
  size_t n = strlen (h) / 2, i;
  for (i = 0; i < n; i++)
    out[i] = (uint8_t) (hexval (h[2 * i]) << 4 | hexval (h[2 * i + 1]));
  return n;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, int n)
{
  qsort (v, (size_t) n, sizeof (double), cmp_double);
  return v[n / 2];
}

/* ours: parse + decode into a reused record */
static double
run_ours (const uint8_t * d, size_t len, uint8_t * rec, size_t rec_size,
    long iters)
{
  RvAdr018Header h;
  RvCsiFrame f;
  double t0, acc = 0.0;
  long i;

  rv_adr018_parse (d, len, &h);
  rv_record_csi_init (rec, rec_size, RV_LAYOUT_COMPLEX, h.n_antennas,
      h.n_subcarriers, &f);
  t0 = now_ns ();
  for (i = 0; i < iters; i++) {
    if (rv_adr018_parse (d, len, &h) != RV_ADR018_OK)
      abort ();
    rv_adr018_fill_frame (&h, RV_IQ_I_FIRST, &f);
    rv_record_csi_sync (rec, &f);
    acc += f.data[2];
  }
  sink = acc;
  return (now_ns () - t0) / (double) iters;
}

/* baseline: the sensing server's per-datagram amplitude/phase vectors */
static double
run_naive (const uint8_t * d, size_t len, long iters)
{
  RvAdr018Header h;
  double t0, acc = 0.0;
  long i;
  size_t k, n;

  t0 = now_ns ();
  for (i = 0; i < iters; i++) {
    double *amp, *ph;
    if (rv_adr018_parse (d, len, &h) != RV_ADR018_OK)
      abort ();
    n = (size_t) h.n_antennas * h.n_subcarriers;
    amp = malloc (n * sizeof (double));
    ph = malloc (n * sizeof (double));
    for (k = 0; k < n; k++) {
      double re = (double) (int8_t) h.payload[2 * k];
      double im = (double) (int8_t) h.payload[2 * k + 1];
      amp[k] = sqrt (re * re + im * im);
      ph[k] = atan2 (im, re);
    }
    acc += amp[1] + ph[1];
    free (amp);
    free (ph);
  }
  sink = acc;
  return (now_ns () - t0) / (double) iters;
}

int
main (int argc, char **argv)
{
  long iters = argc > 1 ? atol (argv[1]) : 200000;
  int reps = argc > 2 ? atoi (argv[2]) : 7, r;
  uint8_t he[600], ht[200];
  size_t he_len = unhex (HE_HEX, he), ht_len = unhex (HT_HEX, ht);
  size_t rec_size = rv_record_csi_size (RV_LAYOUT_COMPLEX, 1, 256);
  uint8_t *rec = aligned_alloc (8, rec_size);
  double *o_ht = calloc ((size_t) reps, sizeof (double));
  double *n_ht = calloc ((size_t) reps, sizeof (double));
  double *o_he = calloc ((size_t) reps, sizeof (double));
  double *n_he = calloc ((size_t) reps, sizeof (double));
  double *syn = calloc ((size_t) reps, sizeof (double));
  double *prs = calloc ((size_t) reps, sizeof (double));
  RvSynth synth;
  RvSynthConfig cfg = { 4, 42, 100 };
  RvCsiFrame f, g;
  size_t s64 = rv_record_csi_size (RV_LAYOUT_COMPLEX, 1, 64);
  uint8_t *rec64 = aligned_alloc (8, s64);
  double m_oht, m_nht, m_ohe, m_nhe, m_syn, m_prs;

  if (iters < 1 || reps < 1)
    return 2;
  rv_synth_init (&synth, &cfg);
  rv_record_csi_init (rec64, s64, RV_LAYOUT_COMPLEX, 1, 64, &f);
  for (r = 0; r < reps; r++) {
    double t0, acc = 0.0;
    long i, n_syn = iters / 20 > 0 ? iters / 20 : 1;
    o_ht[r] = run_ours (ht, ht_len, rec, rec_size, iters);
    n_ht[r] = run_naive (ht, ht_len, iters);
    o_he[r] = run_ours (he, he_len, rec, rec_size, iters);
    n_he[r] = run_naive (he, he_len, iters);
    t0 = now_ns ();
    for (i = 0; i < n_syn; i++) {
      rv_synth_render (&synth, (unsigned) (i & 3), (uint64_t) (i >> 2), &f);
      acc += f.data[2];
    }
    syn[r] = (now_ns () - t0) / (double) n_syn;
    rv_record_csi_sync (rec64, &f);
    t0 = now_ns ();
    for (i = 0; i < iters; i++) {
      if (rv_record_csi_parse (rec64, s64, &g) != RV_RECORD_OK)
        abort ();
      acc += (double) g.sequence;
    }
    prs[r] = (now_ns () - t0) / (double) iters;
    sink = acc;
  }
  m_oht = median (o_ht, reps);
  m_nht = median (n_ht, reps);
  m_ohe = median (o_he, reps);
  m_nhe = median (n_he, reps);
  m_syn = median (syn, reps);
  m_prs = median (prs, reps);
  printf ("rvbench-csisrc: %ld iterations, %d repeats, median ns per item\n",
      iters, reps);
  printf ("%-40s %10s %10s %8s\n", "path", "ours", "baseline", "ratio");
  printf ("%-40s %10.1f %10.1f %7.2fx\n", "ADR-018 HT 148 B -> record (64 pairs)",
      m_oht, m_nht, m_nht / m_oht);
  printf ("%-40s %10.1f %10.1f %7.2fx\n", "ADR-018 HE 532 B -> record (256 pairs)",
      m_ohe, m_nhe, m_nhe / m_ohe);
  printf ("%-40s %10.1f\n", "synthetic room frame (1 x 64)", m_syn);
  printf ("%-40s %10.1f\n", "record parse (1 x 64)", m_prs);
  printf ("ingest capacity: %.0f HT datagrams/s on one core\n", 1e9 / m_oht);
  printf ("synthetic room, 4 nodes x 100 Hz: %.0fx real time\n",
      1e9 / (m_syn * 400.0));
  free (o_ht);
  free (n_ht);
  free (o_he);
  free (n_he);
  free (syn);
  free (prs);
  free (rec);
  free (rec64);
  return 0;
}
