/* libgstruview — how metas reach JSON.
 *
 * Every GstMeta of this project is defined in libgstruview (registered once)
 * and registers a serializer here when its GstMetaInfo is first created.
 * rvmetaconvert writes each meta on a buffer as one JSON member
 * ("key": {...}), in ascending `order` (the pipeline stage order), so the
 * document does not depend on the order metas were attached. */
#ifndef GST_RUVIEW_META_H
#define GST_RUVIEW_META_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "ruview/json.h"

G_BEGIN_DECLS

/* Writes the meta's JSON value (an object) — the key is written by the
 * caller.  `full` asks for every array (rvmetaconvert detail=full). */
typedef void (*GstRvMetaSerializeFunc) (const GstMeta * meta,
    RvJsonWriter * w, gboolean full);

/* Stage order of the built-in metas (lower first). */
enum
{
  GST_RV_META_ORDER_DRIFT = 10,         /* rvcalibrate */
  GST_RV_META_ORDER_QUALITY = 20,       /* rvmultistaticfuse */
  GST_RV_META_ORDER_CIR = 30,           /* rvcirgate */
  GST_RV_META_ORDER_GATE = 31,          /* rvcirgate */
  GST_RV_META_ORDER_OCCUPANCY = 40,     /* rvtomography */
  GST_RV_META_ORDER_SENSING = 45,       /* rvposetrack */
  GST_RV_META_ORDER_POSE = 50,          /* rvposetrack */
  GST_RV_META_ORDER_WITNESS = 60        /* rvwitness */
};

GST_RUVIEW_API
void gst_rv_meta_register_serializer (GType api, const gchar * key,
    gint order, GstRvMetaSerializeFunc func);

/* Writes every registered meta of buf as members of the open JSON object,
 * in stage order.  Returns the number written. */
GST_RUVIEW_API
guint gst_rv_meta_serialize_all (GstBuffer * buf, RvJsonWriter * w,
    gboolean full);

G_END_DECLS
#endif
