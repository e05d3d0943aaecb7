/* What the publishing benchmarks share: real sensing_update documents
 * and the process's CPU time and resident memory. */
#ifndef RV_BENCH_DOCS_H
#define RV_BENCH_DOCS_H

#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

/* cycles documents: the synthetic room (4 nodes × 100 frames/s, 20 frames
 * per 20 Hz cycle) through the whole chain into rvmetaconvert
 * format=sensing-update, not live; *bytes = their mean size */
static inline GPtrArray *
make_documents (guint cycles, guint * bytes)
{
  /* 4 nodes × 100 frames/s: 20 frames per 20 Hz cycle */
  gchar *desc = g_strdup_printf ("csisrc num-buffers=%u ! rvphasealign ! "
      "rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack ! "
      "rvwitness ! rvmetaconvert format=sensing-update ! appsink name=out "
      "sync=false", (cycles + 2) * 20);
  GstElement *p = gst_parse_launch (desc, NULL);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (p), "out");
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  GstSample *s;
  guint64 total = 0;

  g_free (desc);
  gst_element_set_state (p, GST_STATE_PLAYING);
  while (docs->len < cycles
      && (s = gst_app_sink_pull_sample (GST_APP_SINK (sink)))) {
    GstBuffer *b = gst_buffer_ref (gst_sample_get_buffer (s));
    total += gst_buffer_get_size (b);
    g_ptr_array_add (docs, b);
    gst_sample_unref (s);
  }
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (p);
  *bytes = docs->len ? (guint) (total / docs->len) : 0;
  return docs;
}

static inline gdouble
cpu_s (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
      (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static inline glong
rss_kib (void)
{
  glong pages = 0, rss = 0;
  FILE *f = fopen ("/proc/self/statm", "r");
  if (f) {
    if (fscanf (f, "%ld %ld", &pages, &rss) != 2)
      rss = 0;
    fclose (f);
  }
  return rss * (sysconf (_SC_PAGESIZE) / 1024);
}

#endif
