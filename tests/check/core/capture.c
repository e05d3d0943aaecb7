/* libruview: the capture-format decoders on every real capture file.
 *
 * Each file of the shared captures directory is read in place and decoded
 * whole and in small chunks (the two must agree record for record).  The
 * expected counts and values were established independently of this code
 * (a separate decoding of the files written from the format descriptions)
 * and agree with the descriptions' verified statements. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include <gst/check/gstcheck.h>

#include "ruview/atheros.h"
#include "ruview/capture.h"
#include "ruview/esp32_text.h"
#include "ruview/intel5300.h"
#include "ruview/nexmon.h"
#include "ruview/pcap.h"
#include "captures.h"


typedef struct
{
  GPtrArray *frames;            /* g_malloc'd records */
  guint counts[RV_CAPTURE_ERR_RESYNC + 1];
  guint errors;
} Decoded;

static void
decoded_free (Decoded * d)
{
  g_ptr_array_unref (d->frames);
  g_free (d);
}

/* Run fmt over data as a reader would, handing it at most `chunk` new bytes
 * at a time (the window keeps what was not consumed). */
static Decoded *
decode_bytes (const RvCaptureFormat * fmt, const guint8 * data, gsize len,
    gsize chunk, const RvCaptureOptions * opts)
{
  Decoded *d = g_new0 (Decoded, 1);
  gpointer st = g_malloc0 (fmt->state_size);
  gsize pos = 0, avail = MIN (len, chunk);
  RvCaptureOptions def = { RV_IQ_Q_FIRST, RV_NEXMON_CHIP_AUTO };
  guint guard = 0;

  d->frames = g_ptr_array_new_with_free_func (g_free);
  fmt->init (st, opts ? opts : &def);
  for (;;) {
    RvCaptureInfo info;
    gsize used = 0;
    RvCaptureStatus s = fmt->next (st, data + pos, avail - pos,
        avail == len, &used, &info);
    fail_unless (used <= avail - pos);
    fail_unless (++guard < 10000000, "decoder makes no progress");
    if (s == RV_CAPTURE_END)
      break;
    if (s == RV_CAPTURE_NEED_MORE) {
      fail_unless (avail < len, "%s: NEED_MORE at the end", fmt->name);
      avail = MIN (len, avail + chunk);
      continue;
    }
    d->counts[s]++;
    if (RV_CAPTURE_IS_ERROR (s))
      d->errors++;
    if (s == RV_CAPTURE_FRAME) {
      gsize size = rv_record_csi_size (RV_LAYOUT_COMPLEX, info.n_streams,
          info.n_subcarriers);
      guint8 *rec = g_malloc (size);
      RvCsiFrame f;
      fail_unless (size > 0);
      fail_unless_equals_int (rv_record_csi_init (rec, size,
              RV_LAYOUT_COMPLEX, info.n_streams, info.n_subcarriers, &f),
          RV_RECORD_OK);
      fail_unless_equals_int (fmt->fill (st, &f), 0);
      rv_capture_info_apply (&info, &f);
      rv_record_csi_sync (rec, &f);
      g_ptr_array_add (d->frames, rec);
    }
    pos += used;
  }
  g_free (st);
  return d;
}

/* Decode a capture whole and in 997-byte chunks; both must agree. */
static Decoded *
decode_file (const gchar * name, const gchar * format,
    const RvCaptureOptions * opts)
{
  gchar *path = g_build_filename (RV_CAPTURES, name, NULL), *data;
  gsize len, i;
  const RvCaptureFormat *fmt = rv_capture_format_by_name (format);
  Decoded *a, *b;

  fail_unless (fmt != NULL);
  fail_unless (g_file_get_contents (path, &data, &len, NULL), "%s", path);
  a = decode_bytes (fmt, (const guint8 *) data, len, len, opts);
  b = decode_bytes (fmt, (const guint8 *) data, len, 997, opts);
  fail_unless_equals_int (a->frames->len, b->frames->len);
  fail_unless (memcmp (a->counts, b->counts, sizeof (a->counts)) == 0,
      "%s: counts differ when fed in chunks", name);
  for (i = 0; i < a->frames->len; i++) {
    guint32 sa, sb;
    rv_record_peek (g_ptr_array_index (a->frames, i), 16, NULL, &sa);
    rv_record_peek (g_ptr_array_index (b->frames, i), 16, NULL, &sb);
    fail_unless (sa == sb && memcmp (g_ptr_array_index (a->frames, i),
            g_ptr_array_index (b->frames, i), sa) == 0,
        "%s: frame %u differs when fed in chunks", name, (guint) i);
  }
  decoded_free (b);
  g_free (data);
  g_free (path);
  return a;
}

static RvCsiFrame
frame_at (Decoded * d, guint i)
{
  RvCsiFrame f;
  guint8 *rec = g_ptr_array_index (d->frames, i);
  guint32 size;
  fail_unless (i < d->frames->len);
  rv_record_peek (rec, 16, NULL, &size);
  fail_unless_equals_int (rv_record_csi_parse (rec, size, &f), RV_RECORD_OK);
  return f;
}

/* value (re, im) of row r at subcarrier sc */
static void
check_value (const RvCsiFrame * f, guint r, gint sc, gdouble re, gdouble im)
{
  guint k;
  for (k = 0; k < f->dim1; k++)
    if (f->subcarrier_index[k] == sc)
      break;
  fail_unless (k < f->dim1, "no column for subcarrier %d", sc);
  fail_unless (r < f->dim0);
  fail_unless (f->data[(r * f->dim1 + k) * 2] == re
      && f->data[(r * f->dim1 + k) * 2 + 1] == im,
      "row %u subcarrier %d: (%.17g, %.17g), expected (%.17g, %.17g)", r, sc,
      f->data[(r * f->dim1 + k) * 2], f->data[(r * f->dim1 + k) * 2 + 1],
      re, im);
}

