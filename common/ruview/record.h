/* libruview — the binary frame record (docs/record.md).
 *
 * One record = one frame.  Little-endian, 8-byte aligned, self-sized
 * (record_size), versioned, and (current versions) ending with an 8-byte
 * trailer: the CRC-32 (zlib's) of every byte before it, then 4 zero bytes.
 * Two kinds:
 *   "RVCF" a CSI frame of one node (layout complex or canonical),
 *   "RVFU" a fused cycle; the n_node_records CSI records that went into it
 *          follow it immediately (in a GstBuffer as appended memories, in a
 *          file as the next records).
 * The record is also the recording format (.rvcsi): a file is a plain
 * concatenation of records.
 *
 * Parsing is zero-copy: a view points into the record bytes, which must be
 * 8-byte aligned.  Nothing here allocates. */
#ifndef RUVIEW_RECORD_H
#define RUVIEW_RECORD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RV_RECORD_MAGIC_CSI    0x46435652u      /* bytes "RVCF" */
#define RV_RECORD_MAGIC_FUSED  0x55465652u      /* bytes "RVFU" */
#define RV_RECORD_VERSION_CSI   2      /* 1: no trailer (read by upgrade) */
#define RV_RECORD_VERSION_FUSED 3      /* 2: no trailer; 1: node entries without
                                         * RSSI either (both read by upgrade) */
#define RV_RECORD_HEADER_SIZE  80
#define RV_RECORD_TRAILER_SIZE 8       /* CRC-32 of the bytes before it, 0 */
#define RV_RECORD_NONE_NS      UINT64_MAX       /* no PTS / no duration */
#define RV_RECORD_MAX_SIZE     (64u * 1024u * 1024u)
#define RV_RECORD_MAX_DIM      4096

typedef enum
{
  RV_LAYOUT_COMPLEX = 0,        /* streams × subcarriers complex f64 */
  RV_LAYOUT_CANONICAL = 1       /* channels × (amplitude f32[n], phase f32[n]) */
} RvLayout;

/* CSI record flags */
#define RV_CSI_FLAG_CALIBRATED     (1u << 0)
#define RV_CSI_FLAG_PHASE_ALIGNED  (1u << 1)
#define RV_CSI_FLAG_HAS_CALIB_ID   (1u << 2)

/* Fused record flags */
#define RV_FUSED_FLAG_CALIBRATED   (1u << 0)
#define RV_FUSED_FLAG_HAS_CALIB_ID (1u << 1)

typedef enum
{
  RV_RECORD_OK = 0,
  RV_RECORD_ERR_TRUNCATED,      /* fewer bytes than the header or record_size */
  RV_RECORD_ERR_MAGIC,
  RV_RECORD_ERR_VERSION,
  RV_RECORD_ERR_LAYOUT,
  RV_RECORD_ERR_SIZE,           /* record_size inconsistent with the dimensions */
  RV_RECORD_ERR_DIMENSIONS,     /* a dimension is 0 or above RV_RECORD_MAX_DIM */
  RV_RECORD_ERR_ALIGNMENT,      /* the bytes are not 8-byte aligned */
  RV_RECORD_ERR_CHECKSUM        /* the trailer's CRC-32 does not match the bytes */
} RvRecordError;

const char *rv_record_error_str (RvRecordError e);

/* A CSI frame: the header fields plus pointers into the record payload. */
typedef struct
{
  RvLayout layout;
  uint32_t flags;               /* RV_CSI_FLAG_* */
  uint64_t pts_ns;              /* buffer PTS, RV_RECORD_NONE_NS if none */
  uint64_t duration_ns;         /* buffer DURATION, RV_RECORD_NONE_NS if none */
  uint64_t timestamp_us;        /* device / recorded time */
  uint64_t calibration_id;      /* valid iff RV_CSI_FLAG_HAS_CALIB_ID */
  uint32_t node_id;
  uint32_t sequence;
  uint32_t freq_mhz;
  int16_t rssi_dbm;
  int16_t noise_floor_dbm;
  uint8_t ppdu_type;            /* ADR-018 byte 18 */
  uint8_t hw_flags;             /* ADR-018 byte 19 */
  uint16_t bandwidth_mhz;       /* 0 = unknown */
  /* complex: dim0 = streams, dim1 = subcarriers
   * canonical: dim0 = channels, dim1 = bins */
  uint16_t dim0, dim1;

  /* complex: data[(s*subcarriers + k)*2 + {0,1}] = re, im (f64)
   *          subcarrier_index[k] = signed subcarrier number of column k */
  double *data;
  int16_t *subcarrier_index;
  /* canonical: channel c has freq channel_freq_mhz[c],
   *            amplitude at values + c*2*bins, phase at values + c*2*bins + bins */
  uint32_t *channel_freq_mhz;
  float *values;
} RvCsiFrame;

static inline float *
rv_csi_amplitude (const RvCsiFrame * f, unsigned c)
{
  return f->values + (size_t) c * 2u * f->dim1;
}

static inline float *
rv_csi_phase (const RvCsiFrame * f, unsigned c)
{
  return f->values + (size_t) c * 2u * f->dim1 + f->dim1;
}

