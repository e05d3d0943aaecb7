/* libruview — the binary frame record (see record.h, docs/record.md). */
#include "ruview/record.h"

#include <string.h>
#include <zlib.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the frame record views assume a little-endian host"
#endif

#define ALIGN8(x) (((x) + 7u) & ~(size_t) 7u)

/* header offsets shared by both kinds */
#define OFF_MAGIC     0
#define OFF_VERSION   4
#define OFF_FLAGS     8
#define OFF_SIZE      12
#define OFF_PTS       16
#define OFF_DURATION  24
#define OFF_TIMESTAMP 32
/* CSI */
#define OFF_LAYOUT    6
#define OFF_CALIB     40
#define OFF_NODE      48
#define OFF_SEQUENCE  52
#define OFF_FREQ      56
#define OFF_RSSI      60
#define OFF_NOISE     62
#define OFF_PPDU      64
#define OFF_HWFLAGS   65
#define OFF_BW        66
#define OFF_DIM0      68
#define OFF_DIM1      70
/* fused */
#define OFF_F_CYCLE   40
#define OFF_F_CALIB   48
#define OFF_F_NBINS   56
#define OFF_F_ACTIVE  60
#define OFF_F_COH     64
#define OFF_F_FCOH    68
#define OFF_F_NNODES  72
#define OFF_F_NRECS   76

#define NODE_ENTRY_SIZE    32
#define NODE_ENTRY_SIZE_V1 24

_Static_assert (sizeof (RvFusedRecordNode) == NODE_ENTRY_SIZE,
    "the node table is read in place");

static inline void
put_u16 (uint8_t * p, uint16_t v)
{
  memcpy (p, &v, 2);
}

static inline void
put_u32 (uint8_t * p, uint32_t v)
{
  memcpy (p, &v, 4);
}

static inline void
put_u64 (uint8_t * p, uint64_t v)
{
  memcpy (p, &v, 8);
}

static inline void
put_f32 (uint8_t * p, float v)
{
  memcpy (p, &v, 4);
}

static inline uint16_t
get_u16 (const uint8_t * p)
{
  uint16_t v;
  memcpy (&v, p, 2);
  return v;
}

static inline uint32_t
get_u32 (const uint8_t * p)
{
  uint32_t v;
  memcpy (&v, p, 4);
  return v;
}

static inline uint64_t
get_u64 (const uint8_t * p)
{
  uint64_t v;
  memcpy (&v, p, 8);
  return v;
}

static inline float
get_f32 (const uint8_t * p)
{
  float v;
  memcpy (&v, p, 4);
  return v;
}

const char *
rv_record_error_str (RvRecordError e)
{
  switch (e) {
    case RV_RECORD_OK:
      return "ok";
    case RV_RECORD_ERR_TRUNCATED:
      return "record truncated";
    case RV_RECORD_ERR_MAGIC:
      return "bad record magic";
    case RV_RECORD_ERR_VERSION:
      return "unsupported record version";
    case RV_RECORD_ERR_LAYOUT:
      return "unknown record layout";
    case RV_RECORD_ERR_SIZE:
      return "record size does not match its dimensions";
    case RV_RECORD_ERR_DIMENSIONS:
      return "record dimensions out of range";
    case RV_RECORD_ERR_ALIGNMENT:
      return "record bytes not 8-byte aligned";
    case RV_RECORD_ERR_CHECKSUM:
      return "record checksum mismatch";
  }
  return "unknown record error";
}

static int
dims_ok (unsigned d0, unsigned d1)
{
  return d0 > 0 && d1 > 0 && d0 <= RV_RECORD_MAX_DIM && d1 <= RV_RECORD_MAX_DIM;
}