/* value of row r at column k */
static void
check_col (const RvCsiFrame * f, guint r, guint k, gdouble re, gdouble im)
{
  fail_unless (r < f->dim0 && k < f->dim1);
  fail_unless (f->data[(r * f->dim1 + k) * 2] == re
      && f->data[(r * f->dim1 + k) * 2 + 1] == im,
      "row %u column %u: (%.17g, %.17g), expected (%.17g, %.17g)", r, k,
      f->data[(r * f->dim1 + k) * 2], f->data[(r * f->dim1 + k) * 2 + 1],
      re, im);
}

/* columns ascending, no guard/null among them */
static void
check_ascending (const RvCsiFrame * f)
{
  guint k;
  for (k = 1; k < f->dim1; k++)
    fail_unless (f->subcarrier_index[k] > f->subcarrier_index[k - 1]);
  for (k = 0; k < f->dim1; k++)
    fail_unless (f->subcarrier_index[k] != 0);
}

/* sequence + 1 each frame, except `gaps` times */
static guint
count_gaps (Decoded * d)
{
  guint i, gaps = 0;
  for (i = 1; i < d->frames->len; i++) {
    RvCsiFrame a = frame_at (d, i - 1), b = frame_at (d, i);
    if (b.sequence != a.sequence + 1)
      gaps++;
  }
  return gaps;
}

/* ------------------------------------------------------ ESP32-CSI-Tool */

GST_START_TEST (test_esp32_csi_tool_lltf_above)
{
  /* HT40 packets, secondary above, LLTF-only build: 128 values, len 384 */
  Decoded *d = decode_file ("esp32-csi-tool/example_csi.csv",
      "esp32-csi-tool", NULL);
  RvCsiFrame f;

  fail_unless_equals_int (d->frames->len, 13);
  fail_unless_equals_int (d->errors, 0);
  f = frame_at (d, 0);
  fail_unless_equals_int (f.dim0, 1);
  fail_unless_equals_int (f.dim1, 52);
  check_ascending (&f);
  fail_unless_equals_int (f.subcarrier_index[0], -26);
  fail_unless_equals_int (f.subcarrier_index[51], 26);
  fail_unless_equals_int (f.bandwidth_mhz, 20);
  fail_unless_equals_int (f.freq_mhz, 2412);
  fail_unless_equals_int (f.rssi_dbm, -73);
  fail_unless_equals_int (f.noise_floor_dbm, -93);
  fail_unless_equals_uint64 (f.timestamp_us, 80272146);
  fail_unless_equals_int (f.sequence, 0);
  /* ESP-IDF order: "23 12" is imaginary 23, real 12 */
  check_value (&f, 0, -26, 12, 23);
  check_value (&f, 0, 1, 11, 20);
  check_value (&f, 0, 26, 1, 24);
  f = frame_at (d, 12);
  check_value (&f, 0, -26, -19, -4);
  fail_unless_equals_uint64 (f.timestamp_us, 80364698);
  fail_unless_equals_int (f.sequence, 12);
  decoded_free (d);
}
GST_END_TEST;

GST_START_TEST (test_esp32_csi_tool_header_and_first_word)
{
  Decoded *d = decode_file ("esp32-csi-tool/example_data.csv",
      "esp32-csi-tool", NULL);
  RvCsiFrame f;

  fail_unless_equals_int (d->frames->len, 60);
  fail_unless_equals_int (d->counts[RV_CAPTURE_NON_CSI], 1);    /* header */
  fail_unless_equals_int (d->errors, 0);
  f = frame_at (d, 0);
  fail_unless_equals_int (f.dim1, 52);
  fail_unless_equals_int (f.freq_mhz, 2437);
  fail_unless_equals_int (f.rssi_dbm, -77);
  fail_unless_equals_int (f.noise_floor_dbm, -97);
  fail_unless_equals_uint64 (f.timestamp_us, 2504852);
  check_value (&f, 0, -26, -20, 8);
  check_value (&f, 0, 26, -6, 21);
  /* no secondary channel: the invalid first word holds DC and +1 */
  check_value (&f, 0, 1, 0, 0);
  f = frame_at (d, 59);
  check_value (&f, 0, -26, 9, -6);
  fail_unless_equals_uint64 (f.timestamp_us, 15039322);
  decoded_free (d);
}
GST_END_TEST;

GST_START_TEST (test_esp32_csi_tool_short_record)
{
  /* line 19 holds 127 values: rejected, the other 833 records read */
  Decoded *d = decode_file ("esp32-csi-tool/example_100hz_pitraffic.csv",
      "esp32-csi-tool", NULL);
  RvCsiFrame f;

  fail_unless_equals_int (d->frames->len, 833);
  fail_unless_equals_int (d->errors, 1);
  fail_unless_equals_int (d->counts[RV_CAPTURE_ERR_VALUE_COUNT], 1);
  fail_unless_equals_int (d->counts[RV_CAPTURE_NON_CSI], 1);
  f = frame_at (d, 0);
  fail_unless_equals_uint64 (f.timestamp_us, 7313);
  check_value (&f, 0, -26, -3, 19);
  f = frame_at (d, 832);
  fail_unless_equals_uint64 (f.timestamp_us, 13142613);
  check_value (&f, 0, -26, 8, -17);
  check_value (&f, 0, 26, 12, -19);
  fail_unless_equals_int (f.sequence, 832);
  fail_unless_equals_int (count_gaps (d), 0);
  decoded_free (d);
}
GST_END_TEST;