/* Node status in a fused cycle */
typedef enum
{
  RV_NODE_ABSENT = 0,           /* expected but delivered nothing in time */
  RV_NODE_FUSED = 1,            /* its frame went into the fusion */
  RV_NODE_REJECTED = 2          /* delivered, but not usable (dimension mismatch…) */
} RvNodeStatus;

/* One entry of the fused record's node table (32 bytes, the record layout).
 * The scalars a publisher needs per node (RSSI, noise floor, sequence) are
 * here, so they survive when the raw node records are removed (privacy). */
typedef struct
{
  uint32_t node_id;
  uint32_t status;              /* RvNodeStatus */
  float weight;                 /* attention weight (0 when not fused) */
  uint32_t record_index;        /* index of its CSI record after the fused record, or UINT32_MAX */
  uint64_t timestamp_us;
  int16_t rssi_dbm;             /* of the frame it delivered; 0 = unknown */
  int16_t noise_floor_dbm;      /* 0 = unknown */
  uint32_t sequence;            /* of the frame it delivered */
} RvFusedRecordNode;

typedef struct
{
  uint32_t flags;               /* RV_FUSED_FLAG_* */
  uint64_t pts_ns;
  uint64_t duration_ns;
  uint64_t timestamp_us;        /* upper median of the fused nodes' timestamps */
  uint64_t cycle;               /* cycle counter since start */
  uint64_t calibration_id;      /* modal id, valid iff RV_FUSED_FLAG_HAS_CALIB_ID */
  uint32_t n_bins;
  uint32_t active_nodes;        /* nodes fused */
  float cross_node_coherence;   /* after the CIR blend, if any */
  float freq_coherence;         /* attention-weight coherence */
  uint32_t n_nodes;             /* entries in nodes[] */
  uint32_t n_node_records;      /* CSI records that follow */
  RvFusedRecordNode *nodes;
  float *fused_amplitude;       /* n_bins */
  float *fused_phase;           /* n_bins */
} RvFusedRecord;

/* Size in bytes of a record of the current version with these dimensions,
 * trailer included (0 if invalid). */
size_t rv_record_csi_size (RvLayout layout, unsigned dim0, unsigned dim1);
size_t rv_record_fused_size (unsigned n_nodes, unsigned n_bins);

/* Peek at a record start: magic and record_size (needs 16 bytes).  Accepts
 * every version this library reads (the older ones included, see
 * rv_record_upgrade). */
RvRecordError rv_record_peek (const uint8_t * bytes, size_t len,
    uint32_t * magic, uint32_t * record_size);

/* The record version at a record start (needs 6 bytes; 0 if shorter). */
unsigned rv_record_version (const uint8_t * bytes, size_t len);

/* Whether the record at bytes is of the current version of its kind (needs
 * 6 bytes). */
int rv_record_is_current (const uint8_t * bytes, size_t len);

/* The trailer of a current-version record against its bytes: OK, or
 * ERR_CHECKSUM when they differ (a damaged record); ERR_VERSION for a
 * record of an older version (it has no trailer), the peek and size errors
 * otherwise.  The only check of the record's content: parse does not
 * verify (buffers are checked where they come from a file). */
RvRecordError rv_record_verify (const uint8_t * bytes, size_t len);

/* A record of an older version rewritten as the current one into dst
 * (8-aligned, at least rv_record_upgrade_size bytes), sealed with its
 * checksum: a version-1 CSI record; a version-1 fused record (24-byte node
 * entries: the RSSI, noise floor and sequence it lacks are 0, unknown) or a
 * version-2 one.  Returns the new record's size, 0 if src is not a valid
 * record of an older version or dst is too small. */
size_t rv_record_upgrade_size (const uint8_t * src, size_t len);
size_t rv_record_upgrade (const uint8_t * src, size_t len, uint8_t * dst,
    size_t dst_len);

/* Lay out an empty record in buf (size = rv_record_*_size, 8-aligned,
 * zero-filled by this call) and point the view's arrays into it; the
 * caller then fills the fields and arrays and calls rv_record_*_sync to
 * write the header fields back into the bytes and seal the record (its
 * checksum over everything, payload included: sync after the last change;
 * a record that was laid out but never synced is not sealed). */
RvRecordError rv_record_csi_init (uint8_t * buf, size_t size, RvLayout layout,
    unsigned dim0, unsigned dim1, RvCsiFrame * out);
void rv_record_csi_sync (uint8_t * buf, const RvCsiFrame * f);
RvRecordError rv_record_fused_init (uint8_t * buf, size_t size,
    unsigned n_nodes, unsigned n_bins, RvFusedRecord * out);
void rv_record_fused_sync (uint8_t * buf, const RvFusedRecord * f);

/* Parse a record of the current version (validates magic, version,
 * layout, dimensions, size; not the checksum: rv_record_verify). */
RvRecordError rv_record_csi_parse (uint8_t * buf, size_t len, RvCsiFrame * out);
RvRecordError rv_record_fused_parse (uint8_t * buf, size_t len, RvFusedRecord * out);

/* Signed subcarrier number of column k when the columns are 64-bin blocks
 * in natural FFT order (ESP32 LLTF / HT-LTF, frontend.md §2.4). */
int16_t rv_fft_order_index (unsigned k);

#ifdef __cplusplus
}
#endif
#endif
