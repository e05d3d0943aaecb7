/* libruview: ADR-018 datagram parser (frontend.md §2.1–§2.3, §11.1 Parsers). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include "ruview/adr018.h"
#include "ruview/rng.h"

/* Live ESP32-C6 fixtures of the upstream hardware-crate tests (§11.1):
 * node 12, HE-SU 256 bins and HT 64 bins. */
static const char HE_FRAME_HEX[] =
    "010011c50c010001800900005a2d0000d8a9011000000000000000000000f70ef70ef50cf30bf209f108f006ef03ee02ee00eefdeffbeff8f0f7f1f4f2f3f4f1f5f0f7eef8edfaecfdecffeb01ea03ea05e908ea0aeb0deb0fec11ee13f015f216f318f519f71afa1bfd1bff1c021c051b071b0a1a0c190f1811161315161218101a0e1b0c1c091d071e041f0120ff20fc20f91ff71ff41ef11def1cec1be919e717e615e413e311e10edf0cde09dd06dc04dc01dcffdcfbdcf9ddf6def3dff0e0ede2eae4e8e6e6e8e4eae2ebe0eedef1dcf4dbf7dafad9fdd900d903d806d909d90cda0fdc12dc14dd17df1ae11ce31ee520e722e924ed25f127f328f629f929fd2900290329062809270c260e26122516061a00001c201c1f1a211722142411250e260c27082804280129fe29fb28f927f627f426f125ef23ec22ea20e81eea20e81e891b53a82951565d4ffafbfebe9abddb10222aa47b3b371fd2c0860cd4d86ea2f35faccd46b0b66f6ff0050f2da27d1c92f7f8e1017cb545afd3e3fe60db6f478dc85a33b3454cf6df9061194a0a0fc3e0eedf76f1d292cb25c8f541dfcc4109f9f1a34955520ad8ffa3694ac395cbf6c19073a4aefb1ebf47c76730458431805d9f18ff2e81955e8752b29757f66e289f72f8e35309a737547c040444cbda1a81d221d950037ec38fd9d1dd0f56c3dc707a7bbfe66ca5a97ab7cc17d68d38ba43a1806f91f5911a5967e2c9f7f07186";
static const char HT_FRAME_HEX[] =
    "010011c50c01400080090000662d0000b1a900100000000000000000fcfaf909f013f112f213f212f311f410f511f510f610f510f411f410f411f312f213f214f214f212f313f513f512f611f610f80ef90df90c0000010eff11fe13ff11fe1300000000ff01000001010002000200020204000301040103000400040002ff03ff03fe02fe02fe01fd00edfc03fa000000000000";

static gsize
unhex (const char *hex, guint8 * out, gsize cap)
{
  gsize n = strlen (hex) / 2, i;
  fail_unless (n <= cap);
  for (i = 0; i < n; i++)
    out[i] = (guint8) ((g_ascii_xdigit_value (hex[2 * i]) << 4)
        | g_ascii_xdigit_value (hex[2 * i + 1]));
  return n;
}

/* a complex record for the header's dimensions, 8-aligned */
static guint8 *
frame_for (const RvAdr018Header * h, RvCsiFrame * f)
{
  gsize sz = rv_record_csi_size (RV_LAYOUT_COMPLEX, h->n_antennas,
      h->n_subcarriers);
  guint8 *buf = g_malloc (sz);
  fail_unless (sz > 0);
  fail_unless_equals_int (rv_record_csi_init (buf, sz, RV_LAYOUT_COMPLEX,
          h->n_antennas, h->n_subcarriers, f), RV_RECORD_OK);
  return buf;
}

static void
put_header (guint8 * d, guint32 magic, guint8 node, guint8 ant, guint16 nsub)
{
  memset (d, 0, RV_ADR018_HEADER_SIZE);
  d[0] = magic & 0xff;
  d[1] = (magic >> 8) & 0xff;
  d[2] = (magic >> 16) & 0xff;
  d[3] = magic >> 24;
  d[4] = node;
  d[5] = ant;
  d[6] = nsub & 0xff;
  d[7] = nsub >> 8;
  d[8] = 0x85;                  /* 2437 */
  d[9] = 0x09;
}