/* ------------------------------------------------------------- esp-csi */

GST_START_TEST (test_esp_csi_ht40)
{
  /* HT40, secondary below: L-LTF + HT-LTF, 384 values, CRLF */
  Decoded *d = decode_file ("esp-csi/csi_data.csv", "esp-csi", NULL);
  RvCsiFrame f;

  fail_unless_equals_int (d->frames->len, 167);
  fail_unless_equals_int (d->errors, 0);
  fail_unless_equals_int (d->counts[RV_CAPTURE_NON_CSI], 1);
  f = frame_at (d, 0);
  fail_unless_equals_int (f.dim0, 2);
  fail_unless_equals_int (f.dim1, 114);
  check_ascending (&f);
  fail_unless_equals_int (f.subcarrier_index[0], -58);
  fail_unless_equals_int (f.subcarrier_index[57], 2);
  fail_unless_equals_int (f.bandwidth_mhz, 40);
  fail_unless (f.hw_flags & RV_ADR018_FLAG_BW40);
  /* channel 11, secondary below: the 40 MHz channel is centred on 2452 */
  fail_unless_equals_int (f.freq_mhz, 2452);
  fail_unless_equals_int (f.sequence, 2534);
  fail_unless_equals_int (f.rssi_dbm, -57);
  fail_unless_equals_uint64 (f.timestamp_us, 35519333);
  /* row 0, the 20 MHz L-LTF, covers the upper half only */
  check_value (&f, 0, -58, 0, 0);
  check_value (&f, 0, -6, 0, 0);
  check_value (&f, 0, 6, -19, -5);
  check_value (&f, 1, -58, 11, 33);
  check_value (&f, 1, 58, -43, -18);
  /* the id gap 2539 → 2544 */
  fail_unless_equals_int (frame_at (d, 5).sequence, 2539);
  fail_unless_equals_int (frame_at (d, 6).sequence, 2544);
  fail_unless_equals_int (count_gaps (d), 1);
  f = frame_at (d, 166);
  fail_unless_equals_int (f.sequence, 2704);
  fail_unless_equals_uint64 (f.timestamp_us, 37869304);
  check_value (&f, 1, -58, 52, 22);
  decoded_free (d);
}
GST_END_TEST;

GST_START_TEST (test_esp_csi_corrupt_log)
{
  /* a torn line, a message line and lines glued by serial corruption */
  Decoded *d = decode_file ("esp-csi/csi_data_log.txt", "esp-csi", NULL);

  fail_unless_equals_int (d->frames->len, 0);
  fail_unless_equals_int (d->counts[RV_CAPTURE_ERR_NOT_A_RECORD], 1);
  fail_unless_equals_int (d->counts[RV_CAPTURE_NON_CSI], 1);
  fail_unless_equals_int (d->counts[RV_CAPTURE_ERR_SYNTAX], 1);
  fail_unless_equals_int (d->errors, 2);
  decoded_free (d);
}
GST_END_TEST;

/* ----------------------------------------------------------- Intel 5300 */

GST_START_TEST (test_intel5300_example)
{
  Decoded *d = decode_file ("intel5300/example.dat", "intel5300", NULL);
  RvCsiFrame f;

  fail_unless_equals_int (d->frames->len, 26);
  fail_unless_equals_int (d->errors, 0);
  f = frame_at (d, 0);
  fail_unless_equals_int (f.dim0, 6);   /* 3 rx × 2 tx */
  fail_unless_equals_int (f.dim1, 30);
  check_ascending (&f);
  fail_unless_equals_int (f.subcarrier_index[0], -28);
  fail_unless_equals_int (f.subcarrier_index[14], -1);
  fail_unless_equals_int (f.subcarrier_index[15], 1);
  fail_unless_equals_int (f.subcarrier_index[29], 28);
  fail_unless_equals_int (f.sequence, 5535);
  fail_unless_equals_uint64 (f.timestamp_us, 2238735549u);
  fail_unless_equals_int (f.rssi_dbm, -24);
  fail_unless_equals_int (f.noise_floor_dbm, -72);
  fail_unless_equals_int (f.bandwidth_mhz, 20);
  /* perm [3,2,1]: raw chain 2 is row block 0 */
  check_col (&f, 0, 0, 11, -1);
  check_col (&f, 0, 1, -5, -11);
  check_col (&f, 0, 29, -15, -2);
  check_col (&f, 1, 5, 32, -41);
  check_col (&f, 5, 0, 29, 5);
  f = frame_at (d, 25);
  fail_unless_equals_int (f.sequence, 5560);
  check_col (&f, 0, 0, -2, -13);
  fail_unless_equals_int (count_gaps (d), 0);
  decoded_free (d);
}
GST_END_TEST;