size_t
rv_record_csi_size (RvLayout layout, unsigned dim0, unsigned dim1)
{
  if (!dims_ok (dim0, dim1))
    return 0;
  switch (layout) {
    case RV_LAYOUT_COMPLEX:
      return RV_RECORD_HEADER_SIZE + (size_t) dim0 * dim1 * 16u
          + ALIGN8 ((size_t) dim1 * 2u) + RV_RECORD_TRAILER_SIZE;
    case RV_LAYOUT_CANONICAL:
      return RV_RECORD_HEADER_SIZE + ALIGN8 ((size_t) dim0 * 4u)
          + ALIGN8 ((size_t) dim0 * dim1 * 2u * 4u) + RV_RECORD_TRAILER_SIZE;
  }
  return 0;
}

size_t
rv_record_fused_size (unsigned n_nodes, unsigned n_bins)
{
  /* n_bins may be 0: a cycle in which nothing was fused (a gap) */
  if (n_nodes > RV_RECORD_MAX_DIM || n_bins > RV_RECORD_MAX_DIM)
    return 0;
  return RV_RECORD_HEADER_SIZE + (size_t) n_nodes * NODE_ENTRY_SIZE
      + ALIGN8 ((size_t) n_bins * 2u * 4u) + RV_RECORD_TRAILER_SIZE;
}

static void csi_write_header (uint8_t * buf, const RvCsiFrame * f);
static void fused_write_header (uint8_t * buf, const RvFusedRecord * f);

/* The CRC-32 of a record's bytes before its trailer */
static uint32_t
record_crc (const uint8_t * buf, size_t size)
{
  return (uint32_t) crc32 (crc32 (0L, Z_NULL, 0), buf,
      (uInt) (size - RV_RECORD_TRAILER_SIZE));
}

/* Writes the trailer of the current-version record at buf (its size from
 * the header). */
static void
seal (uint8_t * buf)
{
  size_t size = get_u32 (buf + OFF_SIZE);
  put_u32 (buf + size - RV_RECORD_TRAILER_SIZE, record_crc (buf, size));
  put_u32 (buf + size - 4, 0);
}

RvRecordError
rv_record_peek (const uint8_t * bytes, size_t len, uint32_t * magic,
    uint32_t * record_size)
{
  uint32_t m;
  if (len < 16)
    return RV_RECORD_ERR_TRUNCATED;
  m = get_u32 (bytes + OFF_MAGIC);
  if (magic)
    *magic = m;
  if (record_size)
    *record_size = get_u32 (bytes + OFF_SIZE);
  if (m == RV_RECORD_MAGIC_CSI) {
    uint16_t v = get_u16 (bytes + OFF_VERSION);
    if (v < 1 || v > RV_RECORD_VERSION_CSI)
      return RV_RECORD_ERR_VERSION;
  } else if (m == RV_RECORD_MAGIC_FUSED) {
    uint16_t v = get_u16 (bytes + OFF_VERSION);
    if (v < 1 || v > RV_RECORD_VERSION_FUSED)
      return RV_RECORD_ERR_VERSION;
  } else {
    return RV_RECORD_ERR_MAGIC;
  }
  return RV_RECORD_OK;
}

unsigned
rv_record_version (const uint8_t * bytes, size_t len)
{
  return len < 6 ? 0u : get_u16 (bytes + OFF_VERSION);
}

int
rv_record_is_current (const uint8_t * bytes, size_t len)
{
  uint32_t m;
  unsigned v = rv_record_version (bytes, len);
  if (v == 0)
    return 0;
  m = get_u32 (bytes + OFF_MAGIC);
  return (m == RV_RECORD_MAGIC_CSI && v == RV_RECORD_VERSION_CSI)
      || (m == RV_RECORD_MAGIC_FUSED && v == RV_RECORD_VERSION_FUSED);
}