GST_START_TEST (test_he_fixture)
{
  guint8 d[600];
  gsize n = unhex (HE_FRAME_HEX, d, sizeof (d));
  RvAdr018Header h;
  RvCsiFrame f;
  guint8 *rec;

  fail_unless_equals_int (n, 532);
  fail_unless_equals_int (rv_adr018_parse (d, n, &h), RV_ADR018_OK);
  fail_unless_equals_int (h.node_id, 12);
  fail_unless_equals_int (h.n_antennas, 1);
  fail_unless_equals_int (h.n_subcarriers, 256);
  fail_unless_equals_int (h.freq_mhz, 2432);
  fail_unless_equals_int (h.sequence, 11610);
  fail_unless_equals_int (rv_adr018_fix_rssi (h.rssi), -40);
  fail_unless_equals_int (h.noise_floor, -87);
  fail_unless_equals_int (h.ppdu_type, RV_ADR018_PPDU_HE_SU);
  fail_unless_equals_int (h.flags, RV_ADR018_FLAG_SYNC_VALID);
  rec = frame_for (&h, &f);
  fail_unless_equals_int (rv_adr018_fill_frame (&h, RV_IQ_I_FIRST, &f), 0);
  fail_unless_equals_int (f.bandwidth_mhz, 20);
  fail_unless_equals_int (f.rssi_dbm, -40);
  fail_unless_equals_int (f.noise_floor_dbm, -87);
  fail_unless_equals_int (f.ppdu_type, 1);
  fail_unless_equals_int (f.hw_flags, 0x10);
  /* pair 5 = (f7, 0e) = (−9, 14) */
  fail_unless_equals_float (f.data[10], -9.0);
  fail_unless_equals_float (f.data[11], 14.0);
  g_free (rec);
}
GST_END_TEST;

GST_START_TEST (test_ht_fixture)
{
  guint8 d[200];
  gsize n = unhex (HT_FRAME_HEX, d, sizeof (d));
  RvAdr018Header h;
  RvCsiFrame f;
  guint8 *rec;
  double amp, ph;

  fail_unless_equals_int (n, 148);
  fail_unless_equals_int (rv_adr018_parse (d, n, &h), RV_ADR018_OK);
  fail_unless_equals_int (h.node_id, 12);
  fail_unless_equals_int (h.n_subcarriers, 64);
  fail_unless_equals_int (h.freq_mhz, 2432);
  fail_unless_equals_int (h.sequence, 11622);
  fail_unless_equals_int (rv_adr018_fix_rssi (h.rssi), -79);
  fail_unless_equals_int (h.noise_floor, -87);
  fail_unless_equals_int (h.ppdu_type, RV_ADR018_PPDU_HT_LEGACY);
  fail_unless_equals_int (h.flags, 0x10);
  rec = frame_for (&h, &f);
  fail_unless_equals_int (rv_adr018_fill_frame (&h, RV_IQ_I_FIRST, &f), 0);
  fail_unless_equals_int (f.bandwidth_mhz, 20);
  fail_unless_equals_int (f.node_id, 12);
  fail_unless_equals_int (f.sequence, 11622);
  fail_unless_equals_int (f.freq_mhz, 2432);
  /* pair 4 = (−4, −6): amp 7.211102550927978, phase −2.158798930342464 */
  fail_unless_equals_float (f.data[8], -4.0);
  fail_unless_equals_float (f.data[9], -6.0);
  amp = sqrt (f.data[8] * f.data[8] + f.data[9] * f.data[9]);
  ph = atan2 (f.data[9], f.data[8]);
  fail_unless (amp == 7.211102550927978, "amp %.17g", amp);
  fail_unless (ph == -2.158798930342464, "phase %.17g", ph);
  /* natural FFT order column indices */
  fail_unless_equals_int (f.subcarrier_index[0], 0);
  fail_unless_equals_int (f.subcarrier_index[31], 31);
  fail_unless_equals_int (f.subcarrier_index[32], -32);
  fail_unless_equals_int (f.subcarrier_index[63], -1);
  /* Q-first swaps the pair */
  fail_unless_equals_int (rv_adr018_fill_frame (&h, RV_IQ_Q_FIRST, &f), 0);
  fail_unless_equals_float (f.data[8], -6.0);
  fail_unless_equals_float (f.data[9], -4.0);
  g_free (rec);
}
GST_END_TEST;

