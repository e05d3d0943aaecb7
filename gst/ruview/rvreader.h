/* csisrc file readers: one small file per capture format.
 *
 * A format is a constant vtable.  csisrc peeks at the first bytes of the
 * file, asks every format's probe() for a score (0 = not mine, 100 =
 * certain) and opens the best one.  next() then returns one buffer per
 * call, already timestamped (PTS/DURATION on the buffer and pts_ns /
 * duration_ns in the record), or says why it produced none:
 *   SKIPPED    a valid record/line that carries no CSI frame (vitals,
 *              features, unknown document types): counted, not logged;
 *   MALFORMED  a record/line that could not be decoded: counted, logged
 *              at WARNING with *reason, skipped;
 *   EOS        end of file;
 *   ERROR      an I/O error (*reason says which).
 * Readers never abort on content; they resynchronise on the next record or
 * line.  Adding a format = one file with a GstRvReaderFormat plus one line
 * in gst_rv_reader_formats (rvreader.c). */
#ifndef __GST_RV_READER_H__
#define __GST_RV_READER_H__

#include <stdio.h>
#include <gst/gst.h>

#include "ruview/adr018.h"

G_BEGIN_DECLS

typedef enum
{
  GST_RV_READ_OK = 0,
  GST_RV_READ_SKIPPED,
  GST_RV_READ_MALFORMED,
  GST_RV_READ_EOS,
  GST_RV_READ_ERROR
} GstRvReadResult;

/* Options a reader may honour */
typedef struct
{
  RvIqOrder iq_order;           /* for formats carrying raw int8 I/Q pairs */
} GstRvReaderOptions;

typedef struct
{
  const gchar *name;
  /* score of the first len bytes of the file (len may be short) */
  guint (*probe) (const guint8 * head, gsize len);
  /* the reader reads fp from its start; it does not own fp */
  gpointer (*open) (FILE * fp, const GstRvReaderOptions * opts);
  /* *out: a csi buffer (one RVCF record) or, when *fused is set, a fused
   * buffer (memory 0 the RVFU record, memories 1..n its node records) */
  GstRvReadResult (*next) (gpointer state, GstBuffer ** out, gboolean * fused,
      const gchar ** reason);
  void (*close) (gpointer state);
} GstRvReaderFormat;

G_GNUC_INTERNAL extern const GstRvReaderFormat gst_rv_reader_record;
G_GNUC_INTERNAL extern const GstRvReaderFormat gst_rv_reader_jsonl;
G_GNUC_INTERNAL extern const GstRvReaderFormat gst_rv_reader_ruview;

/* Bytes csisrc peeks at before choosing a format */
#define GST_RV_READER_PROBE_SIZE 4096

/* The best format for these first bytes, or NULL if none scores above 0 */
G_GNUC_INTERNAL const GstRvReaderFormat *gst_rv_reader_find (const guint8 *
    head, gsize len);

/* Shared by the line-based readers: read the next non-blank line, trailing
 * whitespace (newline, CR) removed, into *line / *cap (grown as needed,
 * reused across calls).  Returns its length (≥ 1), or -1 at end of file or
 * on a read error (tell them apart with ferror). */
G_GNUC_INTERNAL gssize gst_rv_reader_read_line (FILE * fp, gchar ** line,
    gsize * cap);

/* Shared by the JSON readers: TRUE if the first non-blank line of head
 * contains needle (a cheap content probe). */
G_GNUC_INTERNAL gboolean gst_rv_reader_first_line_has (const guint8 * head,
    gsize len, const gchar * needle);

G_END_DECLS
#endif
