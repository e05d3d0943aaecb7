/* Hostile-file sweep: seeded variants of a recording and of a JSON Lines
 * file, each replayed through the whole chain in its own process with a
 * time limit.  Every run must end with EOS or an error message that says
 * something — never a crash, a hang or a silent stop.
 *
 * Bases, made first with the chain's own elements (in a temporary
 * directory): a 4-node csi recording (.rvcsi), a fused recording (RVFU
 * records with their node records, written after rvmultistaticfuse), the
 * same csi frames as JSON Lines, and the empty-room baselines rvcalibrate
 * needs.  Variant i is of base i mod 3, seeded with xorshift32
 * 0x5eed0000 + i; each base's variants take these mutations in turn:
 *   truncate at a random byte; flip 1–8 random bits; swap two records
 *   (lines); write an extreme 32-bit value (0, 1, 0x7fffffff, 0x80000000,
 *   0xffffffff) at a random 4-aligned offset of a record header (a
 *   random spot of a line for JSON); delete a record (line); duplicate a
 *   record (line).
 * Chains: csi and JSON inputs go through csisrc ! rvcalibrate !
 * rvphasealign ! rvmultistaticfuse ! rvcirgate ! rvtomography !
 * rvposetrack ! rvwitness ! rvmetaconvert ! fakesink; the fused input
 * through csisrc ! rvcirgate ! … ! fakesink.
 *
 *   hostile-sweep                 the sweep (RV_SWEEP_VARIANTS per base,
 *                                 default 80; two runs at a time)
 *   hostile-sweep --run CHAIN FILE RESULT   one run (used by the sweep):
 *                                 writes "eos" or "error: <message>" to
 *                                 RESULT, exit 0 / 2
 * A failing variant is kept in sweep-failures/ of the working directory
 * with its index and kind in the name. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gst/gst.h>
#include <glib/gstdio.h>

#include "ruview/record.h"
#include "ruview/rng.h"

#define DEFAULT_VARIANTS 80
#define RUN_TIME_LIMIT_S 60
#define PARALLEL 2

static const gchar *chain_elements[] = {
  "csisrc", "rvcalibrate", "rvphasealign", "rvmultistaticfuse", "rvcirgate",
  "rvtomography", "rvposetrack", "rvwitness", "rvmetaconvert", "fakesink",
  "filesink"
};

static const gchar *kind_names[] = {
  "truncate", "bitflip", "swap", "extreme", "delete", "duplicate"
};

#define N_KINDS G_N_ELEMENTS (kind_names)

/* ------------------------------------------------------------ one run */

/* the chain with @FILE@ replaced by the file */
static gchar *
chain_for (const gchar * chain, const gchar * file)
{
  gchar **parts = g_strsplit (chain, "@FILE@", -1);
  gchar *line = g_strjoinv (file, parts);
  g_strfreev (parts);
  return line;
}

static int
run_one (const gchar * chain, const gchar * file, const gchar * result)
{
  gchar *line = chain_for (chain, file);
  GError *err = NULL;
  GstElement *p = gst_parse_launch (line, &err);
  GstBus *bus;
  GstMessage *m;
  GString *out = g_string_new (NULL);
  int rc;

  if (!p || err) {
    g_string_printf (out, "cannot build the chain: %s",
        err ? err->message : "?");
    rc = 3;
    goto done;
  }
  bus = gst_element_get_bus (p);
  gst_element_set_state (p, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS) {
    g_string_assign (out, "eos");
    rc = 0;
  } else {
    GError *e = NULL;
    gchar *dbg = NULL;
    gst_message_parse_error (m, &e, &dbg);
    g_string_printf (out, "error: %s: %s (%s)", GST_MESSAGE_SRC_NAME (m),
        e->message, dbg ? dbg : "");
    rc = e->message && *e->message ? 2 : 4;
    g_clear_error (&e);
    g_free (dbg);
  }
  gst_message_unref (m);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
done:
  g_clear_error (&err);
  g_file_set_contents (result, out->str, out->len, NULL);
  g_string_free (out, TRUE);
  g_free (line);
  return rc;
}

