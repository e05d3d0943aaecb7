/* libgstruview — GstRvWitnessMeta: the engine's trusted output of a fused
 * cycle (engine.md §4.3: effective privacy class, provenance, BLAKE3
 * witness, mesh report, recalibration advice), attached by rvwitness.
 *
 * The meta carries the engine's RvTrustedOutput by value (no pointers), so a
 * copied meta is a plain struct copy.
 *
 * Tag: the API is tagged GST_RV_META_TAG_CONTENT_STR.  The witness vouches
 * for the evidence computed from this frame's payload, so a transform that
 * writes a new payload must not forward it.  With GStreamer's rules this
 * does exactly that: GstBaseTransform's default transform_meta copies only
 * untagged metas into a *new* output buffer (content-changing transforms
 * drop the witness), while in-place elements keep the buffer's metas (a
 * writable buffer is not copied at all, and gst_buffer_copy() of a
 * non-writable one copies every meta that is not memory-tagged). */
#ifndef GST_RUVIEW_WITNESS_META_H
#define GST_RUVIEW_WITNESS_META_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "ruview/engine.h"

G_BEGIN_DECLS

#define GST_RV_WITNESS_META_API_TYPE (gst_rv_witness_meta_api_get_type ())
#define GST_RV_WITNESS_META_INFO (gst_rv_witness_meta_get_info ())

typedef struct
{
  GstMeta meta;

  RvPrivacyMode mode;           /* the engine's privacy mode this cycle */
  RvTrustedOutput output;       /* witness, effective class, provenance, … */
} GstRvWitnessMeta;

GST_RUVIEW_API GType gst_rv_witness_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_witness_meta_get_info (void);

/* Adds a meta holding a copy of output (transfer none, nullable).  A witness
 * meta already on the buffer (an earlier rvwitness) is replaced, so a buffer
 * never carries two witnesses. */
GST_RUVIEW_API
GstRvWitnessMeta *gst_buffer_add_rv_witness_meta (GstBuffer * buffer,
    RvPrivacyMode mode, const RvTrustedOutput * output);

#define gst_buffer_get_rv_witness_meta(b) \
  ((GstRvWitnessMeta *) gst_buffer_get_meta ((b), GST_RV_WITNESS_META_API_TYPE))

/* The privacy rule for published output: FALSE when the buffer carries a
 * witness meta whose mode enforces DropRaw or whose effective class is
 * Restricted (rv_privacy_raw_allowed) — raw per-node data (the node CSI
 * records) must then not be published; rvwitness has already removed them
 * from the buffer.  TRUE otherwise (no witness meta: nothing was decided). */
GST_RUVIEW_API
gboolean gst_rv_buffer_raw_publish_allowed (GstBuffer * buffer);

/* Lower-case hex of the 32-byte witness into hex[65]. */
GST_RUVIEW_API
void gst_rv_witness_to_hex (const guint8 witness[32], gchar hex[65]);

G_END_DECLS
#endif
