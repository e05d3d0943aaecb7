/* rvbench-readers — parse throughput of the capture-format readers.
 *
 * For every format, a real capture (from the shared captures directory)
 * repeated into a larger input (up to ~40 000 records or 32 MB):
 *   1. the libruview decoder alone over the bytes in memory, each frame
 *      filled into a record laid out once per size and reused;
 *   2. the element: `csisrc location=<that file> ! fakesink`, not live,
 *      timed from PLAYING to EOS (one allocated buffer per frame, as
 *      csisrc delivers them).
 * Intel 5300 also against a same-run baseline written like the reference
 * reader (MATLAB read_bfee): a fresh Nrx × Ntx × 30 complex array per
 * record and one function call per 8-bit value; and against csiread's
 * published 0.83 M records/s (40 000 records in 0.048 s; target 2×).
 *
 * Times are CPU time (the decoder's thread; the whole process for the
 * element, all its threads), so that other jobs sharing the machine do
 * not count; the element's wall time is printed beside it.
 *
 * Usage: rvbench-readers [--repeats N] [--captures DIR]
 * Figures only; this is not a test. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include "ruview/capture.h"
#include "ruview/intel5300.h"
#include "ruview/pcap.h"

#define TARGET_RECORDS 40000
#define MAX_BYTES      (32u * 1024u * 1024u)

static volatile double sink;

/* ns of CPU time of this thread */
static gdouble
thread_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gdouble) ts.tv_sec * 1e9 + (gdouble) ts.tv_nsec;
}

