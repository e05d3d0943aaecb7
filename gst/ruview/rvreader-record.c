/* csisrc reader: our binary frame record, .rvcsi (docs/record.md).
 *
 * The file is a plain concatenation of records.  An "RVCF" record becomes
 * a csi buffer; an "RVFU" record and the n_node_records "RVCF" records that
 * follow it become one fused buffer (memory 0 + one memory per node
 * record), so the buffer bytes are exactly the file bytes.  Records of
 * the current versions are checked against their CRC-32 trailer; records of
 * older versions (no trailer) are upgraded to the current version on the
 * way.  PTS/DURATION come from the record's pts_ns/duration_ns.  A bad
 * header or a checksum mismatch resynchronises on the next "RVCF"/"RVFU"
 * magic after the record's start.
 *
 * A fused recording stays a fused stream: a cycle with a bad or missing
 * node record is dropped whole (its remaining node records are skipped),
 * and a csi record met outside a cycle in a file that has carried fused
 * cycles (after a resync) is skipped as an orphan, so csisrc never switches
 * caps in the middle of a fused recording. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "rvreader.h"
#include "gst/ruview/rvbuffer.h"

#define PEEK_SIZE 16

typedef struct
{
  FILE *fp;
  gboolean eof;
  gboolean fused_stream;        /* a fused cycle was read from this file */
} RecordReader;

static guint
record_probe (const guint8 * head, gsize len)
{
  guint32 magic;
  if (rv_record_peek (head, len, &magic, NULL) == RV_RECORD_OK)
    return 100;
  if (len >= 4 && (memcmp (head, "RVCF", 4) == 0
          || memcmp (head, "RVFU", 4) == 0))
    return 60;
  return 0;
}

static gpointer
record_open (FILE * fp, const GstRvReaderOptions * opts)
{
  RecordReader *r = g_new0 (RecordReader, 1);
  r->fp = fp;
  return r;
}

static void
record_close (gpointer state)
{
  g_free (state);
}

/* Skip to the next record magic after a bad record that starts at start
 * (the next magic may start at any byte after its first). */
static void
record_resync (RecordReader * r, long start)
{
  guint8 win[4] = { 0, 0, 0, 0 };
  int c;

  if (start < 0 || fseek (r->fp, start + 1, SEEK_SET) != 0) {
    r->eof = TRUE;
    return;
  }
  while ((c = fgetc (r->fp)) != EOF) {
    memmove (win, win + 1, 3);
    win[3] = (guint8) c;
    if (memcmp (win, "RVCF", 4) == 0 || memcmp (win, "RVFU", 4) == 0) {
      if (fseek (r->fp, -4, SEEK_CUR) != 0)
        r->eof = TRUE;
      return;
    }
  }
  r->eof = TRUE;
}

/* Read one record into a new aligned memory; *magic says which kind. */
static GstRvReadResult
record_read_one (RecordReader * r, GstMemory ** out, guint32 * magic,
    const gchar ** reason)
{
  guint8 head[PEEK_SIZE];
  guint32 size;
  size_t n;
  GstMemory *mem;
  GstMapInfo map;
  RvRecordError e;
  long start;

  *out = NULL;
  if (r->eof)
    return GST_RV_READ_EOS;
  start = ftell (r->fp);
  n = fread (head, 1, PEEK_SIZE, r->fp);
  if (n == 0) {
    if (ferror (r->fp)) {
      *reason = "read error";
      return GST_RV_READ_ERROR;
    }
    return GST_RV_READ_EOS;
  }
  if (n < PEEK_SIZE) {
    r->eof = TRUE;
    *reason = "truncated record at end of file";
    return GST_RV_READ_MALFORMED;
  }
  e = rv_record_peek (head, n, magic, &size);
  if (e != RV_RECORD_OK || size < RV_RECORD_HEADER_SIZE
      || size > RV_RECORD_MAX_SIZE || (size & 7u) != 0) {
    *reason = e != RV_RECORD_OK ? rv_record_error_str (e)
        : "record size out of range";
    record_resync (r, start);
    return GST_RV_READ_MALFORMED;
  }
  mem = gst_allocator_alloc (NULL, size,
      (GstAllocationParams *) gst_rv_record_alloc_params ());
  if (!mem || !gst_memory_map (mem, &map, GST_MAP_WRITE)) {
    if (mem)
      gst_memory_unref (mem);
    *reason = "cannot allocate record memory";
    return GST_RV_READ_ERROR;
  }
  memcpy (map.data, head, PEEK_SIZE);
  n = fread (map.data + PEEK_SIZE, 1, size - PEEK_SIZE, r->fp);
  if (n < size - PEEK_SIZE) {
    gst_memory_unmap (mem, &map);
    gst_memory_unref (mem);
    r->eof = TRUE;
    *reason = "truncated record at end of file";
    return GST_RV_READ_MALFORMED;
  }
  if (!rv_record_is_current (map.data, size)) {
    /* an older version: no checksum to verify; rewritten as the current
     * one (sealed) */
    GstMemory *up;
    GstMapInfo umap;
    gsize usize = rv_record_upgrade_size (map.data, size);

    up = usize ? gst_allocator_alloc (NULL, usize,
        (GstAllocationParams *) gst_rv_record_alloc_params ()) : NULL;
    if (up && gst_memory_map (up, &umap, GST_MAP_WRITE)) {
      usize = rv_record_upgrade (map.data, size, umap.data, usize);
      gst_memory_unmap (up, &umap);
    } else {
      usize = 0;
    }
    gst_memory_unmap (mem, &map);
    gst_memory_unref (mem);
    if (usize == 0) {
      if (up)
        gst_memory_unref (up);
      *reason = "bad record of an older version";
      return GST_RV_READ_MALFORMED;
    }
    mem = up;
    size = (guint32) usize;
    gst_memory_map (mem, &map, GST_MAP_READ);
  } else if ((e = rv_record_verify (map.data, size)) != RV_RECORD_OK) {
    /* damaged: its size may be too, so look for the next record from
     * just after its start */
    gst_memory_unmap (mem, &map);
    gst_memory_unref (mem);
    *reason = rv_record_error_str (e);
    record_resync (r, start);
    return GST_RV_READ_MALFORMED;
  }
  if (*magic == RV_RECORD_MAGIC_CSI) {
    RvCsiFrame f;
    e = rv_record_csi_parse (map.data, size, &f);
  } else {
    RvFusedRecord f;
    e = rv_record_fused_parse (map.data, size, &f);
  }
  gst_memory_unmap (mem, &map);
  if (e != RV_RECORD_OK) {
    gst_memory_unref (mem);
    *reason = rv_record_error_str (e);
    return GST_RV_READ_MALFORMED;
  }
  *out = mem;
  return GST_RV_READ_OK;
}