RvRecordError
rv_record_verify (const uint8_t * bytes, size_t len)
{
  uint32_t magic, size;
  RvRecordError e = rv_record_peek (bytes, len, &magic, &size);

  if (e != RV_RECORD_OK)
    return e;
  if (!rv_record_is_current (bytes, len))
    return RV_RECORD_ERR_VERSION;
  if (size < RV_RECORD_HEADER_SIZE + RV_RECORD_TRAILER_SIZE || (size & 7u))
    return RV_RECORD_ERR_SIZE;
  if (len < size)
    return RV_RECORD_ERR_TRUNCATED;
  if (get_u32 (bytes + size - RV_RECORD_TRAILER_SIZE) !=
      record_crc (bytes, size) || get_u32 (bytes + size - 4) != 0)
    return RV_RECORD_ERR_CHECKSUM;
  return RV_RECORD_OK;
}

static void
csi_point (uint8_t * buf, RvCsiFrame * f)
{
  uint8_t *p = buf + RV_RECORD_HEADER_SIZE;
  f->data = NULL;
  f->subcarrier_index = NULL;
  f->channel_freq_mhz = NULL;
  f->values = NULL;
  if (f->layout == RV_LAYOUT_COMPLEX) {
    f->data = (double *) (void *) p;
    f->subcarrier_index =
        (int16_t *) (void *) (p + (size_t) f->dim0 * f->dim1 * 16u);
  } else {
    f->channel_freq_mhz = (uint32_t *) (void *) p;
    f->values = (float *) (void *) (p + ALIGN8 ((size_t) f->dim0 * 4u));
  }
}

RvRecordError
rv_record_csi_init (uint8_t * buf, size_t size, RvLayout layout,
    unsigned dim0, unsigned dim1, RvCsiFrame * out)
{
  size_t need = rv_record_csi_size (layout, dim0, dim1);
  if (layout != RV_LAYOUT_COMPLEX && layout != RV_LAYOUT_CANONICAL)
    return RV_RECORD_ERR_LAYOUT;
  if (need == 0)
    return RV_RECORD_ERR_DIMENSIONS;
  if (size < need)
    return RV_RECORD_ERR_TRUNCATED;
  if (((uintptr_t) buf) & 7u)
    return RV_RECORD_ERR_ALIGNMENT;
  memset (buf, 0, need);
  memset (out, 0, sizeof (*out));
  out->layout = layout;
  out->dim0 = (uint16_t) dim0;
  out->dim1 = (uint16_t) dim1;
  out->pts_ns = RV_RECORD_NONE_NS;
  out->duration_ns = RV_RECORD_NONE_NS;
  csi_point (buf, out);
  put_u32 (buf + OFF_MAGIC, RV_RECORD_MAGIC_CSI);
  put_u16 (buf + OFF_VERSION, RV_RECORD_VERSION_CSI);
  buf[OFF_LAYOUT] = (uint8_t) layout;
  put_u32 (buf + OFF_SIZE, (uint32_t) need);
  put_u16 (buf + OFF_DIM0, (uint16_t) dim0);
  put_u16 (buf + OFF_DIM1, (uint16_t) dim1);
  csi_write_header (buf, out);
  return RV_RECORD_OK;
}

static void
csi_write_header (uint8_t * buf, const RvCsiFrame * f)
{
  put_u32 (buf + OFF_FLAGS, f->flags);
  put_u64 (buf + OFF_PTS, f->pts_ns);
  put_u64 (buf + OFF_DURATION, f->duration_ns);
  put_u64 (buf + OFF_TIMESTAMP, f->timestamp_us);
  put_u64 (buf + OFF_CALIB, f->calibration_id);
  put_u32 (buf + OFF_NODE, f->node_id);
  put_u32 (buf + OFF_SEQUENCE, f->sequence);
  put_u32 (buf + OFF_FREQ, f->freq_mhz);
  put_u16 (buf + OFF_RSSI, (uint16_t) f->rssi_dbm);
  put_u16 (buf + OFF_NOISE, (uint16_t) f->noise_floor_dbm);
  buf[OFF_PPDU] = f->ppdu_type;
  buf[OFF_HWFLAGS] = f->hw_flags;
  put_u16 (buf + OFF_BW, f->bandwidth_mhz);
}

void
rv_record_csi_sync (uint8_t * buf, const RvCsiFrame * f)
{
  csi_write_header (buf, f);
  seal (buf);
}