GST_START_TEST (test_intel5300_ntx_changes)
{
  /* the tool's own sample: Ntx 1, 2 and 3, timestamp_low stuck at 4,
   * noise −127 (not measured) */
  Decoded *d = decode_file ("intel5300/log.all_csi.6.7.6", "intel5300",
      NULL);
  RvCsiFrame f;
  guint i, seen[4] = { 0, 0, 0, 0 };

  fail_unless_equals_int (d->frames->len, 29);
  fail_unless_equals_int (d->errors, 0);
  for (i = 0; i < d->frames->len; i++) {
    f = frame_at (d, i);
    fail_unless (f.dim0 == 3 || f.dim0 == 6 || f.dim0 == 9);
    seen[f.dim0 / 3]++;
    fail_unless_equals_uint64 (f.timestamp_us, 4);
    fail_unless_equals_int (f.noise_floor_dbm, 0);
  }
  fail_unless_equals_int (seen[1], 10);
  fail_unless_equals_int (seen[2], 9);
  fail_unless_equals_int (seen[3], 10);
  f = frame_at (d, 0);
  fail_unless_equals_int (f.sequence, 72);
  fail_unless_equals_int (f.rssi_dbm, -39);
  check_col (&f, 0, 0, 11, -3);
  check_col (&f, 1, 5, 4, 19);
  check_col (&f, 2, 0, -5, 14);
  f = frame_at (d, 28);
  fail_unless_equals_int (f.dim0, 9);
  fail_unless_equals_int (f.sequence, 100);
  check_col (&f, 0, 0, -26, -4);
  check_col (&f, 0, 29, 2, -23);
  decoded_free (d);
}
GST_END_TEST;

GST_START_TEST (test_intel5300_csiread_samples)
{
  Decoded *d = decode_file ("intel5300/sample_0x1_ap.dat", "intel5300",
      NULL);
  RvCsiFrame f;

  fail_unless_equals_int (d->frames->len, 540);
  fail_unless_equals_int (d->errors, 0);
  f = frame_at (d, 0);
  fail_unless_equals_int (f.sequence, 6224);
  fail_unless_equals_int (f.rssi_dbm, -37);
  check_col (&f, 0, 0, 13, -10);
  check_col (&f, 1, 5, 7, 19);
  fail_unless_equals_int (frame_at (d, 539).sequence, 6763);
  fail_unless_equals_int (count_gaps (d), 0);
  decoded_free (d);

  /* 0xC1 header records between the CSI records */
  d = decode_file ("intel5300/sample_0x5_64_3000.dat", "intel5300", NULL);
  fail_unless_equals_int (d->frames->len, 2998);
  fail_unless_equals_int (d->counts[RV_CAPTURE_NON_CSI], 2998);
  fail_unless_equals_int (d->errors, 0);
  f = frame_at (d, 0);
  fail_unless_equals_int (f.dim0, 3);
  fail_unless_equals_int (f.sequence, 1);
  fail_unless_equals_int (f.rssi_dbm, -71);
  fail_unless_equals_uint64 (f.timestamp_us, 40121045);
  check_col (&f, 0, 0, 12, -19);
  check_col (&f, 1, 5, -6, -1);
  f = frame_at (d, 2997);
  fail_unless_equals_int (f.sequence, 2998);
  fail_unless_equals_uint64 (f.timestamp_us, 43120066);
  check_col (&f, 0, 0, -14, -9);
  decoded_free (d);
}
GST_END_TEST;

/* --------------------------------------------------------------- Nexmon */

GST_START_TEST (test_nexmon_4358_multi_stream)
{
  /* 4 packets (core, stream) 0/0, 0/1, 1/0, 1/1 of one sequence: one
   * frame of 4 rows; packed floats of the old firmware */
  Decoded *d = decode_file ("nexmon/example.pcap", "nexmon", NULL);
  RvCsiFrame f;

  fail_unless_equals_int (d->frames->len, 1);
  fail_unless_equals_int (d->errors, 0);
  f = frame_at (d, 0);
  fail_unless_equals_int (f.dim0, 4);
  fail_unless_equals_int (f.dim1, 242);
  check_ascending (&f);
  fail_unless_equals_int (f.subcarrier_index[0], -122);
  fail_unless_equals_int (f.subcarrier_index[120], -2);
  fail_unless_equals_int (f.subcarrier_index[121], 2);
  fail_unless_equals_int (f.bandwidth_mhz, 80);
  /* chanspec 0xe29b: 5 GHz, 80 MHz centred on channel 155 */
  fail_unless_equals_int (f.freq_mhz, 5775);
  fail_unless_equals_int (f.sequence, 11);
  fail_unless_equals_uint64 (f.timestamp_us,
      G_GUINT64_CONSTANT (1507213439296393));
  fail_unless_equals_int (f.rssi_dbm, 0);
  check_col (&f, 0, 0, -0.455078125, 0.255859375);
  check_col (&f, 0, 1, -0.25, 0.515625);
  check_col (&f, 0, 241, -0.10546875, -0.3671875);
  check_col (&f, 3, 120, -0.15625, 1.1875);
  decoded_free (d);
}
GST_END_TEST;

GST_START_TEST (test_nexmon_4339_three_streams)
{
  Decoded *d = decode_file ("nexmon/example_4339.pcap", "nexmon", NULL);
  RvCsiFrame f;

  fail_unless_equals_int (d->frames->len, 950);
  fail_unless_equals_int (d->errors, 0);
  f = frame_at (d, 0);
  fail_unless_equals_int (f.dim0, 3);
  fail_unless_equals_int (f.dim1, 242);
  fail_unless_equals_int (f.freq_mhz, 5210);
  fail_unless_equals_int (f.sequence, 3551);
  fail_unless_equals_uint64 (f.timestamp_us,
      G_GUINT64_CONSTANT (1627394056608620));
  check_col (&f, 0, 0, -249, -111);
  check_col (&f, 0, 1, 7, -312);
  check_col (&f, 0, 241, 11, 36);
  check_col (&f, 2, 120, 149, 23);
  f = frame_at (d, 949);
  /* the 12-bit sequence number wrapped and was unwrapped */
  fail_unless_equals_int (f.sequence, 4513);
  fail_unless_equals_uint64 (f.timestamp_us,
      G_GUINT64_CONSTANT (1627394071573776));
  check_col (&f, 0, 0, 18, 282);
  fail_unless_equals_int (count_gaps (d), 13);
  decoded_free (d);
}
GST_END_TEST;

