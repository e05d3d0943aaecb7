/* libgstruview — GstRvWitnessMeta: the engine's trusted output of a fused
 * cycle (engine.md §4.3: effective privacy class, provenance, BLAKE3
 * witness, mesh report, recalibration advice), attached by rvwitness.
 *
 * The full structure, for the project's own elements; applications use
 * the accessors of rvwitnessmeta.h.  The meta carries the engine's
 * RvTrustedOutput by value (no pointers), so a copied meta is a plain
 * struct copy.
 *
 * Tag: the API is tagged GST_RV_META_TAG_CONTENT_STR.  The witness vouches
 * for the evidence computed from this frame's payload, so a transform that
 * writes a new payload must not forward it.  With GStreamer's rules this
 * does exactly that: GstBaseTransform's default transform_meta copies only
 * untagged metas into a *new* output buffer (content-changing transforms
 * drop the witness), while in-place elements keep the buffer's metas (a
 * writable buffer is not copied at all, and gst_buffer_copy() of a
 * non-writable one copies every meta that is not memory-tagged). */
#ifndef GST_RUVIEW_WITNESS_META_PRIVATE_H
#define GST_RUVIEW_WITNESS_META_PRIVATE_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "gst/ruview/rvwitnessmeta.h"
#include "ruview/engine.h"

G_BEGIN_DECLS

struct _GstRvWitnessMeta
{
  GstMeta meta;

  RvPrivacyMode mode;           /* the engine's privacy mode this cycle */
  RvTrustedOutput output;       /* witness, effective class, provenance, … */
  gchar hex[65];                /* the witness in hex */
  guint64 engine_error_count;   /* cycles the engine refused so far */
};

/* Adds a meta holding a copy of output (transfer none, nullable).  A witness
 * meta already on the buffer (an earlier rvwitness) is replaced, so a buffer
 * never carries two witnesses. */
GST_RUVIEW_API
GstRvWitnessMeta *gst_buffer_add_rv_witness_meta (GstBuffer * buffer,
    RvPrivacyMode mode, const RvTrustedOutput * output);

G_END_DECLS
#endif