RvRecordError
rv_record_csi_parse (uint8_t * buf, size_t len, RvCsiFrame * out)
{
  uint32_t magic, size;
  RvRecordError e;
  unsigned layout, d0, d1;
  if (len < RV_RECORD_HEADER_SIZE)
    return RV_RECORD_ERR_TRUNCATED;
  e = rv_record_peek (buf, len, &magic, &size);
  if (e != RV_RECORD_OK)
    return e;
  if (magic != RV_RECORD_MAGIC_CSI)
    return RV_RECORD_ERR_MAGIC;
  if (rv_record_version (buf, len) != RV_RECORD_VERSION_CSI)
    return RV_RECORD_ERR_VERSION;
  if (((uintptr_t) buf) & 7u)
    return RV_RECORD_ERR_ALIGNMENT;
  layout = buf[OFF_LAYOUT];
  if (layout != RV_LAYOUT_COMPLEX && layout != RV_LAYOUT_CANONICAL)
    return RV_RECORD_ERR_LAYOUT;
  d0 = get_u16 (buf + OFF_DIM0);
  d1 = get_u16 (buf + OFF_DIM1);
  if (!dims_ok (d0, d1))
    return RV_RECORD_ERR_DIMENSIONS;
  if (size != rv_record_csi_size ((RvLayout) layout, d0, d1))
    return RV_RECORD_ERR_SIZE;
  if (len < size)
    return RV_RECORD_ERR_TRUNCATED;
  memset (out, 0, sizeof (*out));
  out->layout = (RvLayout) layout;
  out->flags = get_u32 (buf + OFF_FLAGS);
  out->pts_ns = get_u64 (buf + OFF_PTS);
  out->duration_ns = get_u64 (buf + OFF_DURATION);
  out->timestamp_us = get_u64 (buf + OFF_TIMESTAMP);
  out->calibration_id = get_u64 (buf + OFF_CALIB);
  out->node_id = get_u32 (buf + OFF_NODE);
  out->sequence = get_u32 (buf + OFF_SEQUENCE);
  out->freq_mhz = get_u32 (buf + OFF_FREQ);
  out->rssi_dbm = (int16_t) get_u16 (buf + OFF_RSSI);
  out->noise_floor_dbm = (int16_t) get_u16 (buf + OFF_NOISE);
  out->ppdu_type = buf[OFF_PPDU];
  out->hw_flags = buf[OFF_HWFLAGS];
  out->bandwidth_mhz = get_u16 (buf + OFF_BW);
  out->dim0 = (uint16_t) d0;
  out->dim1 = (uint16_t) d1;
  csi_point (buf, out);
  return RV_RECORD_OK;
}

static void
fused_point (uint8_t * buf, RvFusedRecord * f)
{
  uint8_t *p = buf + RV_RECORD_HEADER_SIZE;
  f->nodes = (RvFusedRecordNode *) (void *) p;
  p += (size_t) f->n_nodes * NODE_ENTRY_SIZE;
  f->fused_amplitude = (float *) (void *) p;
  f->fused_phase = f->fused_amplitude + f->n_bins;
}

RvRecordError
rv_record_fused_init (uint8_t * buf, size_t size, unsigned n_nodes,
    unsigned n_bins, RvFusedRecord * out)
{
  size_t need = rv_record_fused_size (n_nodes, n_bins);
  if (need == 0)
    return RV_RECORD_ERR_DIMENSIONS;
  if (size < need)
    return RV_RECORD_ERR_TRUNCATED;
  if (((uintptr_t) buf) & 7u)
    return RV_RECORD_ERR_ALIGNMENT;
  memset (buf, 0, need);
  memset (out, 0, sizeof (*out));
  out->n_nodes = n_nodes;
  out->n_bins = n_bins;
  out->pts_ns = RV_RECORD_NONE_NS;
  out->duration_ns = RV_RECORD_NONE_NS;
  fused_point (buf, out);
  put_u32 (buf + OFF_MAGIC, RV_RECORD_MAGIC_FUSED);
  put_u16 (buf + OFF_VERSION, RV_RECORD_VERSION_FUSED);
  put_u32 (buf + OFF_SIZE, (uint32_t) need);
  fused_write_header (buf, out);
  return RV_RECORD_OK;
}