/* s of CPU time of the process, every thread */
static gdouble
process_s (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return (gdouble) ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6
      + (gdouble) ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static const struct
{
  const gchar *file, *format;
  gsize header;                 /* bytes of file header not to repeat */
} inputs[] = {
  {"esp32-csi-tool/example_100hz_pitraffic.csv", "esp32-csi-tool", 0},
  {"esp-csi/csi_data.csv", "esp-csi", 0},
  {"intel5300/sample_0x5_64_3000.dat", "intel5300", 0},
  {"nexmon/example_4339.pcap", "nexmon", 24},
  {"atheros/ath_csi_1.dat", "atheros", 0},
  {"feitcsi/HESU20_5500.csi", "feitcsi", 0},
};

/* ------------------------------------------------------------ decoding */

/* records in one pass of fmt over data; *ns the time it took */
static guint
decode_all (const RvCaptureFormat * fmt, const guint8 * data, gsize len,
    gdouble * ns)
{
  static guint8 *rec;
  static gsize rec_cap;
  RvCaptureOptions opts = { RV_IQ_Q_FIRST, RV_NEXMON_CHIP_AUTO };
  gpointer st = g_malloc0 (fmt->state_size);
  guint16 d0 = 0, d1 = 0;
  RvCsiFrame f;
  gsize pos = 0;
  guint n = 0;
  gdouble t0, acc = 0.0;

  fmt->init (st, &opts);
  t0 = thread_ns ();
  for (;;) {
    RvCaptureInfo info;
    gsize used;
    RvCaptureStatus s = fmt->next (st, data + pos, len - pos, 1, &used,
        &info);
    if (s == RV_CAPTURE_END || s == RV_CAPTURE_NEED_MORE)
      break;
    if (s == RV_CAPTURE_FRAME) {
      if (info.n_streams != d0 || info.n_subcarriers != d1) {
        gsize size = rv_record_csi_size (RV_LAYOUT_COMPLEX, info.n_streams,
            info.n_subcarriers);
        if (size > rec_cap) {
          free (rec);
          rec = aligned_alloc (8, size);
          rec_cap = size;
        }
        rv_record_csi_init (rec, size, RV_LAYOUT_COMPLEX, info.n_streams,
            info.n_subcarriers, &f);
        d0 = info.n_streams;
        d1 = info.n_subcarriers;
      }
      fmt->fill (st, &f);
      rv_capture_info_apply (&info, &f);
      rv_record_csi_sync (rec, &f);
      acc += f.data[0];
      n++;
    }
    pos += used;
  }
  *ns = thread_ns () - t0;
  sink = acc;
  g_free (st);
  return n;
}

/* The reference-reader way: a new complex array per record, one call per
 * value (as MATLAB's read_bfee MEX and its ports do) */
typedef struct
{
  gdouble re, im;
} Cplx;

static gint8
value_at (const guint8 * p, guint bit)
{
  guint byte = bit >> 3, sh = bit & 7u;
  return (gint8) (guint8) ((p[byte] >> sh) | (p[byte + 1] << (8 - sh)));
}

static guint
naive_intel (const guint8 * data, gsize len, gdouble * ns)
{
  gsize pos = 0;
  guint n = 0;
  gdouble t0 = thread_ns (), acc = 0.0;

  while (pos + 3 <= len) {
    gsize L = ((gsize) data[pos] << 8) | data[pos + 1];
    const guint8 *b = data + pos + 3;
    if (pos + 2 + L > len)
      break;
    if (data[pos + 2] == 0xBB) {
      guint nrx = b[8], ntx = b[9], i, j, k, idx = 0;
      guint perm[3] = { (b[15] & 3u), ((b[15] >> 2) & 3u),
        ((b[15] >> 4) & 3u)
      };
      const guint8 *payload = b + 20;
      Cplx *csi = malloc (sizeof (Cplx) * 30u * nrx * ntx);
      for (i = 0; i < 30; i++) {
        idx += 3;
        for (j = 0; j < nrx; j++)
          for (k = 0; k < ntx; k++) {
            Cplx *c = &csi[(perm[j] % nrx) * ntx * 30 + k * 30 + i];
            c->re = value_at (payload, idx);
            c->im = value_at (payload, idx + 8);
            idx += 16;
          }
      }
      acc += csi[0].re;
      free (csi);
      n++;
    }
    pos += 2 + L;
  }
  *ns = thread_ns () - t0;
  sink = acc;
  return n;
}

/* ------------------------------------------------------------- inputs */

/* The capture repeated (its file header once) to about TARGET_RECORDS
 * records, at most MAX_BYTES */
static guint8 *
repeated (const gchar * dir, guint i, gsize * out_len, guint * copies)
{
  gchar *path = g_build_filename (dir, inputs[i].file, NULL), *data;
  const RvCaptureFormat *fmt = rv_capture_format_by_name (inputs[i].format);
  gsize len, body, k, n;
  guint8 *out;
  gdouble ns;
  guint recs;

  if (!g_file_get_contents (path, &data, &len, NULL)) {
    g_free (path);
    return NULL;
  }
  recs = decode_all (fmt, (guint8 *) data, len, &ns);
  body = len - inputs[i].header;
  n = (TARGET_RECORDS + recs - 1) / MAX (recs, 1u);
  if (inputs[i].header + n * body > MAX_BYTES)
    n = MAX (1, (MAX_BYTES - inputs[i].header) / body);
  out = g_malloc (inputs[i].header + n * body);
  memcpy (out, data, inputs[i].header);
  for (k = 0; k < n; k++)
    memcpy (out + inputs[i].header + k * body, data + inputs[i].header, body);
  *out_len = inputs[i].header + n * body;
  *copies = (guint) n;
  g_free (data);
  g_free (path);
  return out;
}

/* ------------------------------------------------------------- element */

/* CPU seconds of the process from PLAYING to EOS; *wall the wall time */
static gdouble
run_element (const gchar * location, guint64 * frames, gdouble * wall)
{
  gchar *desc = g_strdup_printf ("csisrc name=src location=\"%s\" ! "
      "fakesink", location);
  GstElement *p = gst_parse_launch (desc, NULL), *src;
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *m;
  GstStructure *st = NULL;
  gint64 t0;
  gdouble s, c0;

  t0 = g_get_monotonic_time ();
  c0 = process_s ();
  gst_element_set_state (p, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  s = process_s () - c0;
  *wall = (gdouble) (g_get_monotonic_time () - t0) / 1e6;
  if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR)
    g_printerr ("error replaying %s\n", location);
  gst_message_unref (m);
  src = gst_bin_get_by_name (GST_BIN (p), "src");
  g_object_get (src, "stats", &st, NULL);
  gst_structure_get_uint64 (st, "frames", frames);
  gst_structure_free (st);
  gst_object_unref (src);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
  g_free (desc);
  return s;
}

static gint
cmp_double (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return x < y ? -1 : x > y;
}

static gdouble
median (gdouble * v, guint n)
{
  qsort (v, n, sizeof (gdouble), cmp_double);
  return v[n / 2];
}

int
main (int argc, char **argv)
{
  gint repeats = 5;
  gchar *captures = NULL;
  GOptionEntry entries[] = {
    {"repeats", 0, 0, G_OPTION_ARG_INT, &repeats, "repeats (median)", "N"},
    {"captures", 0, 0, G_OPTION_ARG_FILENAME, &captures,
        "the captures directory", "DIR"},
    {NULL}
  };
  GOptionContext *ctx = g_option_context_new ("");
  gchar *tmpdir;
  guint i;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, NULL) || repeats < 1)
    return 2;
  g_option_context_free (ctx);
  if (!captures)
    captures = g_strdup (RV_SHARED_DATA_DIR "/data/captures");
  if (!g_file_test (captures, G_FILE_TEST_IS_DIR)) {
    g_print ("rvbench-readers: no captures at %s (--captures DIR)\n",
        captures);
    return 0;
  }
  tmpdir = g_dir_make_tmp ("rvbench-readers-XXXXXX", NULL);

  g_print ("rvbench-readers: %d repeats, medians; records per CPU second "
      "(MB/s)\n", repeats);
  g_print ("%-15s %7s %6s %19s %19s %11s\n", "format", "records", "MB",
      "decoder alone", "csisrc ! fakesink", "(wall)");
  for (i = 0; i < G_N_ELEMENTS (inputs); i++) {
    const RvCaptureFormat *fmt = rv_capture_format_by_name (inputs[i].format);
    gsize len;
    guint copies, recs = 0, r;
    guint8 *data = repeated (captures, i, &len, &copies);
    gdouble *dec = g_new (gdouble, repeats), *el = g_new (gdouble, repeats);
    gdouble *wl = g_new (gdouble, repeats);
    gdouble md, me, mw, mb = (gdouble) len / 1e6;
    gchar *path;
    guint64 frames = 0;

    if (!data)
      continue;
    path = g_build_filename (tmpdir, "input", NULL);
    g_file_set_contents (path, (gchar *) data, (gssize) len, NULL);
    for (r = 0; r < (guint) repeats; r++) {
      recs = decode_all (fmt, data, len, &dec[r]);
      el[r] = run_element (path, &frames, &wl[r]);
    }
    md = median (dec, (guint) repeats) / 1e9;
    me = median (el, (guint) repeats);
    mw = median (wl, (guint) repeats);
    g_print ("%-15s %7u %6.1f %9.3f M (%5.0f) %9.3f M (%5.0f) %9.3f M\n",
        inputs[i].format, recs, mb, recs / md / 1e6, mb / md,
        (gdouble) frames / me / 1e6, mb / me, (gdouble) frames / mw / 1e6);
    if (g_str_equal (inputs[i].format, "intel5300")) {
      gdouble *nv = g_new (gdouble, repeats), mn;
      guint nn = 0;
      for (r = 0; r < (guint) repeats; r++)
        nn = naive_intel (data, len, &nv[r]);
      mn = median (nv, (guint) repeats) / 1e9;
      g_print ("%-15s %7u %6.1f %9.3f M (%5.0f)   reference-reader style, "
          "same run: ours %.1fx\n", "  baseline", nn, mb, nn / mn / 1e6,
          mb / mn, (nn / mn) > 0 ? (recs / md) / (nn / mn) : 0.0);
      g_print ("%-15s csiread 0.83 M records/s published; target 1.66 M: "
          "decoder %.1fx csiread, element %.1fx\n", "", recs / md / 0.83e6,
          (gdouble) frames / me / 0.83e6);
      g_free (nv);
    }
    g_unlink (path);
    g_free (path);
    g_free (dec);
    g_free (el);
    g_free (wl);
    g_free (data);
  }
  g_rmdir (tmpdir);
  g_free (tmpdir);
  g_free (captures);
  return 0;
}