GST_START_TEST (test_nexmon_43455c0_new_header)
{
  /* current firmware: RSSI in the header, PHY status in words 0–2,
   * sequence 0 on every packet; 18 packets carry 4 bytes after the UDP
   * datagram, which the UDP length excludes */
  Decoded *d = decode_file ("nexmon/example_43455c0.pcap", "nexmon", NULL);
  RvCsiFrame f;

  fail_unless_equals_int (d->frames->len, 566);
  fail_unless_equals_int (d->errors, 0);
  f = frame_at (d, 0);
  fail_unless_equals_int (f.dim0, 1);
  fail_unless_equals_int (f.rssi_dbm, -58);
  fail_unless_equals_int (f.sequence, 0);
  check_col (&f, 0, 0, -214, -357);
  check_col (&f, 0, 1, -394, 2);
  check_col (&f, 0, 241, 18, -20);
  check_value (&f, 0, -2, 11, -10);
  check_value (&f, 0, 2, 0, 0);         /* PHY status word, zeroed */
  check_value (&f, 0, 3, -12, -15);
  f = frame_at (d, 565);
  fail_unless_equals_int (f.sequence, 565);
  check_col (&f, 0, 0, 390, 117);
  fail_unless_equals_int (count_gaps (d), 0);
  decoded_free (d);
}
GST_END_TEST;

GST_START_TEST (test_nexmon_4366c0_floats)
{
  Decoded *d = decode_file ("nexmon/example_4366c0.pcap", "nexmon", NULL);
  RvCsiFrame f;

  fail_unless_equals_int (d->frames->len, 293);
  fail_unless_equals_int (d->errors, 0);
  f = frame_at (d, 0);
  fail_unless_equals_int (f.sequence, 3878);
  fail_unless_equals_int (f.freq_mhz, 5530);
  check_col (&f, 0, 0, -3.35546875, -2.28125);
  check_col (&f, 0, 1, -4.23046875, -1.21875);
  check_col (&f, 0, 241, 0.01427459716796875, 0.0071258544921875);
  f = frame_at (d, 292);
  fail_unless_equals_int (f.sequence, 4170);
  check_col (&f, 0, 0, 3.12109375, 2.53125);
  fail_unless_equals_int (count_gaps (d), 0);
  decoded_free (d);
}
GST_END_TEST;

GST_START_TEST (test_nexmon_chip_forced)
{
  /* the 4339's int16 words read as 4358 floats: different values, same
   * framing */
  RvCaptureOptions o = { RV_IQ_Q_FIRST, RV_NEXMON_CHIP_4358 };
  Decoded *d = decode_file ("nexmon/example_4339.pcap", "nexmon", &o);
  RvCsiFrame f;

  fail_unless_equals_int (d->frames->len, 950);
  f = frame_at (d, 0);
  fail_unless (f.data[0] != -249.0);
  decoded_free (d);
}
GST_END_TEST;

/* -------------------------------------------------------------- Atheros */

GST_START_TEST (test_atheros)
{
  Decoded *d = decode_file ("atheros/ath_csi_1.dat", "atheros", NULL);
  RvCsiFrame f;

  fail_unless_equals_int (d->frames->len, 401);
  fail_unless_equals_int (d->errors, 0);
  f = frame_at (d, 0);
  fail_unless_equals_int (f.dim0, 6);   /* 3 rx × 2 tx */
  fail_unless_equals_int (f.dim1, 56);
  check_ascending (&f);
  fail_unless_equals_int (f.freq_mhz, 2437);
  fail_unless_equals_uint64 (f.timestamp_us, 1461024888);
  check_col (&f, 0, 0, -177, 84);
  check_col (&f, 1, 0, -33, 103);
  check_col (&f, 5, 55, -118, 140);
  check_value (&f, 0, -1, -77, 135);
  check_value (&f, 0, 1, -81, 137);
  f = frame_at (d, 400);
  fail_unless_equals_int (f.sequence, 400);
  fail_unless_equals_uint64 (f.timestamp_us, 1461896418);
  check_col (&f, 0, 0, -22, -166);
  decoded_free (d);
}
GST_END_TEST;

/* A big-endian log (as from a MIPS router) of the same records is read
 * alike: found by chaining, every record equal */