/* Skip up to n csi records (the rest of a dropped cycle); stops early at
 * anything that is not one. */
static void
skip_records (RecordReader * r, guint n)
{
  guint8 head[PEEK_SIZE];
  guint32 magic, size;

  while (n-- > 0 && !r->eof) {
    long pos = ftell (r->fp);
    if (fread (head, 1, PEEK_SIZE, r->fp) != PEEK_SIZE
        || rv_record_peek (head, PEEK_SIZE, &magic, &size) != RV_RECORD_OK
        || magic != RV_RECORD_MAGIC_CSI || size < RV_RECORD_HEADER_SIZE
        || size > RV_RECORD_MAX_SIZE || (size & 7u) != 0
        || fseek (r->fp, (long) size - PEEK_SIZE, SEEK_CUR) != 0) {
      if (pos < 0 || fseek (r->fp, pos, SEEK_SET) != 0)
        r->eof = TRUE;
      return;
    }
  }
}

static GstRvReadResult
record_next (gpointer state, GstBuffer ** out, gboolean * fused,
    const gchar ** reason)
{
  RecordReader *r = state;
  GstMemory *mem;
  GstMapInfo map;
  guint32 magic, i, n_nodes = 0;
  guint64 pts, dur;
  GstRvReadResult res;
  GstBuffer *buf;

  *out = NULL;
  *fused = FALSE;
  res = record_read_one (r, &mem, &magic, reason);
  if (res != GST_RV_READ_OK)
    return res;
  if (magic == RV_RECORD_MAGIC_CSI && r->fused_stream) {
    gst_memory_unref (mem);
    *reason = "node record outside a fused cycle";
    return GST_RV_READ_MALFORMED;
  }

  gst_memory_map (mem, &map, GST_MAP_READ);
  if (magic == RV_RECORD_MAGIC_CSI) {
    RvCsiFrame f;
    rv_record_csi_parse (map.data, map.size, &f);
    pts = f.pts_ns;
    dur = f.duration_ns;
  } else {
    RvFusedRecord f;
    rv_record_fused_parse (map.data, map.size, &f);
    pts = f.pts_ns;
    dur = f.duration_ns;
    n_nodes = f.n_node_records;
    r->fused_stream = TRUE;
  }
  gst_memory_unmap (mem, &map);

  buf = gst_buffer_new ();
  gst_buffer_append_memory (buf, mem);
  for (i = 0; i < n_nodes; i++) {
    guint32 m;
    res = record_read_one (r, &mem, &m, reason);
    if (res == GST_RV_READ_OK && m != RV_RECORD_MAGIC_CSI) {
      gst_memory_unref (mem);
      /* the non-csi record is lost with the fused one */
      res = GST_RV_READ_MALFORMED;
      *reason = "fused record followed by a non-csi record";
    }
    if (res != GST_RV_READ_OK) {
      gst_buffer_unref (buf);
      if (res == GST_RV_READ_EOS) {
        *reason = "fused record without all its node records";
        res = GST_RV_READ_MALFORMED;
      } else if (res == GST_RV_READ_MALFORMED) {
        /* the whole cycle goes: skip the node records that remain */
        skip_records (r, n_nodes - i - 1);
      }
      return res;
    }
    gst_buffer_append_memory (buf, mem);
  }

  GST_BUFFER_FLAG_UNSET (buf, GST_BUFFER_FLAG_TAG_MEMORY);
  GST_BUFFER_PTS (buf) = pts == RV_RECORD_NONE_NS ? GST_CLOCK_TIME_NONE : pts;
  GST_BUFFER_DURATION (buf) =
      dur == RV_RECORD_NONE_NS ? GST_CLOCK_TIME_NONE : dur;
  *fused = magic == RV_RECORD_MAGIC_FUSED;
  *out = buf;
  return GST_RV_READ_OK;
}

/* records stand alone: a position before one is a place to resume */
static gint64
record_tell (gpointer state)
{
  RecordReader *r = state;
  return ftell (r->fp);
}

static gboolean
record_seek (gpointer state, gint64 position)
{
  RecordReader *r = state;
  clearerr (r->fp);
  r->eof = fseek (r->fp, (long) position, SEEK_SET) != 0;
  return !r->eof;
}

const GstRvReaderFormat gst_rv_reader_record = {
  "rvcsi",
  record_probe,
  record_open,
  record_next,
  record_close,
  record_tell,
  record_seek,
};