static void
fused_write_header (uint8_t * buf, const RvFusedRecord * f)
{
  put_u32 (buf + OFF_FLAGS, f->flags);
  put_u64 (buf + OFF_PTS, f->pts_ns);
  put_u64 (buf + OFF_DURATION, f->duration_ns);
  put_u64 (buf + OFF_TIMESTAMP, f->timestamp_us);
  put_u64 (buf + OFF_F_CYCLE, f->cycle);
  put_u64 (buf + OFF_F_CALIB, f->calibration_id);
  put_u32 (buf + OFF_F_NBINS, f->n_bins);
  put_u32 (buf + OFF_F_ACTIVE, f->active_nodes);
  put_f32 (buf + OFF_F_COH, f->cross_node_coherence);
  put_f32 (buf + OFF_F_FCOH, f->freq_coherence);
  put_u32 (buf + OFF_F_NNODES, f->n_nodes);
  put_u32 (buf + OFF_F_NRECS, f->n_node_records);
}

void
rv_record_fused_sync (uint8_t * buf, const RvFusedRecord * f)
{
  fused_write_header (buf, f);
  seal (buf);
}

RvRecordError
rv_record_fused_parse (uint8_t * buf, size_t len, RvFusedRecord * out)
{
  uint32_t magic, size, n_nodes, n_bins;
  RvRecordError e;
  if (len < RV_RECORD_HEADER_SIZE)
    return RV_RECORD_ERR_TRUNCATED;
  e = rv_record_peek (buf, len, &magic, &size);
  if (e != RV_RECORD_OK)
    return e;
  if (magic != RV_RECORD_MAGIC_FUSED)
    return RV_RECORD_ERR_MAGIC;
  if (rv_record_version (buf, len) != RV_RECORD_VERSION_FUSED)
    return RV_RECORD_ERR_VERSION;
  if (((uintptr_t) buf) & 7u)
    return RV_RECORD_ERR_ALIGNMENT;
  n_nodes = get_u32 (buf + OFF_F_NNODES);
  n_bins = get_u32 (buf + OFF_F_NBINS);
  if (rv_record_fused_size (n_nodes, n_bins) == 0)
    return RV_RECORD_ERR_DIMENSIONS;
  if (size != rv_record_fused_size (n_nodes, n_bins))
    return RV_RECORD_ERR_SIZE;
  if (len < size)
    return RV_RECORD_ERR_TRUNCATED;
  memset (out, 0, sizeof (*out));
  out->flags = get_u32 (buf + OFF_FLAGS);
  out->pts_ns = get_u64 (buf + OFF_PTS);
  out->duration_ns = get_u64 (buf + OFF_DURATION);
  out->timestamp_us = get_u64 (buf + OFF_TIMESTAMP);
  out->cycle = get_u64 (buf + OFF_F_CYCLE);
  out->calibration_id = get_u64 (buf + OFF_F_CALIB);
  out->n_bins = n_bins;
  out->active_nodes = get_u32 (buf + OFF_F_ACTIVE);
  out->cross_node_coherence = get_f32 (buf + OFF_F_COH);
  out->freq_coherence = get_f32 (buf + OFF_F_FCOH);
  out->n_nodes = n_nodes;
  out->n_node_records = get_u32 (buf + OFF_F_NRECS);
  fused_point (buf, out);
  return RV_RECORD_OK;
}

/* Older versions: the same header; no trailer; fused version 1 has 24-byte
 * node entries.  The size a valid older record of this header must have
 * (0: not an older version, or invalid dimensions). */