GST_START_TEST (test_atheros_big_endian)
{
  gchar *path = g_build_filename (RV_CAPTURES, "atheros/ath_csi_1.dat", NULL),
      *le;
  gsize len, off = 0, i;
  guint8 *be;
  Decoded *a, *b;

  fail_unless (g_file_get_contents (path, &le, &len, NULL));
  be = g_memdup2 (le, len);
  while (off + 27 <= len) {
    const guint8 *p = (const guint8 *) le + off;
    gsize L = rv_ld16le (p), csi_len = rv_ld16le (p + 2 + 8), k;
    guint8 *q = be + off;
    /* swap u16 L, u64 ts, u16 csi_len, u16 channel, u16 payload_len; the
     * CSI words as 16-bit words; the frame bytes stay */
    q[0] = p[1], q[1] = p[0];
    for (k = 0; k < 8; k++)
      q[2 + k] = p[2 + 7 - k];
    q[10] = p[11], q[11] = p[10];
    q[12] = p[13], q[13] = p[12];
    q[25] = p[26], q[26] = p[25];
    for (k = 0; k + 1 < csi_len; k += 2) {
      q[27 + k] = p[27 + k + 1];
      q[27 + k + 1] = p[27 + k];
    }
    off += 2 + L;
  }
  a = decode_bytes (&rv_capture_atheros, (guint8 *) le, len, len, NULL);
  b = decode_bytes (&rv_capture_atheros, be, len, 4096, NULL);
  fail_unless_equals_int (b->frames->len, 401);
  fail_unless_equals_int (b->errors, 0);
  for (i = 0; i < 401; i++) {
    RvCsiFrame fa = frame_at (a, i), fb = frame_at (b, i);
    fail_unless (memcmp (fa.data, fb.data, 16u * fa.dim0 * fa.dim1) == 0);
    fail_unless_equals_uint64 (fa.timestamp_us, fb.timestamp_us);
  }
  decoded_free (a);
  decoded_free (b);
  g_free (be);
  g_free (le);
  g_free (path);
}
GST_END_TEST;

/* -------------------------------------------------------------- FeitCSI */

GST_START_TEST (test_feitcsi)
{
  Decoded *d = decode_file ("feitcsi/HESU20_5500.csi", "feitcsi", NULL);
  RvCsiFrame f;

  fail_unless_equals_int (d->frames->len, 28);
  fail_unless_equals_int (d->errors, 0);
  f = frame_at (d, 0);
  fail_unless_equals_int (f.dim0, 2);   /* 2 rx × 1 tx */
  fail_unless_equals_int (f.dim1, 242);
  check_ascending (&f);
  fail_unless_equals_int (f.subcarrier_index[0], -122);
  fail_unless_equals_int (f.subcarrier_index[121], 2);
  fail_unless_equals_int (f.bandwidth_mhz, 20);
  fail_unless_equals_int (f.ppdu_type, RV_ADR018_PPDU_HE_SU);
  fail_unless_equals_int (f.rssi_dbm, -46);
  fail_unless_equals_uint64 (f.timestamp_us, 2625191);
  check_col (&f, 0, 0, 69, 2);
  check_col (&f, 0, 120, 71, 195);
  check_col (&f, 0, 121, -18, 194);
  check_col (&f, 1, 241, 25, -15);
  f = frame_at (d, 27);
  fail_unless_equals_uint64 (f.timestamp_us, 4642317);
  fail_unless_equals_int (f.sequence, 27);
  check_col (&f, 0, 0, -58, -26);
  decoded_free (d);
}
GST_END_TEST;

/* ------------------------------------------------------------ detection */

GST_START_TEST (test_detection)
{
  static const struct
  {
    const gchar *file, *format;
  } files[] = {
    {"esp32-csi-tool/example_csi.csv", "esp32-csi-tool"},
    {"esp32-csi-tool/example_data.csv", "esp32-csi-tool"},
    {"esp32-csi-tool/example_100hz_pitraffic.csv", "esp32-csi-tool"},
    {"esp-csi/csi_data.csv", "esp-csi"},
    {"esp-csi/csi_data_log.txt", "esp-csi"},
    {"intel5300/log.all_csi.6.7.6", "intel5300"},
    {"intel5300/example.dat", "intel5300"},
    {"intel5300/sample_0x1_ap.dat", "intel5300"},
    {"intel5300/sample_0x5_64_3000.dat", "intel5300"},
    {"nexmon/example.pcap", "nexmon"},
    {"nexmon/example_4366c0.pcap", "nexmon"},
    {"nexmon/example_43455c0.pcap", "nexmon"},
    {"nexmon/example_4339.pcap", "nexmon"},
    {"atheros/ath_csi_1.dat", "atheros"},
    {"feitcsi/HESU20_5500.csi", "feitcsi"},
  };
  guint i, j;

  for (i = 0; i < G_N_ELEMENTS (files); i++) {
    gchar *path = g_build_filename (RV_CAPTURES, files[i].file, NULL), *data;
    gsize len;
    const RvCaptureFormat *best = NULL;
    guint best_score = 0;
    fail_unless (g_file_get_contents (path, &data, &len, NULL));
    len = MIN (len, 4096);
    for (j = 0; rv_capture_formats[j]; j++) {
      guint s = rv_capture_formats[j]->probe ((guint8 *) data, len);
      if (s > best_score) {
        best_score = s;
        best = rv_capture_formats[j];
      }
    }
    fail_unless (best != NULL, "%s: not recognised", files[i].file);
    fail_unless_equals_string (best->name, files[i].format);
    g_free (data);
    g_free (path);
  }
}
GST_END_TEST;

/* ------------------------------------------------------------ synthetic */