GST_START_TEST (test_recording_pairs)
{
  /* frontend.md §2.6: pairs (0,0), (15,3), (13,3), (14,4) */
  static const guint8 p[] = { 0, 0, 15, 3, 13, 3, 14, 4 };
  double v[8];
  double amp, ph;

  rv_adr018_decode_pairs (p, 4, RV_IQ_I_FIRST, v);
  amp = sqrt (v[2] * v[2] + v[3] * v[3]);
  ph = atan2 (v[3], v[2]);
  fail_unless (amp == 15.297058540778355, "amp %.17g", amp);
  fail_unless (ph == 0.19739555984988075, "phase %.17g", ph);
  rv_adr018_decode_pairs (p, 4, RV_IQ_Q_FIRST, v);
  fail_unless_equals_float (v[2], 3.0);
  fail_unless_equals_float (v[3], 15.0);
}
GST_END_TEST;

GST_START_TEST (test_rejects)
{
  guint8 d[RV_ADR018_MAX_DATAGRAM + 64];
  RvAdr018Header h;
  static const guint32 sib[] = { 0xC5110002u, 0xC5110003u, 0xC5110004u,
    0xC5110005u, 0xC5110006u, 0xC5110007u, 0xC511A110u
  };
  guint i;

  memset (d, 0, sizeof (d));
  /* 10 bytes → short */
  put_header (d, RV_ADR018_MAGIC_CSI, 1, 1, 4);
  fail_unless_equals_int (rv_adr018_parse (d, 10, &h), RV_ADR018_ERR_SHORT);
  fail_unless_equals_int (rv_adr018_parse (d, 0, &h), RV_ADR018_ERR_SHORT);
  /* bad magic */
  put_header (d, 0xDEADBEEFu, 1, 1, 4);
  fail_unless_equals_int (rv_adr018_parse (d, 28, &h), RV_ADR018_ERR_MAGIC);
  put_header (d, 0xC5110008u, 1, 1, 4);
  fail_unless_equals_int (rv_adr018_parse (d, 28, &h), RV_ADR018_ERR_MAGIC);
  /* sibling magics, even short ones */
  for (i = 0; i < G_N_ELEMENTS (sib); i++) {
    put_header (d, sib[i], 1, 0, 0);
    fail_unless_equals_int (rv_adr018_parse (d, 32, &h), RV_ADR018_NON_CSI);
    fail_unless_equals_int (rv_adr018_parse (d, 4, &h), RV_ADR018_NON_CSI);
    fail_unless_equals_int (h.magic, sib[i]);
  }
  /* antennas 0 and 5 */
  put_header (d, RV_ADR018_MAGIC_CSI, 1, 0, 4);
  fail_unless_equals_int (rv_adr018_parse (d, 28, &h), RV_ADR018_ERR_ANTENNAS);
  put_header (d, RV_ADR018_MAGIC_CSI, 1, 5, 4);
  fail_unless_equals_int (rv_adr018_parse (d, 60, &h), RV_ADR018_ERR_ANTENNAS);
  /* subcarriers 0 and 257 */
  put_header (d, RV_ADR018_MAGIC_CSI, 1, 1, 0);
  fail_unless_equals_int (rv_adr018_parse (d, 28, &h),
      RV_ADR018_ERR_SUBCARRIERS);
  put_header (d, RV_ADR018_MAGIC_CSI, 1, 1, 257);
  fail_unless_equals_int (rv_adr018_parse (d, 20 + 514, &h),
      RV_ADR018_ERR_SUBCARRIERS);
  put_header (d, RV_ADR018_MAGIC_CSI, 1, 1, 60000);
  fail_unless_equals_int (rv_adr018_parse (d, 200, &h),
      RV_ADR018_ERR_SUBCARRIERS);
  /* truncated payload */
  put_header (d, RV_ADR018_MAGIC_CSI, 1, 1, 64);
  fail_unless_equals_int (rv_adr018_parse (d, 147, &h),
      RV_ADR018_ERR_TRUNCATED);
  fail_unless_equals_int (rv_adr018_parse (d, 148, &h), RV_ADR018_OK);
  /* trailing bytes ignored, oversize rejected */
  fail_unless_equals_int (rv_adr018_parse (d, 300, &h), RV_ADR018_OK);
  fail_unless_equals_int (rv_adr018_parse (d, RV_ADR018_MAX_DATAGRAM, &h),
      RV_ADR018_OK);
  fail_unless_equals_int (rv_adr018_parse (d, RV_ADR018_MAX_DATAGRAM + 1,
          &h), RV_ADR018_ERR_OVERSIZED);
}
GST_END_TEST;

