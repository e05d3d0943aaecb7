/* csisrc file readers: one small file per recording format, and one for
 * the capture formats of other tools (rvreader-capture.c), whose decoders
 * live in libruview (ruview/capture.h).
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
#include "ruview/capture.h"

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
  RvIqOrder iq_order;           /* ADR-018 payloads (RuView JSONL) */
  RvCaptureOptions capture;     /* ESP32 text order, Nexmon chip */
  gint64 node_id;               /* node id of formats without one (-1: 0) */
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
  /* optional, for seeking: the reader's position before its next entry,
   * and going back to such a position (the format's entries stand alone).
   * NULL: a seek reads the file again from its start. */
  gint64 (*tell) (gpointer state);
  gboolean (*seek) (gpointer state, gint64 position);
} GstRvReaderFormat;

G_GNUC_INTERNAL extern const GstRvReaderFormat gst_rv_reader_record;
G_GNUC_INTERNAL extern const GstRvReaderFormat gst_rv_reader_jsonl;
G_GNUC_INTERNAL extern const GstRvReaderFormat gst_rv_reader_ruview;
G_GNUC_INTERNAL extern const GstRvReaderFormat gst_rv_reader_esp32_csi_tool;
G_GNUC_INTERNAL extern const GstRvReaderFormat gst_rv_reader_esp_csi;
G_GNUC_INTERNAL extern const GstRvReaderFormat gst_rv_reader_intel5300;
G_GNUC_INTERNAL extern const GstRvReaderFormat gst_rv_reader_nexmon;
G_GNUC_INTERNAL extern const GstRvReaderFormat gst_rv_reader_atheros;
G_GNUC_INTERNAL extern const GstRvReaderFormat gst_rv_reader_feitcsi;

/* What csisrc reads, for messages */
#define GST_RV_READER_FORMATS_TEXT \
  "ESP32-CSI-Tool and esp-csi CSV logs, Intel 5300 .dat logs, Nexmon " \
  "pcap/pcapng captures, Atheros and FeitCSI logs, RuView JSONL " \
  "recordings, JSON Lines frames and .rvcsi recordings"

/* Bytes csisrc peeks at before choosing a format */
#define GST_RV_READER_PROBE_SIZE 4096

/* The best format for these first bytes, or NULL if none scores above 0 */
G_GNUC_INTERNAL const GstRvReaderFormat *gst_rv_reader_find (const guint8 *
    head, gsize len);

/* The format of this name, or NULL */
G_GNUC_INTERNAL const GstRvReaderFormat *gst_rv_reader_find_by_name (const
    gchar * name);

/* ---- capture formats (rvreader-capture.c) ----
 *
 * A capture reader decodes a byte stream with a libruview decoder.  From
 * a file it reads the bytes itself; without one (a serial device) the
 * caller pushes bytes and next() returns GST_RV_READ_EOS when it needs
 * more.  Frames from a file get PTS = the record's device time − the first
 * record's, going on from the last PTS (DISCONT) when the device clock
 * steps back; frames of a pushed stream get the arrival time given with
 * the bytes. */
typedef struct _GstRvCaptureReader GstRvCaptureReader;

/* A reader of pushed bytes.  fmt NULL: the format is recognised from the
 * first line a line-based format claims (lines before are skipped). */
G_GNUC_INTERNAL GstRvCaptureReader *gst_rv_capture_reader_new_stream (const
    RvCaptureFormat * fmt, const GstRvReaderOptions * opts);
G_GNUC_INTERNAL void gst_rv_capture_reader_push (GstRvCaptureReader * r,
    const guint8 * data, gsize len, GstClockTime arrival);
/* Forget buffered bytes and the decoder's state (a reopened device); the
 * format stays. */
G_GNUC_INTERNAL void gst_rv_capture_reader_reset (GstRvCaptureReader * r);
G_GNUC_INTERNAL GstRvReadResult gst_rv_capture_reader_next (GstRvCaptureReader
    * r, GstBuffer ** out, const gchar ** reason);
/* The decoder in use, NULL while none is recognised */
G_GNUC_INTERNAL const RvCaptureFormat *gst_rv_capture_reader_format (
    GstRvCaptureReader * r);
G_GNUC_INTERNAL void gst_rv_capture_reader_free (GstRvCaptureReader * r);

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