/* The ESP32 layouts of the table, their value counts and the C5/C6 line */
GST_START_TEST (test_esp32_layouts)
{
  static const struct
  {
    guint sec, sig, cwb, stbc, pairs, rows, cols, bw;
  } t[] = {
    {0, 0, 0, 0, 64, 1, 52, 20},
    {0, 1, 0, 0, 128, 2, 56, 20},
    {0, 1, 0, 1, 192, 3, 56, 20},
    {2, 0, 0, 0, 64, 1, 52, 20},
    {2, 1, 0, 0, 128, 2, 56, 20},
    {2, 1, 0, 1, 190, 3, 56, 20},
    {2, 1, 1, 0, 192, 2, 114, 40},
    {2, 1, 1, 1, 306, 3, 114, 40},
    {1, 0, 0, 0, 64, 1, 52, 20},
    {1, 1, 0, 0, 128, 2, 56, 20},
    {1, 1, 0, 1, 188, 3, 56, 20},
    {1, 1, 1, 0, 192, 2, 114, 40},
    {1, 1, 1, 1, 306, 3, 114, 40},
    {1, 1, 1, 0, 64, 1, 52, 20},        /* LLTF only */
  };
  RvEsp32Layout L;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (t); i++) {
    fail_unless_equals_int (rv_esp32_layout (t[i].sec, t[i].sig, t[i].cwb,
            t[i].stbc, t[i].pairs, &L), RV_CAPTURE_FRAME);
    fail_unless_equals_int (L.n_rows, t[i].rows);
    fail_unless_equals_int (rv_tone_grid_count (L.grid), t[i].cols);
    fail_unless_equals_int (L.bandwidth_mhz, t[i].bw);
  }
  fail_unless_equals_int (rv_esp32_layout (0, 1, 0, 0, 100, &L),
      RV_CAPTURE_ERR_VALUE_COUNT);
  fail_unless_equals_int (rv_esp32_layout (0, 3, 0, 0, 64, &L),
      RV_CAPTURE_ERR_LAYOUT);
  fail_unless_equals_int (rv_esp32_c5c6_layout (57, &L), RV_CAPTURE_FRAME);
  fail_unless_equals_int (rv_tone_grid_count (L.grid), 56);
  fail_unless_equals_int (rv_esp32_c5c6_layout (245, &L), RV_CAPTURE_FRAME);
  fail_unless_equals_int (rv_tone_grid_count (L.grid), 242);
  fail_unless_equals_int (rv_esp32_c5c6_layout (234, &L), RV_CAPTURE_FRAME);
  fail_unless_equals_int (L.n_rows, 2);
  fail_unless_equals_int (rv_esp32_c5c6_layout (100, &L),
      RV_CAPTURE_ERR_LAYOUT);
}
GST_END_TEST;

/* A C5/C6 line (14 fields): HT20 in FFT order 0…28, −28…−1 */
GST_START_TEST (test_esp_csi_c5c6_line)
{
  GString *s = g_string_new ("CSI_DATA,7,1a:00:00:00:00:00,-23,11,-96,32,4,"
      "6,372852,47,0,114,0,\"[");
  RvEsp32Text st;
  RvCaptureOptions o = { RV_IQ_Q_FIRST, RV_NEXMON_CHIP_AUTO };
  RvCaptureInfo info;
  guint8 *rec;
  gsize size;
  RvCsiFrame f;
  gint k;

  /* pair k = (imag k, real −k) */
  for (k = 0; k < 57; k++)
    g_string_append_printf (s, "%s%d,%d", k ? "," : "", k, -k);
  g_string_append (s, "]\"");
  rv_esp32_text_init (&st, &o);
  fail_unless_equals_int (rv_esp_csi_parse_line (&st, s->str, s->len, &info),
      RV_CAPTURE_FRAME);
  fail_unless_equals_int (info.n_streams, 1);
  fail_unless_equals_int (info.n_subcarriers, 56);
  fail_unless_equals_int (info.freq_mhz, 2437);
  fail_unless_equals_int (info.sequence, 7);
  fail_unless_equals_int (info.noise_floor_dbm, -96);
  size = rv_record_csi_size (RV_LAYOUT_COMPLEX, 1, 56);
  rec = g_malloc (size);
  rv_record_csi_init (rec, size, RV_LAYOUT_COMPLEX, 1, 56, &f);
  fail_unless_equals_int (rv_esp32_text_fill (&st, &f), 0);
  /* subcarrier +1 is entry 1, −1 entry 56, −28 entry 29 */
  check_value (&f, 0, 1, -1, 1);
  check_value (&f, 0, -1, -56, 56);
  check_value (&f, 0, -28, -29, 29);
  check_value (&f, 0, 28, -28, 28);
  /* the value count must equal len */
  g_string_truncate (s, s->len - 2);
  g_string_append (s, ",1,2]\"");
  fail_unless_equals_int (rv_esp_csi_parse_line (&st, s->str, s->len, &info),
      RV_CAPTURE_ERR_VALUE_COUNT);
  g_free (rec);
  g_string_free (s, TRUE);
}
GST_END_TEST;

/* pcapng with a nanosecond interface and Linux cooked capture, built
 * around the payload of a real Nexmon packet */