GST_START_TEST (test_multi_antenna_and_rules)
{
  guint8 d[64];
  RvAdr018Header h;
  RvCsiFrame f;
  guint8 *rec;
  guint i;

  /* 3 antennas × 4 → 12 pairs, datagram 44 bytes, antenna-major */
  put_header (d, RV_ADR018_MAGIC_CSI, 7, 3, 4);
  for (i = 0; i < 24; i++)
    d[20 + i] = (guint8) i;
  d[16] = 50;                   /* positive RSSI is negated */
  fail_unless_equals_int (rv_adr018_parse (d, 44, &h), RV_ADR018_OK);
  rec = frame_for (&h, &f);
  fail_unless_equals_int (rv_adr018_fill_frame (&h, RV_IQ_I_FIRST, &f), 0);
  fail_unless_equals_int (f.dim0, 3);
  fail_unless_equals_int (f.dim1, 4);
  fail_unless_equals_int (f.rssi_dbm, -50);
  fail_unless_equals_int (f.freq_mhz, 2437);
  /* stream 2, column 1 = pair 9 = bytes 18, 19 */
  fail_unless_equals_float (f.data[(2 * 4 + 1) * 2], 18.0);
  fail_unless_equals_float (f.data[(2 * 4 + 1) * 2 + 1], 19.0);
  g_free (rec);

  fail_unless_equals_int (rv_adr018_fix_rssi (-60), -60);
  fail_unless_equals_int (rv_adr018_fix_rssi (0), 0);
  fail_unless_equals_int (rv_adr018_fix_rssi (127), -127);
  /* bandwidth rule */
  fail_unless_equals_int (rv_adr018_bandwidth (0, 0, 56), 20);
  fail_unless_equals_int (rv_adr018_bandwidth (0, 0, 64), 20);
  fail_unless_equals_int (rv_adr018_bandwidth (0, 0, 128), 40);
  fail_unless_equals_int (rv_adr018_bandwidth (0, 0, 242), 80);
  fail_unless_equals_int (rv_adr018_bandwidth (0, 0, 256), 160);
  fail_unless_equals_int (rv_adr018_bandwidth (1, 0, 256), 20);
  fail_unless_equals_int (rv_adr018_bandwidth (2, 1, 256), 40);
  fail_unless_equals_int (rv_adr018_bandwidth (0xFF, 0, 256), 160);
}
GST_END_TEST;

GST_START_TEST (test_random_bytes_never_crash)
{
  guint8 d[RV_ADR018_MAX_DATAGRAM + 16];
  RvXorshift32 r;
  RvAdr018Header h;
  guint i, j, ok = 0;

  rv_xorshift32_init (&r, 42);
  for (i = 0; i < 20000; i++) {
    gsize len = rv_xorshift32_next (&r) % sizeof (d);
    for (j = 0; j < len; j++)
      d[j] = (guint8) rv_xorshift32_next (&r);
    if (i & 1 && len >= 4) {
      d[0] = 0x01;
      d[1] = 0x00;
      d[2] = 0x11;
      d[3] = 0xc5;
    }
    if (rv_adr018_parse (d, len, &h) == RV_ADR018_OK) {
      fail_unless (20 + 2u * h.n_antennas * h.n_subcarriers <= len);
      ok++;
    }
  }
  fail_unless (ok < 20000);
}
GST_END_TEST;

static Suite *
adr018_suite (void)
{
  Suite *s = suite_create ("core-adr018");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_he_fixture);
  tcase_add_test (tc, test_ht_fixture);
  tcase_add_test (tc, test_recording_pairs);
  tcase_add_test (tc, test_rejects);
  tcase_add_test (tc, test_multi_antenna_and_rules);
  tcase_add_test (tc, test_random_bytes_never_crash);
  return s;
}

GST_CHECK_MAIN (adr018);