/* ------------------------------------------------------------ bases */

static gchar *tmpdir;

static gchar *
tmp (const gchar * name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static gboolean
run_to_eos (const gchar * line)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch (line, &err);
  GstBus *bus;
  GstMessage *m;
  gboolean ok;

  if (!p || err) {
    g_printerr ("cannot build %s: %s\n", line, err ? err->message : "?");
    return FALSE;
  }
  bus = gst_element_get_bus (p);
  gst_element_set_state (p, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (bus, 300 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  ok = m && GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS;
  if (!ok)
    g_printerr ("base run failed: %s\n", line);
  if (m)
    gst_message_unref (m);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
  return ok;
}

typedef struct
{
  const gchar *name;
  gboolean lines;               /* JSON Lines (records = lines) */
  gchar *path;
  gchar *chain;                 /* launch line, @FILE@ = the file */
  guint8 *data;
  gsize len;
  GArray *starts;               /* offsets of records / lines, then len */
} Base;

static void
index_records (Base * b)
{
  gsize off = 0;
  b->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  while (off < b->len) {
    g_array_append_val (b->starts, off);
    if (b->lines) {
      const guint8 *nl = memchr (b->data + off, '\n', b->len - off);
      off = nl ? (gsize) (nl - b->data) + 1 : b->len;
    } else {
      guint32 magic, size;
      if (rv_record_peek (b->data + off, b->len - off, &magic, &size)
          || size == 0)
        break;
      off += size;
    }
  }
  g_array_append_val (b->starts, b->len);
}

static gboolean
load_base (Base * b)
{
  GError *err = NULL;
  if (!g_file_get_contents (b->path, (gchar **) & b->data, &b->len, &err)) {
    g_printerr ("%s: %s\n", b->path, err->message);
    g_clear_error (&err);
    return FALSE;
  }
  index_records (b);
  return b->starts->len > 2;
}

/* ------------------------------------------------------------ variants */

static gsize
rec_start (const Base * b, guint i)
{
  return g_array_index (b->starts, gsize, i);
}

/* Variant `index` of the base (seeded by the index), mutation `kind`. */
static GByteArray *
make_variant (const Base * b, guint index, guint kind)
{
  RvXorshift32 r;
  GByteArray *v = g_byte_array_new ();
  guint n_rec = b->starts->len - 1, i, j, k;

  rv_xorshift32_init (&r, 0x5eed0000u + index);
  switch (kind) {
    case 0:                    /* truncate */
      g_byte_array_append (v, b->data, rv_xorshift32_next (&r) % b->len);
      break;
    case 1:                    /* bit flips */
      g_byte_array_append (v, b->data, b->len);
      k = 1 + rv_xorshift32_next (&r) % 8;
      for (j = 0; j < k; j++) {
        guint bit = rv_xorshift32_next (&r) % (guint) (b->len * 8);
        v->data[bit / 8] ^= (guint8) (1u << (bit % 8));
      }
      break;
    case 2:{                   /* swap two records */
      guint a = rv_xorshift32_next (&r) % n_rec;
      guint c = rv_xorshift32_next (&r) % n_rec;
      if (a > c) {
        guint t = a;
        a = c;
        c = t;
      }
      for (i = 0; i < n_rec; i++) {
        guint src = i == a ? c : i == c ? a : i;
        gsize s = rec_start (b, src), e = rec_start (b, src + 1);
        g_byte_array_append (v, b->data + s, e - s);
      }
      break;
    }
    case 3:{                   /* an extreme value in a header / a line */
      static const guint32 extremes[] = { 0, 1, 0x7fffffffu, 0x80000000u,
        0xffffffffu
      };
      guint rec = rv_xorshift32_next (&r) % n_rec;
      gsize s = rec_start (b, rec), e = rec_start (b, rec + 1), off;
      guint32 x = extremes[rv_xorshift32_next (&r) % G_N_ELEMENTS (extremes)];
      g_byte_array_append (v, b->data, b->len);
      if (b->lines) {
        /* a digit run of the line becomes the value's decimal text */
        gchar num[16];
        off = s + rv_xorshift32_next (&r) % (e - s);
        g_snprintf (num, sizeof num, "%u", x);
        for (j = 0; num[j] && off + j < e - 1; j++)
          v->data[off + j] = (guint8) num[j];
      } else {
        gsize span = MIN (e - s, (gsize) RV_RECORD_HEADER_SIZE);
        off = s + 4 * (rv_xorshift32_next (&r) % (guint) (span / 4));
        memcpy (v->data + off, &x, 4);
      }
      break;
    }
    case 4:                    /* delete a record */
    case 5:{                   /* duplicate a record */
      guint rec = rv_xorshift32_next (&r) % n_rec;
      for (i = 0; i < n_rec; i++) {
        gsize s = rec_start (b, i), e = rec_start (b, i + 1);
        if (i == rec && kind == 4)
          continue;
        g_byte_array_append (v, b->data + s, e - s);
        if (i == rec)
          g_byte_array_append (v, b->data + s, e - s);
      }
      break;
    }
  }
  return v;
}

/* ------------------------------------------------------------ the sweep */

typedef struct
{
  GPid pid;
  gint64 started;
  guint index;
  guint kind;
  const Base *base;
  gchar *file, *result;
} Running;

static guint n_eos, n_errors, n_failed;
static GHashTable *error_kinds;        /* first words of error texts → count */

static gboolean
start_run (const gchar * self_exe, const Base * b, guint index,
    Running * run)
{
  GByteArray *v;
  gchar name[64];
  gchar *argv[6];
  GError *err = NULL;

  /* the bases take turns; each base's variants cycle through the kinds */
  run->kind = (index / 3) % N_KINDS;
  v = make_variant (b, index, run->kind);
  g_snprintf (name, sizeof name, "v%04u-%s-%s", index, b->name,
      kind_names[run->kind]);
  run->file = tmp (name);
  run->result = g_strconcat (run->file, ".result", NULL);
  run->index = index;
  run->base = b;
  g_file_set_contents (run->file, (const gchar *) v->data, v->len, NULL);
  g_byte_array_unref (v);
  argv[0] = (gchar *) self_exe;
  argv[1] = (gchar *) "--run";
  argv[2] = b->chain;
  argv[3] = run->file;
  argv[4] = run->result;
  argv[5] = NULL;
  if (!g_spawn_async (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
          G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &run->pid, &err)) {
    g_printerr ("cannot start a run: %s\n", err->message);
    g_clear_error (&err);
    return FALSE;
  }
  run->started = g_get_monotonic_time ();
  return TRUE;
}

static void
keep_failure (const Running * run, const gchar * why)
{
  gchar *dir = g_build_filename (g_get_current_dir (), "sweep-failures", NULL);
  gchar *base = g_path_get_basename (run->file);
  gchar *dest = g_build_filename (dir, base, NULL);
  gchar *data = NULL;
  gsize len = 0;

  g_mkdir_with_parents (dir, 0755);
  if (g_file_get_contents (run->file, &data, &len, NULL))
    g_file_set_contents (dest, data, len, NULL);
  g_printerr ("FAIL variant %u (%s, %s): %s; kept as %s\n", run->index,
      run->base->name, kind_names[run->kind], why, dest);
  n_failed++;
  g_free (data);
  g_free (dest);
  g_free (base);
  g_free (dir);
}

/* Collect a finished run (or kill one over its time); TRUE when done. */
static gboolean
finish_run (Running * run)
{
  int status = 0;
  pid_t r = waitpid (run->pid, &status, WNOHANG);
  gchar *text = NULL;

  if (r == 0) {
    if (g_get_monotonic_time () - run->started
        < (gint64) RUN_TIME_LIMIT_S * G_USEC_PER_SEC)
      return FALSE;
    kill (run->pid, SIGKILL);
    waitpid (run->pid, &status, 0);
    keep_failure (run, "no EOS and no error within the time limit (hang)");
  } else if (WIFSIGNALED (status)) {
    gchar *why = g_strdup_printf ("killed by signal %d (%s)",
        WTERMSIG (status), g_strsignal (WTERMSIG (status)));
    keep_failure (run, why);
    g_free (why);
  } else if (!g_file_get_contents (run->result, &text, NULL, NULL)) {
    keep_failure (run, "ended without a result");
  } else if (WEXITSTATUS (status) == 0 && g_str_equal (text, "eos")) {
    n_eos++;
  } else if (WEXITSTATUS (status) == 2) {
    /* the element and the message, without the debug detail */
    gchar *key = g_strdup (text + strlen ("error: "));
    gchar *paren = g_getenv ("RV_SWEEP_FULL") ? NULL : strstr (key, " (");
    if (paren)
      *paren = '\0';
    g_hash_table_replace (error_kinds, key, GUINT_TO_POINTER
        (GPOINTER_TO_UINT (g_hash_table_lookup (error_kinds, key)) + 1));
    n_errors++;
  } else {
    gchar *why = g_strdup_printf ("exit %d: %s", WEXITSTATUS (status), text);
    keep_failure (run, why);
    g_free (why);
  }
  g_free (text);
  g_spawn_close_pid (run->pid);
  g_unlink (run->file);
  g_unlink (run->result);
  g_free (run->file);
  g_free (run->result);
  run->pid = 0;
  return TRUE;
}

static gboolean
have_elements (void)
{
  guint i;
  for (i = 0; i < G_N_ELEMENTS (chain_elements); i++) {
    GstElementFactory *f = gst_element_factory_find (chain_elements[i]);
    if (!f) {
      g_print ("SKIP: element %s is not built\n", chain_elements[i]);
      return FALSE;
    }
    gst_object_unref (f);
  }
  return TRUE;
}

static void
print_error_kind (gpointer key, gpointer value, gpointer user_data)
{
  g_print ("  %5u x %s\n", GPOINTER_TO_UINT (value), (const gchar *) key);
}

int
main (int argc, char **argv)
{
  Base bases[3];
  Running running[PARALLEL];
  const gchar *env = g_getenv ("RV_SWEEP_VARIANTS");
  guint variants = env ? (guint) g_ascii_strtoull (env, NULL, 10)
      : DEFAULT_VARIANTS;
  gchar *baseline, *line, *self_exe;
  guint b, next = 0, total, active = 0, i;
  gint64 t0;

  gst_init (&argc, &argv);
  if (argc == 5 && g_str_equal (argv[1], "--run"))
    return run_one (argv[2], argv[3], argv[4]);
  if (!have_elements ())
    return 77;

  tmpdir = g_dir_make_tmp ("rv-sweep-XXXXXX", NULL);
  baseline = tmp ("node%u.rvcal");
  memset (bases, 0, sizeof bases);
  bases[0].name = "csi";
  bases[0].path = tmp ("room.rvcsi");
  bases[1].name = "fused";
  bases[1].path = tmp ("fused.rvcsi");
  bases[2].name = "jsonl";
  bases[2].lines = TRUE;
  bases[2].path = tmp ("room.jsonl");

  /* the baselines (600 frames per node), then the three bases: 10 fused
   * cycles of the 4-node synthetic room (5 frames per node per cycle) */
  line = g_strdup_printf ("csisrc num-buffers=2400 ! rvcalibrate mode=record "
      "capture-time=1700000000 baseline-location=%s ! fakesink", baseline);
  if (!run_to_eos (line))
    return 1;
  g_free (line);
  line = g_strdup_printf ("csisrc num-buffers=200 seed=7 ! filesink "
      "location=%s", bases[0].path);
  if (!run_to_eos (line))
    return 1;
  g_free (line);
  line = g_strdup_printf ("csisrc num-buffers=200 seed=7 ! rvcalibrate "
      "baseline-location=%s ! rvphasealign ! rvmultistaticfuse ! filesink "
      "location=%s", baseline, bases[1].path);
  if (!run_to_eos (line))
    return 1;
  g_free (line);
  line = g_strdup_printf ("csisrc num-buffers=200 seed=7 ! rvmetaconvert "
      "detail=full ! filesink location=%s", bases[2].path);
  if (!run_to_eos (line))
    return 1;
  g_free (line);
  for (b = 0; b < 3; b++) {
    if (!load_base (&bases[b])) {
      g_printerr ("base %s has no records\n", bases[b].name);
      return 1;
    }
    bases[b].chain = b == 1
        ? g_strdup ("csisrc location=\"@FILE@\" ! rvcirgate ! rvtomography ! "
        "rvposetrack ! rvwitness ! rvmetaconvert detail=full ! fakesink")
        : g_strdup_printf ("csisrc location=\"@FILE@\" ! rvcalibrate "
        "baseline-location=%s ! rvphasealign ! rvmultistaticfuse ! "
        "rvcirgate ! rvtomography ! rvposetrack ! rvwitness ! "
        "rvmetaconvert detail=full ! fakesink", baseline);
    g_print ("base %s: %" G_GSIZE_FORMAT " bytes, %u records\n",
        bases[b].name, bases[b].len, bases[b].starts->len - 1);
  }

  /* the unmodified bases must replay to EOS */
  for (b = 0; b < 3; b++) {
    gchar *r = tmp ("base.result");
    int rc = run_one (bases[b].chain, bases[b].path, r);
    if (rc != 0) {
      gchar *text = NULL;
      g_file_get_contents (r, &text, NULL, NULL);
      g_printerr ("base %s does not replay: %s\n", bases[b].name, text);
      return 1;
    }
    g_free (r);
  }

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  error_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  memset (running, 0, sizeof running);
  total = 3 * variants;
  t0 = g_get_monotonic_time ();
  while (next < total || active > 0) {
    for (i = 0; i < PARALLEL; i++) {
      if (running[i].pid && finish_run (&running[i]))
        active--;
      if (!running[i].pid && next < total) {
        if (!start_run (self_exe, &bases[next % 3], next, &running[i]))
          return 1;
        next++;
        active++;
      }
    }
    g_usleep (2000);
  }

  g_print ("%u variants in %.1f s: %u ended with EOS, %u with an error "
      "message, %u failed (crash, hang or no message)\n", total,
      (g_get_monotonic_time () - t0) / 1e6, n_eos, n_errors, n_failed);
  g_print ("error messages seen:\n");
  g_hash_table_foreach (error_kinds, print_error_kind, NULL);

  for (b = 0; b < 3; b++) {
    g_unlink (bases[b].path);
    g_free (bases[b].path);
    g_free (bases[b].chain);
    g_free (bases[b].data);
    g_array_unref (bases[b].starts);
  }
  for (i = 1; i <= 4; i++) {
    gchar *f = g_strdup_printf ("%s/node%u.rvcal", tmpdir, i);
    g_unlink (f);
    g_free (f);
  }
  {
    gchar *r = tmp ("base.result");
    g_unlink (r);
    g_free (r);
  }
  g_rmdir (tmpdir);
  g_free (tmpdir);
  g_free (baseline);
  g_free (self_exe);
  g_hash_table_unref (error_kinds);
  return n_failed == 0 ? 0 : 1;
}