GST_START_TEST (test_pcapng_cooked)
{
  gchar *path = g_build_filename (RV_CAPTURES, "nexmon/example_4366c0.pcap",
      NULL), *data;
  gsize len;
  const guint8 *pkt;
  guint8 out[4096];
  gsize n = 0, ip_len, body;
  guint32 blen;
  Decoded *a, *b;
  RvCsiFrame fa, fb;

  fail_unless (g_file_get_contents (path, &data, &len, NULL));
  /* classic record 0: 16-byte record header, Ethernet, IPv4, UDP */
  pkt = (const guint8 *) data + 24 + 16;
  ip_len = rv_ld16be (pkt + 14 + 2);

#define PUT32(v) do { guint32 x_ = (v); memcpy (out + n, &x_, 4); n += 4; } while (0)
#define PUT16(v) do { guint16 x_ = (v); memcpy (out + n, &x_, 2); n += 2; } while (0)
  /* SHB */
  PUT32 (0x0A0D0D0A);
  PUT32 (28);
  PUT32 (0x1A2B3C4D);
  PUT16 (1);
  PUT16 (0);
  PUT32 (0xffffffff);
  PUT32 (0xffffffff);
  PUT32 (28);
  /* IDB: link type 113, if_tsresol 9 (ns) */
  PUT32 (1);
  PUT32 (32);
  PUT16 (113);
  PUT16 (0);
  PUT32 (0);
  PUT16 (9);
  PUT16 (1);
  out[n++] = 9;
  out[n++] = 0;
  out[n++] = 0;
  out[n++] = 0;
  PUT16 (0);
  PUT16 (0);
  PUT32 (32);
  /* EPB with a 16-byte cooked header then the IP datagram */
  body = 16 + ip_len;
  blen = (guint32) (32 + ((body + 3) & ~(gsize) 3));
  PUT32 (6);
  PUT32 (blen);
  PUT32 (0);
  {
    guint64 ns = G_GUINT64_CONSTANT (1525572014747919) * 1000u + 123u;
    PUT32 ((guint32) (ns >> 32));
    PUT32 ((guint32) ns);
  }
  PUT32 ((guint32) body);
  PUT32 ((guint32) body);
  memset (out + n, 0, 16);
  out[n + 14] = 0x08;           /* protocol 0x0800, big-endian */
  n += 16;
  memcpy (out + n, pkt + 14, ip_len);
  n += ip_len;
  while (n % 4)
    out[n++] = 0;
  PUT32 (blen);
#undef PUT32
#undef PUT16

  fail_unless_equals_int (rv_capture_nexmon.probe (out, n), 95);
  b = decode_bytes (&rv_capture_nexmon, out, n, n, NULL);
  a = decode_bytes (&rv_capture_nexmon, (guint8 *) data, len, len, NULL);
  fail_unless_equals_int (b->frames->len, 1);
  fa = frame_at (a, 0);
  fb = frame_at (b, 0);
  fail_unless_equals_uint64 (fb.timestamp_us, fa.timestamp_us);
  fail_unless (memcmp (fa.data, fb.data, 16u * 242u) == 0);
  decoded_free (a);
  decoded_free (b);
  g_free (data);
  g_free (path);
}
GST_END_TEST;

/* Damaged input: every prefix of a real capture decodes without reading
 * past it, and flipped bytes never crash a decoder */
GST_START_TEST (test_damaged_input)
{
  static const struct
  {
    const gchar *file, *format;
  } files[] = {
    {"esp32-csi-tool/example_csi.csv", "esp32-csi-tool"},
    {"esp-csi/csi_data_log.txt", "esp-csi"},
    {"intel5300/example.dat", "intel5300"},
    {"nexmon/example.pcap", "nexmon"},
    {"feitcsi/HESU20_5500.csi", "feitcsi"},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (files); i++) {
    gchar *path = g_build_filename (RV_CAPTURES, files[i].file, NULL), *data;
    const RvCaptureFormat *fmt = rv_capture_format_by_name (files[i].format);
    gsize len, cut;
    guint32 seed = 12345;
    fail_unless (g_file_get_contents (path, &data, &len, NULL));
    for (cut = 0; cut < MIN (len, 6000); cut += 61) {
      /* a copy exactly `cut` bytes long so a read past it is caught by
       * the memory checker */
      guint8 *p = g_memdup2 (data, cut);
      decoded_free (decode_bytes (fmt, p, cut, 256, NULL));
      g_free (p);
    }
    for (cut = 0; cut < 40; cut++) {
      guint8 *p = g_memdup2 (data, len);
      guint k;
      for (k = 0; k < 8; k++) {
        seed = seed * 1103515245u + 12345u;
        p[(seed >> 8) % len] ^= (guint8) (seed >> 3);
      }
      decoded_free (decode_bytes (fmt, p, len, 4096, NULL));
      g_free (p);
    }
    g_free (data);
    g_free (path);
  }
}
GST_END_TEST;

static Suite *
capture_suite (void)
{
  Suite *s = suite_create ("core-capture");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_esp32_csi_tool_lltf_above);
  tcase_add_test (tc, test_esp32_csi_tool_header_and_first_word);
  tcase_add_test (tc, test_esp32_csi_tool_short_record);
  tcase_add_test (tc, test_esp_csi_ht40);
  tcase_add_test (tc, test_esp_csi_corrupt_log);
  tcase_add_test (tc, test_intel5300_example);
  tcase_add_test (tc, test_intel5300_ntx_changes);
  tcase_add_test (tc, test_intel5300_csiread_samples);
  tcase_add_test (tc, test_nexmon_4358_multi_stream);
  tcase_add_test (tc, test_nexmon_4339_three_streams);
  tcase_add_test (tc, test_nexmon_43455c0_new_header);
  tcase_add_test (tc, test_nexmon_4366c0_floats);
  tcase_add_test (tc, test_nexmon_chip_forced);
  tcase_add_test (tc, test_atheros);
  tcase_add_test (tc, test_atheros_big_endian);
  tcase_add_test (tc, test_feitcsi);
  tcase_add_test (tc, test_detection);
  tcase_add_test (tc, test_esp32_layouts);
  tcase_add_test (tc, test_esp_csi_c5c6_line);
  tcase_add_test (tc, test_pcapng_cooked);
  tcase_add_test (tc, test_damaged_input);
  return s;
}

RV_CAPTURES_CHECK_MAIN (capture);