static size_t
older_size (const uint8_t * src)
{
  uint32_t magic = get_u32 (src + OFF_MAGIC);
  unsigned v = get_u16 (src + OFF_VERSION);

  if (magic == RV_RECORD_MAGIC_CSI && v == 1) {
    unsigned layout = src[OFF_LAYOUT];
    size_t n;
    if (layout != RV_LAYOUT_COMPLEX && layout != RV_LAYOUT_CANONICAL)
      return 0;
    n = rv_record_csi_size ((RvLayout) layout, get_u16 (src + OFF_DIM0),
        get_u16 (src + OFF_DIM1));
    return n ? n - RV_RECORD_TRAILER_SIZE : 0;
  }
  if (magic == RV_RECORD_MAGIC_FUSED && (v == 1 || v == 2)) {
    uint32_t n_nodes = get_u32 (src + OFF_F_NNODES);
    uint32_t n_bins = get_u32 (src + OFF_F_NBINS);
    if (n_nodes > RV_RECORD_MAX_DIM || n_bins > RV_RECORD_MAX_DIM)
      return 0;
    return RV_RECORD_HEADER_SIZE + (size_t) n_nodes * (v == 1 ?
        NODE_ENTRY_SIZE_V1 : NODE_ENTRY_SIZE) + ALIGN8 ((size_t) n_bins * 8u);
  }
  return 0;
}

size_t
rv_record_upgrade_size (const uint8_t * src, size_t len)
{
  uint32_t magic, size;
  size_t old;

  if (len < RV_RECORD_HEADER_SIZE
      || rv_record_peek (src, len, &magic, &size) != RV_RECORD_OK)
    return 0;
  old = older_size (src);
  if (old == 0 || size != old || len < size)
    return 0;
  if (magic == RV_RECORD_MAGIC_FUSED)
    return rv_record_fused_size (get_u32 (src + OFF_F_NNODES),
        get_u32 (src + OFF_F_NBINS));
  return old + RV_RECORD_TRAILER_SIZE;
}

size_t
rv_record_upgrade (const uint8_t * src, size_t len, uint8_t * dst,
    size_t dst_len)
{
  size_t need = rv_record_upgrade_size (src, len), old;
  uint32_t magic = get_u32 (src + OFF_MAGIC), n_nodes, n_bins, i;

  if (need == 0 || dst_len < need || (((uintptr_t) dst) & 7u))
    return 0;
  old = get_u32 (src + OFF_SIZE);
  memset (dst, 0, need);
  if (magic == RV_RECORD_MAGIC_FUSED && rv_record_version (src, len) == 1) {
    /* the node entries grow from 24 to 32 bytes */
    n_nodes = get_u32 (src + OFF_F_NNODES);
    n_bins = get_u32 (src + OFF_F_NBINS);
    memcpy (dst, src, RV_RECORD_HEADER_SIZE);
    for (i = 0; i < n_nodes; i++)
      memcpy (dst + RV_RECORD_HEADER_SIZE + (size_t) i * NODE_ENTRY_SIZE,
          src + RV_RECORD_HEADER_SIZE + (size_t) i * NODE_ENTRY_SIZE_V1,
          NODE_ENTRY_SIZE_V1);
    memcpy (dst + RV_RECORD_HEADER_SIZE + (size_t) n_nodes * NODE_ENTRY_SIZE,
        src + RV_RECORD_HEADER_SIZE + (size_t) n_nodes * NODE_ENTRY_SIZE_V1,
        (size_t) n_bins * 2u * 4u);
  } else {
    memcpy (dst, src, old);
  }
  put_u16 (dst + OFF_VERSION, magic == RV_RECORD_MAGIC_CSI ?
      RV_RECORD_VERSION_CSI : RV_RECORD_VERSION_FUSED);
  put_u32 (dst + OFF_SIZE, (uint32_t) need);
  seal (dst);
  return need;
}

int16_t
rv_fft_order_index (unsigned k)
{
  unsigned b = k % 64u;
  return (int16_t) (b < 32u ? (int) b : (int) b - 64);
}
